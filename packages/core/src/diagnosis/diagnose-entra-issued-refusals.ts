import { GUID_PATTERN } from "../guid";
import { shellQuote } from "../shell-quote";
import { type Draft, suggestCredential } from "./diagnosis-draft";
import type { Facts } from "./diagnosis-facts";

/**
 * The tenant that issued an Entra-issued assertion: its `tid`, else the GUID in its issuer
 * (`https://login.microsoftonline.com/{tenant}/v2.0`).
 */
function issuingTenant(facts: Facts): string | undefined {
  const tid = facts.claims?.tid;
  if (typeof tid === "string" && GUID_PATTERN.test(tid)) return tid;
  const segment = facts.issuer
    ?.replace(/\/v2\.0\/?$/i, "")
    .split("/")
    .at(-1);
  return segment !== undefined && GUID_PATTERN.test(segment) ? segment : undefined;
}

/**
 * AADSTS700236: Entra refuses a token it issued itself (a managed identity's) as the credential of
 * an app registration or identity registered in another tenant than the token's. An app can trust
 * only the managed identities of its own tenant; to reach another tenant, the app is multi-tenant
 * and provisioned there, while the app, its credential and the identity stay in the home tenant.
 *
 * @see https://learn.microsoft.com/answers/questions/2139753/aadsts700236-entra-id-tokens-issued-by-issuer-http (the message, for an identity of tenant A and an app registered in tenant B)
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity ("Both the Microsoft Entra app and managed identity must belong to the same tenant"; another tenant needs a multitenant app provisioned there)
 * @example
 * ```ts
 * diagnoseEntraIssuedAcrossTenants(facts, draft);
 * ```
 */
export function diagnoseEntraIssuedAcrossTenants(facts: Facts, draft: Draft): void {
  const { clientId, tenantId } = facts.context;
  const home = issuingTenant(facts);
  const homeText = home ?? "the tenant in the token's issuer";
  draft.summary = `Entra refuses the managed identity's token (issued by tenant ${homeText}) as a credential of client id ${clientId}: that app is registered in another tenant, and an app can trust only the managed identities of its own tenant.`;
  draft.likelyCauses.push(
    `The identity and the app registration are in different home tenants: the identity in ${homeText}, the app elsewhere (Microsoft requires both in the same tenant).`,
    `The app registration was created in the tenant the token is asked in (${tenantId}), with a federated credential pointing back at the identity's tenant; cross-tenant access goes the other way: a multi-tenant app of the identity's tenant, provisioned in ${tenantId}.`,
  );
  draft.fix.push(
    `Use a multi-tenant app registration of the identity's home tenant ${homeText} (signInAudience AzureADMultipleOrgs), give it the federated credential that trusts the identity, and set AZURE_CLIENT_ID to its client id.`,
    `Provision that app in tenant ${tenantId} (an admin of ${tenantId} consents, which creates its service principal there) and grant it access there; keep AZURE_TENANT_ID=${tenantId}.`,
    "Or use a user-assigned managed identity created in the app's own tenant.",
  );
  if (facts.issuer !== undefined && facts.subject !== undefined) {
    draft.suggestedCredential = suggestCredential(facts);
  }
  draft.commands.push(
    `az ad sp show --id ${shellQuote(clientId)} --query appOwnerOrganizationId -o tsv   # the app's home tenant`,
    `az identity list --query "[?principalId=='${facts.subject !== undefined && GUID_PATTERN.test(facts.subject) ? facts.subject : "<principal-id>"}'].{name: name, tenantId: tenantId}"   # the identity's`,
  );
}

/**
 * AADSTS700222 and AADSTS700229: Entra refuses a token it issued itself as a federated assertion
 * because it is not a user-assigned managed identity's token trusted by an app registration:
 * federation between two Entra identities is not supported (700222), and an Entra-issued assertion
 * must be an app-only token, not a user's (700229).
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations#microsoft-entra-issuers-arent-supported (AADSTS700222)
 * @see https://learn.microsoft.com/entra/identity-platform/reference-error-codes (AADSTS700229 ForbiddenTokenType)
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity (only user-assigned identities, as credentials of apps)
 * @example
 * ```ts
 * diagnoseEntraIssuedRefused(facts, 700222, draft);
 * ```
 */
export function diagnoseEntraIssuedRefused(facts: Facts, code: number, draft: Draft): void {
  const { clientId } = facts.context;
  draft.summary =
    code === 700229
      ? `Entra refuses the assertion for client id ${clientId}: it is a token Entra issued for a user; only app-only tokens (a managed identity's) can be the credential.`
      : `Entra refuses the assertion for client id ${clientId}: it is a token Entra issued itself, and Entra accepts one only as a user-assigned managed identity's token presented for an app registration that trusts it.`;
  draft.likelyCauses.push(
    "The token is not a user-assigned managed identity's: a user's token (az account get-access-token, a developer's DefaultAzureCredential), or an app registration's own token.",
    `Client id ${clientId} is a managed identity, not an app registration: a managed identity's federated credentials take external issuers only.`,
  );
  draft.fix.push(
    "Present the token of a user-assigned managed identity (name it with AZFED_MANAGED_IDENTITY_CLIENT_ID), for the exchange audience api://AzureADTokenExchange (US Gov …USGov, China …China).",
    `Set AZURE_CLIENT_ID to the client id of the app registration that trusts that identity, not to a managed identity's.`,
  );
  draft.commands.push(
    `az ad app show --id ${shellQuote(clientId)} --query appId -o tsv   # fails for a managed identity`,
  );
}
