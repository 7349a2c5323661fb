import { AuthenticationError, formatDiagnosis, InvalidInputError } from "@azfed/core";
import { DefaultFederatedCredential } from "@azfed/identity";
import type { Command } from "commander";
import type { CommandContext } from "../command-context";
import { detectPlatform } from "../doctor/detect-platform";
import { noPlatformAdvice } from "../doctor/no-platform-advice";
import { refusalCodes } from "../entra-refusal";
import { ExitCode, type ExitCodeValue } from "../exit-code";
import { examples } from "../help-examples";
import { jsonError } from "../json-error";
import { providerChoice } from "../provider-choice";
import { UsageError } from "../usage-error";

interface TokenOptions {
  readonly scope: string;
  readonly provider?: string | undefined;
  readonly tenantId?: string | undefined;
  readonly clientId?: string | undefined;
  readonly authorityHost?: string | undefined;
  readonly json?: boolean | undefined;
}

/**
 * The scope `azfed token` asks for without `--scope`: Azure Resource Manager, as
 * `az account get-access-token` does.
 * @see https://learn.microsoft.com/cli/azure/account#az-account-get-access-token
 */
const DEFAULT_SCOPE = "https://management.azure.com/.default";

/**
 * Adds `azfed token [--scope <scope>]`: an access token for scripts through `DefaultFederatedCredential`,
 * like `az account get-access-token` (and, like it, for Azure Resource Manager unless `--scope` says
 * otherwise). The token alone goes to stdout (or `--json` with its expiry); this is the only command
 * that ever prints a token.
 *
 * @example
 * ```ts
 * registerTokenCommand(program, context);
 * // TOKEN=$(azfed token --scope https://management.azure.com/.default)
 * ```
 */
export function registerTokenCommand(program: Command, context: CommandContext): void {
  program
    .command("token")
    .summary("print an access token for scripts")
    .description(
      "Get a Microsoft Entra access token through DefaultFederatedCredential (platform detected, no secret) and print it: the raw token on stdout, or with --json the token and its expiry, like `az account get-access-token` (and, like it, for Azure Resource Manager unless --scope names another resource). Errors and Entra's diagnosis go to stderr.",
    )
    .option("--scope <scope>", "the scope, e.g. https://storage.azure.com/.default", DEFAULT_SCOPE)
    .option(
      "--provider <name>",
      "use this provider instead of detecting (like AZFED_PROVIDER); the platform names of `azfed fic` work too",
    )
    .option("--tenant-id <id>", "the tenant (default AZURE_TENANT_ID or the platform's)")
    .option("--client-id <id>", "the app or managed identity (default AZURE_CLIENT_ID or the platform's)")
    .option("--authority-host <url>", "Entra's host (default AZURE_AUTHORITY_HOST, else the public cloud)")
    .option("--json", "print { accessToken, tokenType, expiresOn, expiresOnTimestamp } as JSON")
    .addHelpText(
      "after",
      examples([
        "azfed token",
        // Blob Storage refuses a bearer token without x-ms-version 2017-11-09 or later (2025-01-05 is
        // the current version): https://learn.microsoft.com/en-us/rest/api/storageservices/versioning-for-the-azure-storage-services
        // (as served, checked 2026-12-07).
        'curl -H "Authorization: Bearer $(azfed token --scope https://storage.azure.com/.default)" -H "x-ms-version: 2025-01-05" "https://contoso.blob.core.windows.net/builds?restype=container&comp=list"',
        "azfed token --scope https://vault.azure.net/.default --json",
      ]),
    )
    .action(async (options: TokenOptions) => {
      context.exitCode = await printToken(options, context);
    });
}

async function printToken(options: TokenOptions, context: CommandContext): Promise<ExitCodeValue> {
  const { io } = context;
  const label = context.err.red("azfed: error:");
  let provider = providerChoice(options.provider, io);
  if (provider || !io.env.AZFED_PROVIDER) {
    // Detect here, to tell someone on a laptop (no platform, none named) what to do instead, and
    // someone who named a provider why it cannot be used, in the command line's words; the
    // credential then uses the provider found without detecting the others again.
    const detection = await detectPlatform(io, provider);
    if (!detection.selection) {
      if (provider) {
        const reason = detection.reports[0]?.reason ?? "it is not available";
        const message = `--provider ${options.provider} selects the ${provider} provider, but it cannot be used here: ${reason}`;
        context.printError(`${label} ${message}`);
        context.printError(
          "Fix: run the command inside that platform's job or pod, or leave --provider out to detect the platform.",
        );
        if (options.json) {
          context.print(jsonError("CredentialUnavailableError", message, ExitCode.problemFound));
        }
        return ExitCode.problemFound;
      }
      const advice = noPlatformAdvice("azfed token");
      context.printError(`${label} ${advice.join("\n")}`);
      context.printError("Each provider's reason:");
      for (const entry of detection.reports) context.printError(`  - ${entry.provider}: ${entry.reason}`);
      if (options.json) {
        context.print(
          jsonError("CredentialUnavailableError", "no platform detected", ExitCode.problemFound, {
            advice,
            reports: detection.reports,
          }),
        );
      }
      return ExitCode.problemFound;
    }
    provider = detection.selection.provider.name;
  }
  const credential = new DefaultFederatedCredential({
    env: io.env,
    dispatcher: io.dispatcher,
    ...(provider ? { provider } : {}),
    ...(options.tenantId ? { tenantId: options.tenantId } : {}),
    ...(options.clientId ? { clientId: options.clientId } : {}),
    ...(options.authorityHost ? { authorityHost: options.authorityHost } : {}),
  });
  try {
    const token = await credential.getToken(options.scope);
    if (options.json) {
      context.print(
        JSON.stringify(
          {
            accessToken: token.token,
            tokenType: token.tokenType ?? "Bearer",
            expiresOn: new Date(token.expiresOnTimestamp).toISOString(),
            expiresOnTimestamp: token.expiresOnTimestamp,
          },
          null,
          2,
        ),
      );
    } else {
      context.print(token.token);
    }
    return ExitCode.success;
  } catch (error) {
    if (error instanceof InvalidInputError && /^scopes?\b/.test(error.field)) {
      throw new UsageError(`${error.message} (flag --scope)`, { cause: error });
    }
    if (error instanceof AuthenticationError) {
      const headline = `Entra refused the exchange: ${refusalCodes(error)}`;
      context.printError(`${label} ${headline}`);
      context.printError(formatDiagnosis(error.diagnosis));
      if (options.json) {
        context.print(
          jsonError(error.name, headline, ExitCode.problemFound, {
            aadsts: error.aadsts,
            correlationId: error.correlationId,
            diagnosis: error.diagnosis,
          }),
        );
      }
    } else {
      const message = error instanceof Error ? error.message : String(error);
      context.printError(`${label} ${message}`);
      if (options.json) {
        context.print(
          jsonError(error instanceof Error ? error.name : "Error", message, ExitCode.problemFound),
        );
      }
    }
    return ExitCode.problemFound;
  }
}
