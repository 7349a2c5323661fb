import {
  type AssertionClaims,
  AuthenticationError,
  azFederatedCredentialCommands,
  credentialFix,
  type Diagnosis,
  decodeAssertion,
  diagnoseEntraError,
  type EntraCloud,
  type FederatedCredentialMatch,
  type FederatedIdentityCredential,
  FederatedTokenCredential,
  federatedCredentialFromClaims,
  formatDiagnosis,
  issuerPlatform,
  matchFederatedCredential,
} from "@azfed/core";
import {
  cloudForAuthorityHost,
  exchangeAudienceFor,
  redact,
  resolveIdentity,
  shorten,
} from "@azfed/core/provider";
import type { Command } from "commander";
import { checkFicFile, shownProblem } from "../check-fic-file";
import type { CommandContext } from "../command-context";
import { claimsObject, claimsReport } from "../doctor/claims-report";
import { detectPlatform } from "../doctor/detect-platform";
import { doctorIssuer } from "../doctor/issuer-doctor";
import { noPlatformAdvice } from "../doctor/no-platform-advice";
import { relativeTime } from "../doctor/relative-time";
import { refusalCodes } from "../entra-refusal";
import { ExitCode, type ExitCodeValue } from "../exit-code";
import { readFicFile } from "../fic-file";
import { examples } from "../help-examples";
import { jsonReport, PROBLEM_FOUND } from "../json-error";
import { providerChoice } from "../provider-choice";

interface DoctorOptions {
  readonly issuer?: string | undefined;
  readonly fic?: string | undefined;
  readonly exchange?: boolean | undefined;
  readonly scope: string;
  readonly audience?: string | undefined;
  readonly provider?: string | undefined;
  readonly tenantId?: string | undefined;
  readonly clientId?: string | undefined;
  readonly authorityHost?: string | undefined;
  readonly json?: boolean | undefined;
}

/** What `azfed doctor --json` prints. */
interface DoctorReport {
  ficFile?: Record<string, unknown> | undefined;
  platform?: Record<string, unknown> | undefined;
  audience?: string | undefined;
  claims?: Record<string, unknown> | undefined;
  federatedCredentials?: Record<string, unknown> | undefined;
  exchange?: Record<string, unknown> | undefined;
  problems: string[];
}

const DEFAULT_SCOPE = "https://management.azure.com/.default";

/**
 * Adds `azfed doctor`: run inside the job or pod, it detects the platform, fetches its token and
 * prints the claims that matter (never the token); `--fic <file>` says which FIC matches or the
 * nearest one and each differing field; `--exchange` asks Entra and explains its answer.
 *
 * @example
 * ```ts
 * registerDoctorCommand(program, context);
 * // azfed doctor --fic fics.json --exchange
 * ```
 */
export function registerDoctorCommand(program: Command, context: CommandContext): void {
  program
    .command("doctor")
    .summary("diagnose federation from inside the job or pod")
    .description(
      "Run inside the pipeline job or pod. Detects the platform as DefaultFederatedCredential does, fetches its OIDC token and prints the claims a federated identity credential must match (the token itself is never printed). With --fic, says which credential matches or, if none, the nearest one and each field that differs. With --exchange, asks Entra for an access token and explains its answer. Exits 1 when it finds a problem.",
    )
    .option(
      "--issuer <url>",
      "check only what Entra needs of this OIDC issuer (https, discovery document, its issuer, jwks_uri, RS256 keys with use sig); no platform token is fetched",
    )
    .option(
      "--fic <file>",
      "FICs to match the token against (JSON, or `az ad app federated-credential list` output)",
    )
    .option("--exchange", "also exchange the token with Entra and explain the answer")
    .option("--scope <scope>", "the scope for --exchange", DEFAULT_SCOPE)
    .option(
      "--audience <aud>",
      "the audience to request the token for (default: the cloud's own exchange audience, api://AzureADTokenExchange in the public cloud)",
    )
    .option(
      "--provider <name>",
      "use this provider instead of detecting (like AZFED_PROVIDER); the platform names of `azfed fic` work too",
    )
    .option("--tenant-id <id>", "tenant for --exchange (default AZURE_TENANT_ID or the platform's)")
    .option("--client-id <id>", "client for --exchange (default AZURE_CLIENT_ID or the platform's)")
    .option(
      "--authority-host <url>",
      "Entra's host for --exchange (default AZURE_AUTHORITY_HOST, else the public cloud)",
    )
    .option("--json", "print the findings as JSON")
    .addHelpText(
      "after",
      examples([
        "azfed doctor",
        "azfed doctor --fic fics.json",
        "az ad app federated-credential list --id $AZURE_CLIENT_ID > fics.json && azfed doctor --fic fics.json --exchange",
        "azfed doctor --exchange --scope https://storage.azure.com/.default --json",
        "azfed doctor --issuer https://gitlab.example.com",
      ]),
    )
    .action(async (options: DoctorOptions) => {
      context.exitCode = await doctor(options, context);
    });
}

async function doctor(options: DoctorOptions, context: CommandContext): Promise<ExitCodeValue> {
  if (options.issuer !== undefined) {
    return doctorIssuer(options.issuer, { json: options.json, dispatcher: context.io.dispatcher }, context);
  }
  const { io, out } = context;
  // A provider name no provider has is a usage error, before anything is read or fetched.
  const chosen = providerChoice(options.provider, io);
  const report: DoctorReport = { problems: [] };
  const say = (line = "") => {
    if (!options.json) context.print(redact(line));
  };
  const finish = (): ExitCodeValue => {
    const found = report.problems.length > 0;
    if (options.json) {
      context.print(
        jsonReport(
          { ...report },
          found
            ? { type: PROBLEM_FOUND, message: report.problems.join("; "), exitCode: ExitCode.problemFound }
            : undefined,
        ),
      );
    }
    return found ? ExitCode.problemFound : ExitCode.success;
  };
  const problem = (text: string) => {
    report.problems.push(text);
    say(`  ${out.red("✗")} ${text}`);
  };

  // 0. The FIC file first: a file that cannot be read or is not JSON ends the run (exit 2) before
  // any platform is asked for a token; then its credentials are checked against Entra's rules, so
  // a credential Entra would refuse shows even where no platform answers (on a laptop, say).
  const ficFile = options.fic === undefined ? undefined : await readFicFile(options.fic, io);
  if (ficFile !== undefined) {
    const cloud = knownCloud(options.authorityHost ?? io.env.AZURE_AUTHORITY_HOST);
    const result = checkFicFile(ficFile, cloud === undefined ? {} : { cloud });
    const errors = result.errors.map(shownProblem);
    const warnings = result.warnings.map(shownProblem);
    const count = ficFile.items.length;
    report.ficFile = { source: ficFile.source, count, valid: result.valid, errors, warnings };
    say(
      `${out.bold("FIC file")} ${out.dim(`(${ficFile.source}, ${count} credential${count === 1 ? "" : "s"})`)}`,
    );
    for (const error of errors) problem(`${error.message} (rule ${error.rule})`);
    for (const warning of warnings) say(`  ${out.yellow("!")} ${warning.message} (rule ${warning.rule})`);
    if (count === 0) say(`  ${out.yellow("!")} the file holds no credentials`);
    else if (errors.length === 0) say(`  ${out.green("✓")} valid against Entra's rules`);
    say();
  }

  // 1. The platform, exactly as DefaultFederatedCredential would choose it.
  const named = chosen || io.env.AZFED_PROVIDER;
  const detection = await detectPlatform(io, chosen);
  if (!detection.selection) {
    // Nothing named and nothing detected: most likely a laptop, where that is expected.
    const advice = named ? [] : noPlatformAdvice("azfed doctor");
    report.platform = { detected: false, reports: detection.reports, ...(named ? {} : { advice }) };
    say(out.bold("Platform"));
    // The list of reasons follows in the text; in --json they are platform.reports.
    report.problems.push("no platform detected");
    say(`  ${out.red("✗")} no platform detected; each provider's reason:`);
    for (const entry of detection.reports) say(`      ${entry.provider}: ${entry.reason}`);
    if (advice.length > 0) say();
    for (const line of advice) say(line);
    return finish();
  }
  const { provider, chosenBy, reason } = detection.selection;
  report.platform = { detected: true, provider: provider.name, chosenBy, reason };
  say(
    `${out.bold("Platform")}  ${provider.name} (${chosenBy === "detection" ? "detected" : `chosen by ${chosenBy}`}: ${reason})`,
  );

  // 2. The token and its claims.
  const { tenantId, clientId, authorityHost } = resolveIdentity(
    {
      tenantId: options.tenantId,
      clientId: options.clientId,
      authorityHost: options.authorityHost,
      env: io.env,
    },
    { name: provider.name, tenantId: detection.selection.tenantId, clientId: detection.selection.clientId },
  );
  const audience = exchangeAudienceFor(provider, cloudForAuthorityHost(authorityHost), options.audience);
  report.audience = audience;
  let assertion: string;
  let claims: AssertionClaims;
  try {
    assertion = await provider.getAssertion({ audience });
    claims = decodeAssertion(assertion);
  } catch (error) {
    problem(`could not get a usable token: ${describe(error)}`);
    return finish();
  }
  const now = io.now();
  report.claims = claimsObject(
    claims,
    issuerPlatform(claims.iss, claims.sub) === "managed-identity" ? "managed-identity" : provider.name,
    now,
  );
  say();
  say(
    `${out.bold("Token claims")} ${out.dim(`(requested audience ${audience}; the token itself is never printed)`)}`,
  );
  const platform = issuerPlatform(claims.iss, claims.sub);
  const rows = claimsReport(claims, platform === "managed-identity" ? platform : provider.name, now);
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, value] of rows) say(`  ${name.padEnd(width)}  ${value}`);
  if (platform === "managed-identity") {
    const { oid, azp, tid } = claims;
    say(
      `  ${out.dim(`Entra issued this token to the managed identity with object (principal) id ${String(oid ?? claims.sub)}, client id ${String(azp ?? "?")}, of tenant ${String(tid ?? "?")}: a FIC trusting it names that issuer and the object id as subject, on an app registration of the same tenant.`)}`,
    );
  }
  if (typeof claims.exp === "number" && claims.exp * 1000 <= now) {
    problem(
      `the token expired ${relativeTime(claims.exp * 1000, now)}; Entra refuses expired tokens (AADSTS700024)`,
    );
  }

  // 3. Which FIC would match.
  let fics: FederatedIdentityCredential[] | undefined;
  if (ficFile !== undefined) {
    const file = ficFile;
    fics = file.items.filter(isCredentialLike);
    const match = matchFederatedCredential(claims, fics);
    report.federatedCredentials = { source: file.source, count: fics.length, ...matchJson(match) };
    say();
    say(`${out.bold("Federated identity credentials")} ${out.dim(`(${file.source}, ${fics.length})`)}`);
    printMatch(match, fics, audience, claims, say, problem, context, clientId);
  }

  // 4. The exchange, and Entra's answer explained.
  if (options.exchange) {
    say();
    say(`${out.bold("Exchange")} ${out.dim(`(${authorityHost}, scope ${options.scope})`)}`);
    if (!tenantId || !clientId) {
      const missing = [
        !tenantId && "tenant id (AZURE_TENANT_ID or --tenant-id)",
        !clientId && "client id (AZURE_CLIENT_ID or --client-id)",
      ]
        .filter(Boolean)
        .join(" and ");
      report.exchange = { attempted: false, reason: `no ${missing}` };
      problem(`cannot exchange: no ${missing} is set`);
      return finish();
    }
    report.exchange = { attempted: true, tenantId, clientId, scope: options.scope, authorityHost };
    const credential = new FederatedTokenCredential({
      tenantId,
      clientId,
      authorityHost,
      audience,
      assertion: () => assertion,
      dispatcher: io.dispatcher,
    });
    try {
      const token = await credential.getToken(options.scope);
      const expiresAt = new Date(token.expiresOnTimestamp).toISOString();
      report.exchange = { ...report.exchange, succeeded: true, expiresOn: expiresAt };
      say(
        `  ${out.green("✓")} Entra issued an access token, valid until ${expiresAt} (${relativeTime(token.expiresOnTimestamp, io.now())})`,
      );
    } catch (error) {
      if (error instanceof AuthenticationError) {
        const diagnosis: Diagnosis =
          fics === undefined
            ? error.diagnosis
            : diagnoseEntraError({
                aadsts: error.aadsts,
                errorDescription: error.errorDescription,
                assertion,
                tenantId,
                clientId,
                authorityHost,
                audience,
                now: io.now(),
                federatedCredentials: fics,
              });
        report.exchange = {
          ...report.exchange,
          succeeded: false,
          aadsts: error.aadsts,
          error: error.errorCode,
          errorDescription: error.errorDescription,
          correlationId: error.correlationId,
          traceId: error.traceId,
          timestamp: error.timestamp,
          diagnosis,
        };
        problem(`Entra refused the exchange: ${refusalCodes(error)}`);
        for (const line of formatDiagnosis(diagnosis).split("\n")) say(`    ${line}`);
        if (error.correlationId)
          say(`    ${out.dim(`correlation id ${error.correlationId}, trace id ${error.traceId ?? "-"}`)}`);
      } else {
        report.exchange = { ...report.exchange, succeeded: false, error: describe(error) };
        problem(`the exchange failed: ${describe(error)}`);
      }
    }
  }
  if (report.problems.length === 0) {
    say();
    say(out.green("No problems found."));
  }
  return finish();
}

function printMatch(
  match: FederatedCredentialMatch,
  fics: readonly FederatedIdentityCredential[],
  audience: string,
  claims: AssertionClaims,
  say: (line?: string) => void,
  problem: (text: string) => void,
  context: CommandContext,
  clientId: string | undefined,
): void {
  const { out } = context;
  if (match.matched) {
    say(`  ${out.green("✓")} matches ${JSON.stringify(match.matched.name)}`);
    return;
  }
  if (!match.nearest) {
    problem("the file has no federated identity credentials to match");
  } else {
    problem(
      `no credential matches this token; the nearest is ${JSON.stringify(shorten(String(match.nearest.name), 200))}:`,
    );
    for (const difference of match.differences) {
      say(`      ${out.bold(difference.field)}`);
      say(`        token has   ${shorten(difference.presented, 700)}`);
      say(`        FIC expects ${shorten(difference.expected, 700)}`);
      if (difference.hint) say(`        ${out.yellow(shorten(difference.hint, 700))}`);
    }
  }
  // The same one fix the diagnosis gives: update the credential meant, or create one whose name is free.
  const fix = credentialFix({
    suggested: federatedCredentialFromClaims(claims, { audience }),
    token: { issuer: claims.iss, subject: claims.sub },
    federatedCredentials: fics,
  });
  say(
    fix.action === "update"
      ? `    The fix: update ${JSON.stringify(shorten(fix.credential.name, 200))} to match this token:`
      : "    The fix: create a credential that matches this token:",
  );
  say(
    `      ${azFederatedCredentialCommands(fix.credential, clientId ? { clientId } : {}, fix.action).application}`,
  );
}

function matchJson(match: FederatedCredentialMatch): Record<string, unknown> {
  if (match.matched) return { matched: match.matched.name };
  return { matched: null, nearest: match.nearest?.name ?? null, differences: match.differences };
}

function isCredentialLike(item: unknown): item is FederatedIdentityCredential {
  return typeof item === "object" && item !== null && !Array.isArray(item);
}

/** The known cloud of an authority host, if one is given and known; a malformed host is reported later, where it is used. */
function knownCloud(authorityHost: string | undefined): EntraCloud | undefined {
  if (!authorityHost) return undefined;
  try {
    return cloudForAuthorityHost(authorityHost);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error));
}
