import { cloudLabel, entraIssuerCloud } from "../clouds";
import { platformOf } from "../platform/platforms";
import { shellQuote } from "../shell-quote";
import { explainAgainstCredentials } from "./diagnose-no-match";
import {
  addCredentialCommands,
  addIssuerCommands,
  type Draft,
  discoveryUrl,
  REPLICATION_CAUSE,
  suggestCredential,
} from "./diagnosis-draft";
import type { Facts } from "./diagnosis-facts";
import { duration, iso, isoSeconds } from "./time-text";

export function diagnoseTimeRange(facts: Facts, draft: Draft): void {
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
  draft.likelyCauses.push(...(platformOf(facts.issuer ?? "", facts.subject)?.expiredTokenCauses ?? []));
  draft.fix.push(
    "Return a fresh token from the assertion provider or callback on every call; never cache it (azfed asks for one per exchange).",
    "Check that the clock is synchronised (NTP) on this machine.",
  );
}

export function diagnoseNoCredentials(facts: Facts, draft: Draft): void {
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

export function diagnoseApplicationNotFound(facts: Facts, draft: Draft): void {
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

export function diagnoseMalformed(facts: Facts, draft: Draft): void {
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

export function diagnoseSignature(facts: Facts, draft: Draft): void {
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

export function diagnoseDiscovery(facts: Facts, draft: Draft): void {
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

export function diagnoseSigningKeys(facts: Facts, draft: Draft): void {
  draft.summary = "Entra fetched the issuer's signing keys (JWKS) but could not parse them.";
  draft.likelyCauses.push(
    "The issuer's jwks_uri answers with something other than a JSON Web Key Set: an HTML page, an error, or keys without kty/kid/n/e.",
  );
  draft.fix.push("Make the issuer's jwks_uri serve a valid JSON Web Key Set with the public signing keys.");
  addIssuerCommands(facts.issuer, draft);
}

export function diagnoseMultiTenant(facts: Facts, draft: Draft): void {
  const { clientId } = facts.context;
  draft.summary = `Entra refuses federation for client id ${clientId} here: the identity must be a managed identity or a single-tenant app, and this app is multi-tenant.`;
  draft.likelyCauses.push("The app registration's signInAudience is AzureADMultipleOrgs (multi-tenant).");
  if (facts.issuer !== undefined && entraIssuerCloud(facts.issuer) !== undefined) {
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

export function diagnosePolicy(facts: Facts, code: number, draft: Draft): void {
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

export function diagnoseMissingParameter(facts: Facts, draft: Draft): void {
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

export function diagnoseOther(facts: Facts, draft: Draft): void {
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

export function addExpiryObservation(facts: Facts, draft: Draft): void {
  const exp = facts.claims?.exp;
  if (exp !== undefined && exp * 1000 <= facts.now) {
    draft.likelyCauses.push(
      `The token had also expired (at ${isoSeconds(exp)}, ${duration(facts.now - exp * 1000)} ago); fetch a fresh one for each exchange.`,
    );
  }
}
