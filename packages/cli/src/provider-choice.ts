import { InvalidInputError } from "@azfed/core";
import { defaultProviders, namedOnlyProviders } from "@azfed/identity";
import type { CliIo } from "./cli-io";
import { CLI_PLATFORMS, platformProviderName } from "./platforms/all-platforms";

/**
 * The provider `azfed token` and `azfed doctor` were told to use, checked in the command line's
 * words before `DefaultFederatedCredential` sees it: the `--provider` flag (a provider name, or a
 * platform name or alias of `azfed fic`: `github`, `k8s`, …), mapped to its provider name; without
 * the flag, `undefined` (the credential then reads `AZFED_PROVIDER` itself, or detects).
 *
 * A name no provider has is an {@link InvalidInputError} that names where it came from (`--provider`,
 * or `AZFED_PROVIDER` when the flag was not given), lists the names that work, and says how to fix
 * it: the library's own error would speak of its `provider` option, which no command-line user set.
 *
 * @throws {@link InvalidInputError} when `--provider`, or without it `AZFED_PROVIDER`, names no provider.
 * @example
 * ```ts
 * providerChoice("github", { env: {} }); // "github-actions"
 * providerChoice(undefined, { env: { AZFED_PROVIDER: "gitlab" } }); // undefined: the credential reads it
 * providerChoice("nope", { env: {} }); // throws: Invalid --provider: got "nope"; expected …
 * ```
 */
export function providerChoice(
  flag: string | undefined,
  { env, dispatcher }: Pick<CliIo, "env" | "dispatcher">,
): string | undefined {
  // The names `findProvider` accepts: the detected providers', then the named-only ones'.
  const providers = [
    ...new Set(
      [...defaultProviders({ env, dispatcher }), ...namedOnlyProviders({ env, dispatcher })].map(
        (provider) => provider.name,
      ),
    ),
  ];
  if (flag !== undefined) {
    const name = platformProviderName(flag) ?? flag;
    if (providers.includes(name)) return name;
    throw new InvalidInputError({
      field: "--provider",
      value: flag,
      expected: `a provider name (${quoted(providers)}) or a platform name of \`azfed fic\` (${quoted(platformNames(providers))})`,
      fix: `pass one of these, e.g. \`--provider ${providers[0] ?? "github-actions"}\`, or leave --provider out to detect the platform`,
    });
  }
  const fromEnvironment = env.AZFED_PROVIDER;
  if (fromEnvironment && !providers.includes(fromEnvironment)) {
    throw new InvalidInputError({
      field: "AZFED_PROVIDER",
      value: fromEnvironment,
      expected: `a provider name (${quoted(providers)})`,
      fix: "set AZFED_PROVIDER to one of these, pass --provider <name> (it wins over AZFED_PROVIDER and also takes the platform names of `azfed fic`), or unset AZFED_PROVIDER to detect the platform",
    });
  }
  return undefined;
}

/** The command-line names and aliases of the `azfed fic` platforms that are not provider names. */
function platformNames(providers: readonly string[]): string[] {
  return CLI_PLATFORMS.flatMap((platform) => [platform.name, ...platform.aliases]).filter(
    (name) => !providers.includes(name),
  );
}

function quoted(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(", ");
}
