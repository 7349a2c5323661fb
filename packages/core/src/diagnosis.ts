import { azFederatedCredentialCommands } from "./az-federated-credential-commands";
import { cloudForAuthorityHost, cloudForExchangeAudience, type EntraCloud } from "./clouds";
import {
  type AssertionClaims,
  decodeAssertion,
  decodeAssertionHeader,
  InvalidAssertionError,
} from "./decode-assertion";
import { type EntraErrorDescription, parseEntraErrorDescription } from "./entra-error-description";
import { federatedCredentialFromClaims } from "./federated-credential-from-claims";
import type { FederatedIdentityCredential } from "./federated-identity-credential";
import { isAksIssuer, issuerPlatform } from "./issuer-platform";
import { matchFederatedCredential } from "./match-federated-credential";
import { REDACTED, redact } from "./redact";
import { shellQuote } from "./shell-quote";

/**
 * An explanation of why Entra refused a token request, in plain words: what happened, the values
 * involved, the likely causes (most likely first) and the steps that fix it, with the federated
 * identity credential to create and the `az` commands when one is missing.
 *
 * @example
 * ```ts
 * const diagnosis: Diagnosis = diagnoseEntraError(context);
 * console.error(formatDiagnosis(diagnosis));
 * ```
 */
export interface Diagnosis {
  /** One sentence: what Entra refused and why. */
  readonly summary: string;
  /** The facts: what Entra said, the issuer, subject and audience presented, times, ids. */
  readonly details: readonly string[];
  /** What probably caused it, most likely first. */
  readonly likelyCauses: readonly string[];
  /** What to do, in order. */
  readonly fix: readonly string[];
  /** The federated identity credential that would make Entra accept this token. */
  readonly suggestedCredential?: FederatedIdentityCredential;
  /** Shell commands that help: create the credential, list what exists, fetch the issuer's keys. */
  readonly commands?: readonly string[];
}

/**
 * What is known when Entra refuses a token request: its codes and description, the assertion that
 * was presented (decoded, never printed), and where the request went.
 *
 * @example
 * ```ts
 * const context: EntraErrorContext = {
 *   aadsts: [70021],
 *   errorDescription: body.error_description,
 *   assertion,
 *   tenantId,
 *   clientId,
 *   authorityHost: "https://login.microsoftonline.com",
 *   audience: "api://AzureADTokenExchange",
 * };
 * ```
 */
export interface EntraErrorContext {
  /** The AADSTS codes (`error_codes`), e.g. `[70021]`. */
  readonly aadsts: readonly number[];
  /** Entra's `error_description`. */
  readonly errorDescription: string;
  /** The client assertion presented. Only decoded; it never appears in the diagnosis. */
  readonly assertion?: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly authorityHost: string;
  /** The audience azfed asked the platform to put in the token. */
  readonly audience: string;
  /** The current time, epoch ms (default `Date.now()`). */
  readonly now?: number;
  /**
   * The identity's federated identity credentials, when known (e.g. from
   * `az ad app federated-credential list`): the diagnosis then names the nearest one and how it differs.
   */
  readonly federatedCredentials?: readonly FederatedIdentityCredential[];
}

/** What the diagnosis works from, gathered once. */
interface Facts {
  readonly context: EntraErrorContext;
  readonly code: number | undefined;
  readonly quoted: EntraErrorDescription;
  readonly claims: AssertionClaims | undefined;
  readonly decodeProblem: string | undefined;
  readonly header: { readonly alg?: string; readonly kid?: string } | undefined;
  readonly issuer: string | undefined;
  readonly subject: string | undefined;
  readonly audiences: readonly string[];
  readonly now: number;
  readonly cloud: EntraCloud | undefined;
  readonly expectedAudience: string;
}

interface Draft {
  summary: string;
  details: string[];
  likelyCauses: string[];
  fix: string[];
  suggestedCredential?: FederatedIdentityCredential;
  commands: string[];
}

const NO_MATCH_CODES = new Set([70021, 700211, 700212, 700213, 7002137, 7002138]);
const KNOWN_CODES = new Set([
  ...NO_MATCH_CODES,
  700024,
  70025,
  700016,
  50027,
  700027,
  90061,
  900612,
  70052,
  700223,
  700238,
  900144,
]);
const REPLICATION_CAUSE =
  "A federated identity credential created or changed in the last few minutes may not have replicated yet; Entra answers as if it did not exist until it has. Wait a few minutes and retry.";

/**
 * Explains why Entra refused a token request. For every federation code (AADSTS70021, 700211,
 * 700212, 700213, 7002138, 700024, 70025, 700016, 50027, 700027, 90061, 900612, 70052, 700223,
 * 700238, 900144, and any other as a fallback) it decodes the presented assertion (never printing
 * it), reads the values Entra quotes, and says which of issuer / subject / audience did not match,
 * the values presented, the likely cause (letter case, an AKS issuer's trailing slash, the audience
 * of another cloud, an expired token, a missing app, no credentials at all, replication delay) and
 * the fix, with the credential to create and the `az` commands. Pure: no I/O.
 *
 * @example
 * ```ts
 * const diagnosis = diagnoseEntraError({
 *   aadsts: [700213],
 *   errorDescription: "AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso/app:pull_request'.",
 *   assertion,
 *   tenantId: "contoso.onmicrosoft.com",
 *   clientId: "00000000-0000-0000-0000-000000000000",
 *   authorityHost: "https://login.microsoftonline.com",
 *   audience: "api://AzureADTokenExchange",
 * });
 * console.error(formatDiagnosis(diagnosis));
 * ```
 */
export function diagnoseEntraError(context: EntraErrorContext): Diagnosis {
  const facts = gatherFacts(context);
  const draft: Draft = {
    summary: "",
    details: describeFacts(facts),
    likelyCauses: [],
    fix: [],
    commands: [],
  };
  const code = facts.code;
  if (code !== undefined && NO_MATCH_CODES.has(code)) diagnoseNoMatch(facts, code, draft);
  else if (code === 700024) diagnoseTimeRange(facts, draft);
  else if (code === 70025) diagnoseNoCredentials(facts, draft);
  else if (code === 700016) diagnoseApplicationNotFound(facts, draft);
  else if (code === 50027) diagnoseMalformed(facts, draft);
  else if (code === 700027) diagnoseSignature(facts, draft);
  else if (code === 90061) diagnoseDiscovery(facts, draft);
  else if (code === 900612) diagnoseSigningKeys(facts, draft);
  else if (code === 70052) diagnoseMultiTenant(facts, draft);
  else if (code === 700223 || code === 700238) diagnosePolicy(facts, code, draft);
  else if (code === 900144) diagnoseMissingParameter(facts, draft);
  else diagnoseOther(facts, draft);
  if (code !== 700024) addExpiryObservation(facts, draft);
  return sanitize(draft, context.assertion);
}

/**
 * Renders a {@link Diagnosis} as multi-line text for an error message or the CLI.
 *
 * @example
 * ```ts
 * try {
 *   await credential.getToken("https://management.azure.com/.default");
 * } catch (error) {
 *   if (error instanceof AuthenticationError && error.diagnosis) console.error(formatDiagnosis(error.diagnosis));
 * }
 * ```
 */
export function formatDiagnosis(diagnosis: Diagnosis): string {
  const lines = [diagnosis.summary];
  for (const detail of diagnosis.details) lines.push(`  ${detail}`);
  if (diagnosis.likelyCauses.length > 0) {
    lines.push("", "Likely causes:");
    for (const cause of diagnosis.likelyCauses) lines.push(`  - ${cause}`);
  }
  if (diagnosis.fix.length > 0) {
    lines.push("", "Fix:");
    diagnosis.fix.forEach((step, index) => {
      lines.push(`  ${index + 1}. ${step}`);
    });
  }
  if (diagnosis.suggestedCredential) {
    lines.push("", "Federated identity credential to create:");
    for (const line of JSON.stringify(diagnosis.suggestedCredential, null, 2).split("\n"))
      lines.push(`  ${line}`);
  }
  if (diagnosis.commands && diagnosis.commands.length > 0) {
    lines.push("", "Commands:");
    for (const command of diagnosis.commands) lines.push(`  ${command}`);
  }
  return lines.join("\n");
}

function gatherFacts(context: EntraErrorContext): Facts {
  const quoted = parseEntraErrorDescription(context.errorDescription ?? "");
  const codes = context.aadsts?.length ? context.aadsts : quoted.codes;
  const code = codes.find((candidate) => KNOWN_CODES.has(candidate)) ?? codes[0];
  let claims: AssertionClaims | undefined;
  let decodeProblem: string | undefined;
  let header: Facts["header"];
  if (context.assertion !== undefined) {
    try {
      claims = decodeAssertion(context.assertion);
    } catch (error) {
      decodeProblem =
        error instanceof InvalidAssertionError ? error.message : "the assertion could not be decoded";
    }
    try {
      const decoded = decodeAssertionHeader(context.assertion);
      header = {
        ...(typeof decoded.alg === "string" ? { alg: decoded.alg } : {}),
        ...(typeof decoded.kid === "string" ? { kid: decoded.kid } : {}),
      };
    } catch {
      header = undefined;
    }
  }
  const audiences = claims
    ? typeof claims.aud === "string"
      ? [claims.aud]
      : [...claims.aud]
    : quoted.audience !== undefined
      ? [quoted.audience]
      : [];
  const cloud = cloudForAuthorityHost(context.authorityHost);
  return {
    context,
    code,
    quoted,
    claims,
    decodeProblem,
    header,
    issuer: claims?.iss ?? quoted.issuer,
    subject: claims?.sub ?? quoted.subject,
    audiences,
    now: context.now ?? Date.now(),
    cloud,
    expectedAudience: cloud?.exchangeAudience ?? context.audience,
  };
}

function describeFacts(facts: Facts): string[] {
  const { context, quoted } = facts;
  const details: string[] = [];
  if (quoted.message) details.push(`Entra answered: ${quoted.message}`);
  else if (facts.code !== undefined) details.push(`Entra answered with AADSTS${facts.code}.`);
  details.push(
    `Client id ${context.clientId}, tenant ${context.tenantId}, authority ${context.authorityHost}${facts.cloud ? ` (${cloudLabel(facts.cloud.name)} cloud)` : ""}.`,
  );
  if (facts.issuer !== undefined) details.push(`Presented issuer (iss): ${JSON.stringify(facts.issuer)}`);
  if (facts.subject !== undefined) details.push(`Presented subject (sub): ${JSON.stringify(facts.subject)}`);
  if (facts.audiences.length > 0) {
    details.push(`Presented audience (aud): ${facts.audiences.map((aud) => JSON.stringify(aud)).join(", ")}`);
  }
  const claims = facts.claims;
  if (claims) {
    const times = [
      claims.iat !== undefined ? `issued ${isoSeconds(claims.iat)}` : undefined,
      claims.nbf !== undefined ? `valid from ${isoSeconds(claims.nbf)}` : undefined,
      claims.exp !== undefined ? `expires ${isoSeconds(claims.exp)}` : undefined,
    ].filter((part): part is string => part !== undefined);
    if (times.length > 0) details.push(`Token times: ${times.join(", ")}; now ${iso(facts.now)}.`);
  }
  if (facts.decodeProblem) details.push(`The assertion could not be decoded: ${facts.decodeProblem}`);
  else if (context.assertion === undefined && facts.issuer === undefined) {
    details.push("No assertion was available to decode, and Entra quoted none of its values.");
  }
  return details;
}

function diagnoseNoMatch(facts: Facts, code: number, draft: Draft): void {
  const { context } = facts;
  const issuer = facts.issuer ?? "(unknown issuer)";
  const subject = facts.subject ?? "(unknown subject)";
  const audience = facts.audiences.join(", ") || "(unknown audience)";
  const on = `on client id ${context.clientId}`;
  if (code === 700211) {
    draft.summary = `No federated identity credential ${on} has the token's issuer ${JSON.stringify(issuer)}: Entra did not match the issuer.`;
  } else if (code === 700212) {
    draft.summary = `No federated identity credential ${on} has the token's audience ${JSON.stringify(audience)}: Entra did not match the audience.`;
  } else if (code === 700213 || code === 7002137) {
    draft.summary = `No federated identity credential ${on} has the token's subject ${JSON.stringify(subject)}: Entra did not match the subject.`;
  } else if (code === 7002138) {
    draft.summary = `A federated identity credential ${on} has the token's subject ${JSON.stringify(subject)} in different letter case: Entra matches subjects case-sensitively, so the subject did not match.`;
  } else {
    draft.summary = `No federated identity credential ${on} matches the token: Entra compares issuer, subject and audience exactly, and at least one of them differs.`;
  }

  const checkIssuer = code === 70021 || code === 700211;
  const checkSubject = code === 70021 || code === 700213 || code === 7002137 || code === 7002138;
  const checkAudience = code === 70021 || code === 700212;

  if (context.federatedCredentials) explainAgainstCredentials(facts, draft);
  if (code === 7002138) {
    draft.likelyCauses.push(
      `The credential's subject differs from ${JSON.stringify(subject)} only in letter case (for example the owner, repository or environment name written in another case). Entra compares subjects case-sensitively.`,
    );
  }
  const expectedSubject = facts.quoted.expectedSubject;
  if (expectedSubject !== undefined && facts.subject !== undefined && expectedSubject !== facts.subject) {
    draft.likelyCauses.push(
      `Entra expects the subject ${JSON.stringify(expectedSubject)}; the token has ${JSON.stringify(facts.subject)}${expectedSubject.toLowerCase() === facts.subject.toLowerCase() ? " (they differ only in letter case)" : ""}.`,
    );
  }
  if (checkIssuer && facts.issuer !== undefined)
    draft.likelyCauses.push(...issuerCauses(facts.issuer, facts.subject));
  if (checkSubject && facts.subject !== undefined && facts.issuer !== undefined) {
    draft.likelyCauses.push(...subjectCauses(facts.issuer, facts.subject, code));
  }
  if (checkAudience) draft.likelyCauses.push(...audienceCauses(facts, code));
  draft.likelyCauses.push(
    `The credential was created on another app registration or managed identity than client id ${context.clientId}, or in another tenant than ${context.tenantId}.`,
    REPLICATION_CAUSE,
  );

  if (facts.issuer !== undefined && facts.subject !== undefined) {
    const existing = credentialToCorrect(facts, code);
    const suggested = suggestCredential(facts);
    const fic: FederatedIdentityCredential = existing
      ? {
          name: existing.name,
          issuer: suggested.issuer,
          subject: suggested.subject,
          audiences: suggested.audiences,
          ...(existing.description ? { description: existing.description } : {}),
        }
      : suggested;
    draft.suggestedCredential = fic;
    const exactly = `issuer ${JSON.stringify(fic.issuer)}, subject ${JSON.stringify(fic.subject)} and audience ${JSON.stringify(fic.audiences[0])}`;
    if (existing || code === 700212 || code === 7002138) {
      const which = existing
        ? `the credential ${JSON.stringify(existing.name)}`
        : "the credential that has this issuer and subject";
      draft.fix.push(
        `Correct ${which} on client id ${context.clientId} to exactly ${exactly}${code === 7002138 ? " (letter case included)" : ""}; a second credential with the same issuer and subject cannot be added.`,
      );
      addCredentialCommands(
        existing ? fic : { ...fic, name: "<credential-name>" },
        context.clientId,
        "update",
        draft,
      );
    } else {
      draft.fix.push(
        `Create a federated identity credential on client id ${context.clientId} with exactly ${exactly}.`,
      );
      addCredentialCommands(fic, context.clientId, "create", draft);
    }
  } else {
    draft.fix.push(
      `Compare the credentials on client id ${context.clientId} with the token's issuer, subject and audience (run \`azfed doctor\` where the workload runs to see them).`,
    );
  }
  if (!facts.audiences.includes(facts.expectedAudience) && facts.audiences.length > 0) {
    draft.fix.push(
      `Make the platform issue the token for audience ${JSON.stringify(facts.expectedAudience)} (GitLab: \`id_tokens: <NAME>: aud:\`; Kubernetes: the projected token's audience; GitHub and Azure Pipelines: azfed asks for it) or give the credential the token's audience.`,
    );
  }
  draft.fix.push("If the credential was created in the last few minutes, wait a few minutes and retry.");
  draft.commands.push(`az ad app federated-credential list --id ${shellQuote(context.clientId)}`);
}

function explainAgainstCredentials(facts: Facts, draft: Draft): void {
  const credentials = facts.context.federatedCredentials ?? [];
  if (facts.issuer === undefined || facts.subject === undefined || facts.audiences.length === 0) return;
  const claims: AssertionClaims = facts.claims ?? {
    iss: facts.issuer,
    sub: facts.subject,
    aud: [...facts.audiences],
  };
  const result = matchFederatedCredential(claims, credentials);
  if (credentials.length === 0) {
    draft.likelyCauses.push(
      `The identity has no federated identity credentials at all (the list given is empty).`,
    );
  } else if (result.matched) {
    draft.likelyCauses.push(
      `The credential ${JSON.stringify(result.matched.name)} matches this token, so Entra has not seen it yet (created minutes ago and still replicating) or it belongs to another app or tenant than the request used.`,
    );
  } else if (result.nearest) {
    for (const difference of result.differences) {
      draft.likelyCauses.push(
        `The nearest credential, ${JSON.stringify(result.nearest.name)}, expects ${difference.field} ${JSON.stringify(difference.expected)}; the token has ${JSON.stringify(difference.presented)}${difference.hint ? `: ${difference.hint}` : ""}.`,
      );
    }
  }
}

function issuerCauses(issuer: string, subject: string | undefined): string[] {
  const causes: string[] = [];
  if (isAksIssuer(issuer)) {
    causes.push(
      issuer.endsWith("/")
        ? `The cluster's issuer ends with a slash (${JSON.stringify(issuer)}); a credential whose issuer lacks the trailing slash does not match. This is the most common cause on AKS.`
        : `The token's AKS issuer has no trailing slash; the credential's issuer must be written exactly as ${JSON.stringify(issuer)}.`,
    );
  } else if (issuer !== issuer.replace(/\/+$/, "")) {
    causes.push(`The token's issuer ends with a slash; the credential's issuer must end with one too.`);
  } else {
    causes.push(
      `The credential's issuer must be exactly ${JSON.stringify(issuer)}: no trailing slash, same letter case, no surrounding spaces.`,
    );
  }
  const platform = issuerPlatform(issuer, subject);
  const url = safeUrl(issuer);
  if (
    platform === "github-actions" &&
    url &&
    url.hostname === "token.actions.githubusercontent.com" &&
    url.pathname.length > 1
  ) {
    causes.push(
      "The token carries a GitHub Enterprise issuer with the enterprise slug; credentials written for https://token.actions.githubusercontent.com do not match it.",
    );
  }
  if (platform === "azure-pipelines") {
    causes.push(
      "Azure DevOps service connections now issue tokens with the Entra issuer (https://login.microsoftonline.com/{tenant}/v2.0, subject /eid1/...) instead of https://vstoken.dev.azure.com/{organizationId} (subject sc://...); a credential written for the other format does not match. Edit and save the service connection, or update the credential.",
    );
  }
  return causes;
}

function subjectCauses(issuer: string, subject: string, code: number): string[] {
  const causes: string[] = [];
  if (code === 7002138) return causes;
  const platform = issuerPlatform(issuer, subject);
  if (subject !== subject.toLowerCase()) {
    causes.push(
      `The subject has capital letters; a credential whose subject differs only in letter case does not match (Entra compares case-sensitively).`,
    );
  }
  if (platform === "github-actions") {
    if (/^repo:[^:]*@\d+/.test(subject)) {
      causes.push(
        "The repository uses GitHub's immutable subjects (repo:{owner}@{ownerId}/{repo}@{repoId}:...); credentials written with plain names do not match.",
      );
    }
    if (subject.includes(":ref:refs/heads/")) {
      causes.push(
        "The token names a branch. If the credential is for an environment, the job must declare `environment:`; only then does GitHub put the environment in the subject.",
      );
    } else if (subject.includes(":environment:")) {
      causes.push(
        "The token names an environment: a job that declares `environment:` gets the environment subject, not the branch or pull-request one.",
      );
    } else if (subject.endsWith(":pull_request")) {
      causes.push(
        "The token is from a pull request run: its subject is repo:{owner}/{repo}:pull_request, not the branch.",
      );
    }
  } else if (platform === "kubernetes") {
    const [, , namespace, account] = subject.split(":");
    causes.push(
      `The credential must name namespace ${JSON.stringify(namespace ?? "")} and service account ${JSON.stringify(account ?? "")} exactly (system:serviceaccount:{namespace}:{service account}).`,
    );
  } else if (platform === "gitlab") {
    causes.push(
      "GitLab's subject names the ref type and ref (project_path:{group}/{project}:ref_type:{branch|tag}:ref:{name}); a run on another branch or tag has another subject.",
    );
  }
  return causes;
}

function audienceCauses(facts: Facts, code: number): string[] {
  const causes: string[] = [];
  const expected = facts.expectedAudience;
  if (facts.audiences.length === 0) return causes;
  const presentedCloud = facts.audiences.map(cloudForExchangeAudience).find((cloud) => cloud !== undefined);
  if (facts.audiences.includes(expected)) {
    if (code === 700212) {
      causes.push(
        `The token has the recommended audience ${JSON.stringify(expected)}, so the credentials must have another audience; set the credential's audience to exactly ${JSON.stringify(expected)}.`,
      );
    }
  } else if (presentedCloud && facts.cloud && presentedCloud.name !== facts.cloud.name) {
    causes.push(
      `The token carries the audience of the ${cloudLabel(presentedCloud.name)} cloud, but the request went to the ${cloudLabel(facts.cloud.name)} cloud (${facts.context.authorityHost}), whose exchange audience is ${JSON.stringify(expected)}.`,
    );
  } else {
    causes.push(
      `The token was issued for ${facts.audiences.map((aud) => JSON.stringify(aud)).join(", ")}, not for ${JSON.stringify(expected)}; the credential's audience must equal the token's exactly.`,
    );
  }
  if (!facts.audiences.includes(facts.context.audience)) {
    causes.push(
      `azfed asked the platform for audience ${JSON.stringify(facts.context.audience)} but the token carries ${facts.audiences.map((aud) => JSON.stringify(aud)).join(", ")}: the platform fixes the audience itself (GitLab's id_tokens aud, a Kubernetes projected token's audience).`,
    );
  }
  return causes;
}

function diagnoseTimeRange(facts: Facts, draft: Draft): void {
  const exp = facts.claims?.exp !== undefined ? facts.claims.exp * 1000 : facts.quoted.validUntil;
  const nbf = facts.claims?.nbf !== undefined ? facts.claims.nbf * 1000 : facts.quoted.validFrom;
  const now = facts.now;
  const entraTime = facts.quoted.entraTime;
  const referenceTime = entraTime ?? now;
  if (exp !== undefined && exp <= referenceTime) {
    draft.summary = `The token had expired when Entra checked it: it expired at ${iso(exp)}, ${duration(referenceTime - exp)} before ${entraTime !== undefined ? "Entra's" : "this machine's"} time ${iso(referenceTime)}.`;
    draft.likelyCauses.push(
      "The token was fetched once and reused after its lifetime (GitHub's live 5 minutes, Azure DevOps' a few minutes); fetch a fresh one for every exchange.",
      "A long step ran between fetching the token and exchanging it.",
    );
  } else if (nbf !== undefined && nbf > referenceTime) {
    draft.summary = `The token was not yet valid when Entra checked it: it is valid from ${iso(nbf)}, ${duration(nbf - referenceTime)} after ${entraTime !== undefined ? "Entra's" : "this machine's"} time ${iso(referenceTime)}.`;
    draft.likelyCauses.push("The clock of the machine that issued the token runs ahead of Entra's.");
  } else {
    draft.summary = `Entra found the token outside its valid time range${exp !== undefined ? ` (it expires at ${iso(exp)})` : ""}, although by this machine's clock (${iso(now)}) it is valid.`;
    draft.likelyCauses.push("This machine's clock, or the token issuer's, is wrong.");
  }
  if (entraTime !== undefined && Math.abs(entraTime - now) > 60_000) {
    draft.likelyCauses.unshift(
      `This machine's clock is ${duration(Math.abs(entraTime - now))} ${now > entraTime ? "ahead of" : "behind"} Entra's (Entra: ${iso(entraTime)}, here: ${iso(now)}).`,
    );
  }
  const iat = facts.claims?.iat;
  if (iat !== undefined && facts.claims?.exp !== undefined) {
    draft.details.push(`The token's lifetime is ${duration((facts.claims.exp - iat) * 1000)}.`);
  }
  if (issuerPlatform(facts.issuer ?? "", facts.subject) === "kubernetes") {
    draft.likelyCauses.push(
      "The projected service account token file was read once and cached; kubelet rewrites it, so it must be read again for each exchange.",
    );
  }
  draft.fix.push(
    "Return a fresh token from the assertion provider or callback on every call; never cache it (azfed asks for one per exchange).",
    "Check that the clock is synchronised (NTP) on this machine.",
  );
}

function diagnoseNoCredentials(facts: Facts, draft: Draft): void {
  const { clientId } = facts.context;
  draft.summary = `The app or managed identity with client id ${clientId} has no federated identity credentials at all, so no token can be exchanged for it.`;
  draft.likelyCauses.push(
    `The credential was created on another app registration or managed identity than client id ${clientId} (e.g. on the managed identity while AZURE_CLIENT_ID names the app registration, or the other way round).`,
    REPLICATION_CAUSE,
    "The credential was deleted.",
  );
  if (facts.issuer !== undefined && facts.subject !== undefined) {
    const fic = suggestCredential(facts);
    draft.suggestedCredential = fic;
    draft.fix.push(
      `Create a federated identity credential on client id ${clientId} with issuer ${JSON.stringify(fic.issuer)}, subject ${JSON.stringify(fic.subject)} and audience ${JSON.stringify(fic.audiences[0])}.`,
    );
    addCredentialCommands(fic, clientId, "create", draft);
  } else {
    draft.fix.push(
      `Create a federated identity credential on client id ${clientId} with the issuer, subject and audience of the platform's token.`,
    );
  }
  draft.commands.push(`az ad app federated-credential list --id ${shellQuote(clientId)}`);
}

function diagnoseApplicationNotFound(facts: Facts, draft: Draft): void {
  const { clientId, tenantId, authorityHost } = facts.context;
  draft.summary = `Entra found no application with client id ${clientId} in tenant ${tenantId}.`;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(clientId)) {
    draft.likelyCauses.push(
      `The client id ${JSON.stringify(clientId)} is not a GUID; use the Application (client) ID.`,
    );
  }
  draft.likelyCauses.push(
    "The client id is another id of the identity: the app's object id instead of its Application (client) ID, or a managed identity's principal (object) id instead of its client id.",
    `The app or identity lives in another tenant than ${tenantId} (check AZURE_TENANT_ID), or a multi-tenant app has no service principal in this tenant.`,
    `The app lives in another cloud than ${authorityHost}${facts.cloud ? ` (the ${cloudLabel(facts.cloud.name)} cloud)` : ""}.`,
    "The app or managed identity was deleted, or was created seconds ago and has not replicated yet.",
  );
  draft.fix.push(
    "Set AZURE_CLIENT_ID (or clientId) to the Application (client) ID shown on the app registration's or managed identity's Overview page.",
    "Set AZURE_TENANT_ID (or tenantId) to the Directory (tenant) ID of the tenant that holds it.",
  );
  draft.commands.push(
    `az ad app show --id ${shellQuote(clientId)} --query "{appId: appId, signInAudience: signInAudience}"`,
    `az identity list --query "[?clientId=='${/^[0-9A-Za-z-]+$/.test(clientId) ? clientId : "<client-id>"}'].{name: name, resourceGroup: resourceGroup, tenantId: tenantId}"`,
    "az account show --query tenantId",
  );
}

function diagnoseMalformed(facts: Facts, draft: Draft): void {
  draft.summary = "Entra could not read the client assertion as a valid JWT.";
  if (facts.decodeProblem) draft.likelyCauses.push(facts.decodeProblem);
  const alg = facts.header?.alg;
  if (alg !== undefined && (alg === "none" || /^HS/i.test(alg))) {
    draft.likelyCauses.push(
      `The token is ${alg === "none" ? "unsigned (alg none)" : `signed with the shared-secret algorithm ${alg}`}; Entra needs an asymmetric signature such as RS256 or ES256 that it can check with the issuer's published keys.`,
    );
  }
  if (facts.claims && facts.claims.exp === undefined) {
    draft.likelyCauses.push("The token has no `exp` claim; Entra requires an expiry.");
  }
  draft.likelyCauses.push(
    "The value passed is not the platform's OIDC token: an access token, the GitHub request token, a whole JSON answer, or a token cut short or with a trailing newline.",
  );
  draft.fix.push(
    "Pass the platform's OIDC token exactly as issued (GitHub's `value`, Azure DevOps' `oidcToken`, the Kubernetes token file's content, trimmed).",
  );
}

function diagnoseSignature(facts: Facts, draft: Draft): void {
  const issuer = facts.issuer;
  draft.summary = `Entra could not verify the token's signature with the keys ${issuer ? `published by ${issuer}` : "its issuer publishes"}.`;
  if (facts.header) {
    draft.details.push(
      `Token header: alg ${facts.header.alg ?? "(none)"}, kid ${facts.header.kid ?? "(none)"}.`,
    );
  }
  draft.likelyCauses.push(
    `The issuer's JWKS (jwks_uri in ${discoveryUrl(issuer)}) does not contain the key${facts.header?.kid ? ` with kid ${JSON.stringify(facts.header.kid)}` : ""} that signed the token: keys were rotated and the published keys were not updated.`,
    "The token was not signed by the issuer it names in `iss` (for example a self-managed cluster whose service account signing key differs from the published one).",
  );
  draft.fix.push(
    "Publish the current signing keys at the issuer's jwks_uri (self-managed Kubernetes: update the discovery documents after rotating the service account signing key), then retry.",
  );
  addIssuerCommands(issuer, draft);
}

function diagnoseDiscovery(facts: Facts, draft: Draft): void {
  const issuer = facts.issuer;
  draft.summary = `Entra could not fetch the issuer's OpenID configuration (${discoveryUrl(issuer)}).`;
  draft.likelyCauses.push(
    "The issuer is not reachable from the internet (a private cluster, a self-managed GitLab behind a firewall, a local address).",
    "The issuer's TLS certificate is not publicly trusted, or the discovery document or its jwks_uri answers with an error.",
    "A passing outage of the issuer.",
  );
  draft.fix.push(
    "Serve the issuer's discovery document and JWKS publicly over https with a publicly trusted certificate (for a private cluster, host them on public storage and set the service account issuer to that URL).",
    "Check from outside your network with the commands below.",
  );
  addIssuerCommands(issuer, draft);
}

function diagnoseSigningKeys(facts: Facts, draft: Draft): void {
  draft.summary = "Entra fetched the issuer's signing keys (JWKS) but could not parse them.";
  draft.likelyCauses.push(
    "The issuer's jwks_uri answers with something other than a JSON Web Key Set: an HTML page, an error, or keys without kty/kid/n/e.",
  );
  draft.fix.push("Make the issuer's jwks_uri serve a valid JSON Web Key Set with the public signing keys.");
  addIssuerCommands(facts.issuer, draft);
}

function diagnoseMultiTenant(facts: Facts, draft: Draft): void {
  const { clientId } = facts.context;
  draft.summary = `Entra refuses federation for client id ${clientId} here: the identity must be a managed identity or a single-tenant app, and this app is multi-tenant.`;
  draft.likelyCauses.push("The app registration's signInAudience is AzureADMultipleOrgs (multi-tenant).");
  if (
    facts.issuer !== undefined &&
    /^https:\/\/login\.(microsoftonline\.(com|us)|chinacloudapi\.cn)\/[^/]+\/v2\.0\/?$/i.test(facts.issuer)
  ) {
    draft.likelyCauses.push(
      "The token comes from Azure Pipelines with the Entra issuer, which multi-tenant apps cannot use.",
    );
  }
  draft.fix.push("Make the app single-tenant, or use a user-assigned managed identity for this workload.");
  draft.commands.push(
    `az ad app show --id ${shellQuote(clientId)} --query signInAudience`,
    `az ad app update --id ${shellQuote(clientId)} --sign-in-audience AzureADMyOrg`,
  );
}

function diagnosePolicy(facts: Facts, code: number, draft: Draft): void {
  draft.summary =
    code === 700223
      ? `Workload identity federation is disabled by policy in tenant ${facts.context.tenantId}.`
      : `A policy in tenant ${facts.context.tenantId} restricts workload identity federation, and this token or identity is not allowed.`;
  draft.likelyCauses.push(
    "A tenant administrator disabled federated identity credentials, or an app management policy limits which issuers or identities may use them.",
  );
  draft.fix.push(
    "Ask a tenant administrator to allow federation for this identity and issuer, or use an issuer and identity the policy allows.",
  );
}

function diagnoseMissingParameter(facts: Facts, draft: Draft): void {
  const parameter = facts.quoted.missingParameter;
  draft.summary = `The token request lacked a required parameter${parameter ? `: ${parameter}` : ""}.`;
  if (parameter === "client_assertion") {
    draft.likelyCauses.push("The assertion provider or callback returned an empty token.");
    draft.fix.push(
      "Check that the platform hands out an OIDC token (GitHub: `permissions: id-token: write`).",
    );
  } else if (parameter === "client_id") {
    draft.likelyCauses.push("The client id is empty.");
    draft.fix.push("Set AZURE_CLIENT_ID or pass clientId.");
  } else {
    draft.likelyCauses.push("The request was built without one of the required fields.");
    draft.fix.push("Check the options passed to the credential (scopes, client id, assertion).");
  }
}

function diagnoseOther(facts: Facts, draft: Draft): void {
  const code = facts.code;
  draft.summary =
    code === undefined
      ? "Entra refused the token request."
      : `Entra refused the token request with AADSTS${code}.`;
  if (facts.context.federatedCredentials) explainAgainstCredentials(facts, draft);
  draft.fix.push(
    code === undefined
      ? "Read Entra's message above."
      : `Look the code up at https://login.microsoftonline.com/error?code=${code}.`,
  );
}

function addExpiryObservation(facts: Facts, draft: Draft): void {
  const exp = facts.claims?.exp;
  if (exp !== undefined && exp * 1000 <= facts.now) {
    draft.likelyCauses.push(
      `The token had also expired (at ${isoSeconds(exp)}, ${duration(facts.now - exp * 1000)} ago); fetch a fresh one for each exchange.`,
    );
  }
}

function suggestCredential(facts: Facts): FederatedIdentityCredential {
  return federatedCredentialFromClaims(
    { iss: facts.issuer ?? "", sub: facts.subject ?? "", aud: [...facts.audiences] },
    { audience: facts.expectedAudience },
  );
}

function addCredentialCommands(
  fic: FederatedIdentityCredential,
  clientId: string,
  action: "create" | "update",
  draft: Draft,
): void {
  const { application, managedIdentity } = azFederatedCredentialCommands(fic, { clientId }, action);
  draft.fix.push(
    `For an app registration run the \`az ad app federated-credential ${action}\` command below; for a user-assigned managed identity the \`az identity federated-credential ${action}\` one (fill in its name and resource group${action === "update" && fic.name === "<credential-name>" ? ", and the credential's name" : ""}).`,
  );
  draft.commands.push(application);
  if (managedIdentity) draft.commands.push(managedIdentity);
}

/**
 * The supplied credential Entra almost matched and that must be corrected rather than joined by a
 * new one: same issuer and a subject equal (AADSTS700212) or equal but for letter case (7002138).
 */
function credentialToCorrect(facts: Facts, code: number): FederatedIdentityCredential | undefined {
  if (code !== 700212 && code !== 7002138 && code !== 70021) return undefined;
  const subject = facts.subject?.toLowerCase();
  return facts.context.federatedCredentials?.find(
    (credential) =>
      credential.issuer === facts.issuer &&
      typeof credential.subject === "string" &&
      credential.subject.toLowerCase() === subject,
  );
}

function addIssuerCommands(issuer: string | undefined, draft: Draft): void {
  if (issuer === undefined) return;
  const discovery = discoveryUrl(issuer);
  draft.commands.push(
    `curl -sS ${shellQuote(discovery)}`,
    `curl -sS "$(curl -sS ${shellQuote(discovery)} | jq -r .jwks_uri)"`,
  );
}

/** Where OpenID Connect discovery finds an issuer's configuration. */
function discoveryUrl(issuer: string | undefined): string {
  return `${(issuer ?? "{issuer}").replace(/\/+$/, "")}/.well-known/openid-configuration`;
}

function sanitize(draft: Draft, assertion: string | undefined): Diagnosis {
  const secrets = secretsOf(assertion);
  const clean = (text: string): string => {
    let result = text;
    for (const secret of secrets) result = result.split(secret).join(REDACTED);
    return redact(result);
  };
  const suggested = draft.suggestedCredential;
  return {
    summary: clean(draft.summary),
    details: draft.details.map(clean),
    likelyCauses: [...new Set(draft.likelyCauses)].map(clean),
    fix: draft.fix.map(clean),
    ...(suggested ? { suggestedCredential: suggested } : {}),
    ...(draft.commands.length > 0 ? { commands: draft.commands.map(clean) } : {}),
  };
}

/** The assertion and its signature: never to appear in a diagnosis, whatever the inputs quote. */
function secretsOf(assertion: string | undefined): string[] {
  if (assertion === undefined) return [];
  const trimmed = assertion.trim();
  const signature = trimmed.split(".")[2];
  return [trimmed, signature].filter((part): part is string => part !== undefined && part.length >= 16);
}

function cloudLabel(name: EntraCloud["name"]): string {
  return name === "usgov" ? "US Gov" : name === "china" ? "China" : "public";
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function isoSeconds(seconds: number): string {
  return iso(seconds * 1000);
}

function iso(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? `${ms} ms since the epoch` : date.toISOString();
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}
