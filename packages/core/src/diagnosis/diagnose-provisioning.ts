import { cloudForAuthorityHost, KNOWN_CLOUDS } from "../clouds";
import { shellQuote } from "../shell-quote";
import type { Draft } from "./diagnosis-draft";
import type { Facts } from "./diagnosis-facts";

/** The admin consent URL that provisions an app in a tenant. */
function adminConsentUrl(facts: Facts): string {
  const host = (cloudForAuthorityHost(facts.context.authorityHost) ?? KNOWN_CLOUDS.public).authorityHost;
  return `${host}/${encodeURIComponent(facts.context.tenantId)}/adminconsent?client_id=${encodeURIComponent(facts.context.clientId)}`;
}

/**
 * AADSTS7000229: the app has no service principal in the tenant asked (it is registered, but not
 * provisioned there): an admin's consent, or `az ad sp create`, creates it.
 *
 * @see https://learn.microsoft.com/microsoftteams/platform/teams-sdk/teams/app-authentication/troubleshooting ("AADSTS7000229: The client application … is missing service principal in the tenant …")
 * @see https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent
 * @example
 * ```ts
 * diagnoseMissingServicePrincipal(facts, draft);
 * ```
 */
export function diagnoseMissingServicePrincipal(facts: Facts, draft: Draft): void {
  const { clientId, tenantId } = facts.context;
  draft.summary = `The app with client id ${clientId} has no service principal in tenant ${tenantId}: it is not provisioned there, so Entra issues no token for it in that tenant.`;
  draft.likelyCauses.push(
    `No admin of tenant ${tenantId} has consented to the app (consent creates its service principal, the "enterprise application").`,
    "The app's service principal was deleted.",
  );
  draft.fix.push(
    `As an admin of tenant ${tenantId}, consent to the app (the URL below) or run \`az ad sp create --id ${clientId}\` signed in to that tenant, then grant the service principal the access it needs.`,
  );
  draft.commands.push(
    `az ad sp show --id ${shellQuote(clientId)}   # signed in to tenant ${tenantId}`,
    `az ad sp create --id ${shellQuote(clientId)}`,
    adminConsentUrl(facts),
  );
}

/**
 * AADSTS65001: no admin has consented, in the tenant asked, to the permissions the app requests.
 *
 * @see https://learn.microsoft.com/entra/identity-platform/reference-error-codes (AADSTS65001 DelegationDoesNotExist)
 * @see https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent
 * @example
 * ```ts
 * diagnoseConsentMissing(facts, draft);
 * ```
 */
export function diagnoseConsentMissing(facts: Facts, draft: Draft): void {
  const { clientId, tenantId } = facts.context;
  draft.summary = `No administrator of tenant ${tenantId} has consented to what the app with client id ${clientId} asks for.`;
  draft.likelyCauses.push(
    `The multi-tenant app is not provisioned in tenant ${tenantId}, or its permissions changed since the tenant's admin consented.`,
  );
  draft.fix.push(`As an admin of tenant ${tenantId}, grant admin consent to the app (the URL below).`);
  draft.commands.push(adminConsentUrl(facts));
}
