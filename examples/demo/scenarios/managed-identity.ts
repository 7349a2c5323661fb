import { randomUUID } from "node:crypto";
import { managedIdentityFederatedCredential } from "@azfed/identity/managed-identity";
import { startManagedIdentityEmulator } from "@azfed/testing";
import type { PlatformScenario, ScenarioContext } from "../scenario";

/**
 * An App Service app `saas-worker` of a SaaS vendor, with the user-assigned managed identity
 * `saas-worker` (App Service's `IDENTITY_ENDPOINT` + `IDENTITY_HEADER`), acting as the vendor's
 * multi-tenant app registration in a customer's tenant: the identity and the app live in the vendor's
 * home tenant A, the app is provisioned (consented) in the customer's tenant B, and the token is asked
 * for in B (`context.tenantId`). The FIC on the app trusts the identity: issuer A's v2.0 authority,
 * subject the identity's object (principal) id.
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity
 * @example
 * ```ts
 * const scenario = await startManagedIdentityScenario({ ca, entra, tenantId, clientId });
 * ```
 */
export async function startManagedIdentityScenario(context: ScenarioContext): Promise<PlatformScenario> {
  const homeTenantId = randomUUID();
  const identity = {
    clientId: randomUUID(),
    principalId: randomUUID(),
    tenantId: homeTenantId,
    resourceId: `/subscriptions/${randomUUID()}/resourceGroups/saas-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/saas-worker`,
  };
  const endpoint = await startManagedIdentityEmulator({ entra: context.entra, identities: [identity] });
  const issuer = context.entra.issuer(homeTenantId);
  return {
    platform: "managed-identity",
    title: "Azure managed identity",
    runsIn: `an App Service app whose user-assigned identity saas-worker lives in home tenant ${homeTenantId}, acting as the app in customer tenant ${context.tenantId}`,
    workload: "web app",
    services: [{ name: "App Service identity endpoint", url: endpoint.appServiceEnv().IDENTITY_ENDPOINT }],
    env: {
      ...endpoint.appServiceEnv(),
      WEBSITE_SITE_NAME: "saas-worker",
      AZFED_PROVIDER: "managed-identity",
      AZFED_MANAGED_IDENTITY_CLIENT_ID: identity.clientId,
      AZURE_CLIENT_ID: context.clientId,
      AZURE_TENANT_ID: context.tenantId,
    },
    application: { homeTenantId, provisionedIn: [context.tenantId] },
    fic: managedIdentityFederatedCredential({
      principalId: identity.principalId,
      tenantId: homeTenantId,
      issuer,
      name: "saas-worker",
    }),
    // The classic slip: the identity's client id (what AZFED_MANAGED_IDENTITY_CLIENT_ID holds) as the
    // subject, where Entra puts the identity's object (principal) id.
    mismatchedFic: managedIdentityFederatedCredential({
      principalId: identity.clientId,
      tenantId: homeTenantId,
      issuer,
      name: "saas-worker-by-client-id",
    }),
    mismatch: "has the identity's client id as subject; the token's subject is its object (principal) id",
    close: () => endpoint.close(),
  };
}
