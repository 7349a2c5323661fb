import { type FederatedIdentityCredential, validateFederatedIdentityCredential } from "@azfed/core";
import { GUID_PATTERN } from "@azfed/core/provider";
import { type Command, Option } from "commander";
import type { CommandContext } from "../command-context";
import { flexibleCredential } from "../flexible-credential";
import { FIC_FORMATS, type FicFormat, type FicTarget } from "../formats/fic-target";
import { renderFic } from "../formats/render-fic";
import { examples } from "../help-examples";
import { CLI_PLATFORMS } from "../platforms/all-platforms";
import type { CliPlatform } from "../platforms/cli-platform";
import { pickOptionValues, resolvePlatformValues, withFlagNames } from "../platforms/platform-values";
import { UsageError } from "../usage-error";

interface FicCommandOptions {
  readonly format: FicFormat;
  readonly json?: boolean | undefined;
  readonly flexible?: boolean | undefined;
  readonly app?: string | undefined;
  readonly identity?: string | undefined;
  readonly resourceGroup?: string | undefined;
}

// Managed identity and resource group names: at most 128 / 90 characters of these (Unicode letters allowed).
const AZURE_RESOURCE_NAME = /^[\p{L}\p{N}_().-]{1,128}$/u;

/**
 * Adds `azfed fic <platform> [flags]`: a complete, valid federated identity credential from the
 * platform package's builder, as JSON, the `az` command, the Microsoft Graph request body, Bicep or
 * Terraform. `--flexible` makes a `claimsMatchingExpression` (GitHub, with
 * `--require-repository-id` or `--require-owner-id`, and GitLab).
 *
 * @example
 * ```ts
 * registerFicCommand(program, context);
 * // azfed fic github --repository contoso/app --branch main --format az --app <client-id>
 * ```
 */
export function registerFicCommand(program: Command, context: CommandContext): void {
  const fic = program
    .command("fic")
    .summary("write the federated identity credential a platform needs")
    .description(
      "Write a complete, valid federated identity credential (name, issuer, subject, audiences, description) for a platform, as JSON, as the az command that creates it, as the Microsoft Graph request body, as Bicep or as Terraform. Run `azfed fic <platform> --help` for the platform's flags.",
    )
    .addHelpText(
      "after",
      examples(
        CLI_PLATFORMS.map((platform) => platform.credentialExamples[0] ?? `azfed fic ${platform.name}`),
      ),
    );

  for (const platform of CLI_PLATFORMS) {
    const builderOptions = [
      ...platform.subjectOptions(),
      ...platform.credentialOptions(),
      new Option("--audience <aud>", "the token's audience (default api://AzureADTokenExchange)"),
      new Option("--name <name>", "the FIC's name (default derived from the flags)"),
      new Option("--description <text>", "the FIC's description (default derived from the flags)"),
    ];
    const flexibleFlags = platform.flexible === false ? [] : platform.flexible.extraClaims;
    const command = fic
      .command(platform.name)
      .aliases([...platform.aliases])
      .summary(`a FIC for ${platform.title}`)
      .description(
        `Write the federated identity credential that ${platform.title} tokens for the given flags match.\n\n${
          platform.appRegistrationOnly
            ? "Target: --app <client-id>, the app registration that trusts the token (a FIC for an Entra-issued token goes on an app registration only). Without it, the output has a placeholder to fill in."
            : "Targets: --app <client-id> for an app registration; --identity <name> and --resource-group <group> for a user-assigned managed identity. Without them, json, az and graph target an app registration and bicep and terraform a managed identity, with placeholders to fill in."
        }`,
      );
    for (const option of builderOptions) command.addOption(option);
    command
      .addOption(new Option("--format <format>", "output format").choices([...FIC_FORMATS]).default("json"))
      .option("--json", "the same as --format json")
      .option("--app <client-id>", "the app registration's Application (client) ID");
    // --identity and --resource-group stay accepted (for the clear error below) but are hidden from
    // the help of a platform whose FIC goes on an app registration only.
    command
      .addOption(
        new Option("--identity <name>", "the user-assigned managed identity's name").hideHelp(
          platform.appRegistrationOnly === true,
        ),
      )
      .addOption(
        new Option("--resource-group <group>", "the managed identity's resource group").hideHelp(
          platform.appRegistrationOnly === true,
        ),
      );
    if (platform.flexible !== false) {
      command.option(
        "--flexible",
        "a flexible FIC (preview, app registrations only): * and ? in flag values are wildcards, and the subject becomes a claimsMatchingExpression",
      );
      for (const extra of flexibleFlags) command.option(extra.flags, extra.description);
    }
    command
      .addHelpText("after", examples(platform.credentialExamples))
      .action(async (parsed: Record<string, unknown>) => {
        const options = parsed as unknown as FicCommandOptions;
        const format = resolveFormat(options, command);
        const target = resolveTarget(options, format, platform);
        const values = await resolvePlatformValues(
          platform,
          pickOptionValues(parsed, builderOptions),
          context,
        );
        const extraClaimPatterns: Record<string, string> = {};
        for (const extra of flexibleFlags) {
          const key = new Option(extra.flags).attributeName();
          const pattern = parsed[key];
          if (typeof pattern !== "string") continue;
          if (!options.flexible) {
            throw new UsageError(
              `${extra.flags.split(" ")[0]} only applies to a flexible FIC; add --flexible`,
            );
          }
          extraClaimPatterns[extra.claim] = pattern;
        }
        const credential = withFlagNames(builderOptions, values, () =>
          options.flexible
            ? flexibleCredential(platform, values, extraClaimPatterns)
            : platform.federatedCredential(values),
        );
        checkCredential(credential, target, platform, context);
        context.io.stdout.write(renderFic(format, credential, target));
      });
  }
}

function resolveFormat(options: FicCommandOptions, command: Command): FicFormat {
  if (!options.json) return options.format;
  if (command.getOptionValueSource("format") === "cli" && options.format !== "json") {
    throw new UsageError(`--json and --format ${options.format} exclude each other; keep one`);
  }
  return "json";
}

function resolveTarget(options: FicCommandOptions, format: FicFormat, platform: CliPlatform): FicTarget {
  const { app, identity, resourceGroup } = options;
  if (platform.appRegistrationOnly && (identity !== undefined || resourceGroup !== undefined)) {
    throw new UsageError(
      `a ${platform.title} FIC goes on an app registration only (an Entra-issued token cannot be a federated credential of a managed identity): use --app <client-id> instead of --identity/--resource-group`,
    );
  }
  if (app !== undefined && (identity !== undefined || resourceGroup !== undefined)) {
    throw new UsageError(
      "--app names an app registration and --identity/--resource-group a managed identity; a FIC belongs to one of them, keep one",
    );
  }
  if (app !== undefined) {
    if (!GUID_PATTERN.test(app)) {
      throw new UsageError(
        `--app expects the app registration's Application (client) ID, a GUID such as 00000000-0000-0000-0000-000000000000; got ${JSON.stringify(app)}`,
      );
    }
    return { kind: "application", appId: app };
  }
  if (identity !== undefined || resourceGroup !== undefined) {
    for (const [flag, value] of [
      ["--identity", identity],
      ["--resource-group", resourceGroup],
    ] as const) {
      if (value !== undefined && !AZURE_RESOURCE_NAME.test(value)) {
        throw new UsageError(
          `${flag} expects an Azure resource name (letters, digits, "-", "_", ".", "(", ")"; no spaces or line breaks); got ${JSON.stringify(value)}`,
        );
      }
    }
    return {
      kind: "managedIdentity",
      ...(identity === undefined ? {} : { identityName: identity }),
      ...(resourceGroup === undefined ? {} : { resourceGroup }),
    };
  }
  if (options.flexible || platform.appRegistrationOnly) return { kind: "application" };
  return format === "bicep" || format === "terraform" ? { kind: "managedIdentity" } : { kind: "application" };
}

/** Runs core's validator on what the builder made: errors refuse to print it, warnings go to stderr. */
function checkCredential(
  credential: FederatedIdentityCredential,
  target: FicTarget,
  platform: CliPlatform,
  context: CommandContext,
): void {
  const result = validateFederatedIdentityCredential(credential, { kind: target.kind });
  if (!result.valid) {
    const wildcard = result.errors.some((problem) => problem.rule === "subject-wildcard");
    throw new UsageError(
      [
        `these flags give a ${platform.title} FIC that Entra would refuse:`,
        ...result.errors.map((problem) => `  ${problem.field} (${problem.rule}): ${problem.message}`),
        ...(wildcard && platform.flexible !== false ? ["Add --flexible to use * and ? as wildcards."] : []),
        ...(result.errors.some((problem) => problem.rule === "expression-required-claims") &&
        platform.flexible !== false
          ? [
              `Add ${platform.flexible.extraClaims
                .filter((extra) => extra.claim.endsWith("_id"))
                .map((extra) => extra.flags)
                .join(" or ")}.`,
            ]
          : []),
      ].join("\n"),
    );
  }
  for (const warning of result.warnings) context.warn(`${warning.message} (rule: ${warning.rule})`);
}
