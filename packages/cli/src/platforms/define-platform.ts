import type { FederatedIdentityCredential } from "@azfed/core";
import type { Option } from "commander";
import type { CliIo } from "../cli-io";
import type { CliPlatform, PlatformOptionValues } from "./cli-platform";
import type { PlatformFlag } from "./platform-flags";

// Every key of every member of a union (AWS's subject options are "roleArn" or "account"+"roleName").
type OptionName<Options> = Options extends unknown ? keyof Options & string : never;
type OptionValue<Options, Name extends string> = Options extends unknown
  ? Name extends keyof Options
    ? Exclude<Options[Name], undefined>
    : never
  : never;

/**
 * A platform's flags, keyed by the names of its builders' options: `--pull-request` is the entry
 * `pullRequest`, and its {@link PlatformFlag} must give what the option takes. A misspelt name or a
 * flag of the wrong kind does not compile.
 *
 * @example
 * ```ts
 * const flags: PlatformFlags<GitHubSubjectOptions> = { repository: textFlag("<owner/repo>", "the repository") };
 * ```
 */
export type PlatformFlags<Options> = {
  readonly [Name in OptionName<Options>]?: PlatformFlag<OptionValue<Options, Name>>;
};

/**
 * What a platform module writes for `azfed subject` and `azfed fic`: a {@link CliPlatform} whose flags
 * are {@link PlatformFlags} of `Options` (the FIC builder's options, plus any flags that
 * `resolveValues` consumes) and whose builders take `Options`.
 *
 * @example
 * ```ts
 * const definition: PlatformDefinition<GcpFederatedCredentialOptions> = {
 *   name: "gcp", aliases: [], provider: "gcp", title: "Google Cloud",
 *   subjectFlags: { uniqueId: textFlag("<digits>", "the service account's unique ID") },
 *   credentialFlags: { issuer: textFlag("<url>", "the token issuer") },
 *   subject: gcpSubject, federatedCredential: gcpFederatedCredential,
 *   flexible: false, subjectExamples: [], credentialExamples: [],
 * };
 * ```
 */
export interface PlatformDefinition<Options extends object>
  extends Omit<
    CliPlatform,
    "subjectOptions" | "credentialOptions" | "resolveValues" | "subject" | "federatedCredential"
  > {
  /** Flags of the subject builder, shared by `azfed subject` and `azfed fic`. */
  readonly subjectFlags: PlatformFlags<Options>;
  /** Flags the FIC builder adds: issuer parts (the command adds audience, name and description). */
  readonly credentialFlags: PlatformFlags<Options>;
  /** See {@link CliPlatform.resolveValues}; the values are typed as the builders' options. */
  resolveValues?(
    values: Partial<Options>,
    io: CliIo,
  ): Promise<{ readonly values: Partial<Options>; readonly notes: readonly string[] }>;
  /** The subject builder; it checks every value, required ones included, and names the option. */
  subject(options: Options): string;
  /** The FIC builder, which checks its options the same way. */
  federatedCredential(options: Options): FederatedIdentityCredential;
}

/**
 * A {@link CliPlatform} from a typed definition: each flag is named after the builder option it fills
 * (`pullRequest` becomes `--pull-request`, which commander parses back to `pullRequest`), and its value
 * reaches the builder as the option's type, so the compiler checks the mapping and no cast is needed.
 *
 * @example
 * ```ts
 * export const gcpPlatform = definePlatform<GcpFederatedCredentialOptions>({
 *   name: "gcp", aliases: ["google-cloud"], provider: "gcp", title: "Google Cloud",
 *   subjectFlags: { uniqueId: textFlag("<digits>", "the service account's numeric unique ID") },
 *   credentialFlags: { issuer: textFlag("<url>", "the token issuer") },
 *   subject: gcpSubject,
 *   federatedCredential: gcpFederatedCredential,
 *   flexible: false,
 *   subjectExamples: ["azfed subject gcp --unique-id 112233445566778899001"],
 *   credentialExamples: ["azfed fic gcp --unique-id 112233445566778899001 --format az"],
 * });
 * ```
 */
export function definePlatform<Options extends object>(definition: PlatformDefinition<Options>): CliPlatform {
  const { subjectFlags, credentialFlags, resolveValues, subject, federatedCredential, ...described } =
    definition;
  const flags = [...namedFlags(subjectFlags), ...namedFlags(credentialFlags)];
  const typed = (values: PlatformOptionValues): Options => builderOptions(flags, values);
  return {
    ...described,
    subjectOptions: () => namedFlags(subjectFlags).map(({ option }) => option),
    credentialOptions: () => namedFlags(credentialFlags).map(({ option }) => option),
    ...(resolveValues && {
      resolveValues: async (values: PlatformOptionValues, io: CliIo) => {
        const resolved = await resolveValues(typed(values), io);
        return { values: { ...resolved.values }, notes: resolved.notes };
      },
    }),
    subject: (values) => subject(typed(values)),
    federatedCredential: (values) => federatedCredential(typed(values)),
  };
}

interface NamedFlag {
  readonly name: string;
  readonly flag: PlatformFlag<unknown>;
  readonly option: Option;
}

function namedFlags<Options>(flags: PlatformFlags<Options>): NamedFlag[] {
  const entries: [string, PlatformFlag<unknown> | undefined][] = Object.entries(flags);
  return entries.flatMap(([name, flag]) => {
    if (flag === undefined) return [];
    const option = flag.option(`--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`);
    if (option.attributeName() !== name) {
      throw new Error(`the flag ${option.long} parses to ${option.attributeName()}, not the option ${name}`);
    }
    return [{ name, flag, option }];
  });
}

/**
 * The one place where the flag values become the builder's options: each flag's value was read as its
 * option's type (which {@link PlatformFlags} makes the compiler check); values that are no flag's come
 * from `resolveValues`, typed as `Partial<Options>`, or are the `fic` command's audience, name and
 * description. Options the user left out stay out: the builder reports a missing required one by name,
 * which `withFlagNames` turns into the flag to add.
 */
function builderOptions<Options extends object>(
  flags: readonly NamedFlag[],
  values: PlatformOptionValues,
): Options {
  const options: Record<string, unknown> = { ...values };
  for (const { name, flag } of flags) {
    const value = flag.read(values[name]);
    if (value === undefined) delete options[name];
    else options[name] = value;
  }
  return options as Options;
}
