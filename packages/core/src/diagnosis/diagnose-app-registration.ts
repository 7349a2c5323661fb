import { cloudLabel, entraIssuerCloud } from "../clouds";
import { GUID_PATTERN } from "../guid";
import { shellQuote } from "../shell-quote";
import { addCredentialCommands, type Draft, REPLICATION_CAUSE, suggestCredential } from "./diagnosis-draft";
import type { Facts } from "./diagnosis-facts";

// Refusals about the app registration or identity itself: AADSTS70025 (no federated credentials),
// 700016 (no such application in the tenant), 70052 (multi-tenant app), 700223 / 700238 (policy),
// 900144 (a required request parameter missing).
// @see https://learn.microsoft.com/entra/identity-platform/reference-error-codes (entra-docs docs/identity-platform/reference-error-codes.md, ms.date 04/24/2024, commit 04f65548622d3f134b13b4c1978d1471177e2b1c, read 2026-12-07)

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
    addCredentialCommands(fic, facts, "create", draft);
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
  if (!GUID_PATTERN.test(clientId)) {
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
