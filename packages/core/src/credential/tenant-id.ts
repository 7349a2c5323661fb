import { CredentialUnavailableError } from "../errors/credential-unavailable-error";
import { InvalidInputError } from "../errors/invalid-input-error";

const TENANT_ID = /^[0-9a-zA-Z.-]+$/;
/** Authorities that stand for several tenants: an app token needs one specific tenant. */
const MULTI_TENANT_ALIASES = new Set(["common", "organizations", "consumers"]);

/**
 * Checks that a tenant id is a GUID or a domain name (`^[0-9a-zA-Z.-]+$`), as Microsoft Entra ID and
 * `@azure/identity` require, and not one of the multi-tenant aliases (`common`, `organizations`,
 * `consumers`), which the client-credentials flow cannot use.
 *
 * @param field - What to call the value in the error, e.g. `tenantId` or `tenantId (from AZURE_TENANT_ID)`.
 * @throws {@link InvalidInputError} naming `field`.
 *
 * @example
 * ```ts
 * checkTenantId("tenantId", "72f988bf-86f1-41af-91ab-2d7cd011db47"); // returns
 * checkTenantId("tenantId", "contoso tenant"); // throws InvalidInputError
 * ```
 */
export function checkTenantId(field: string, tenantId: unknown): asserts tenantId is string {
  if (typeof tenantId !== "string" || !TENANT_ID.test(tenantId)) {
    throw new InvalidInputError({
      field,
      value: tenantId,
      expected: "a GUID or a domain name matching ^[0-9a-zA-Z.-]+$",
      fix: "use the Directory (tenant) ID shown on the app registration's Overview page in the Azure portal",
    });
  }
  if (MULTI_TENANT_ALIASES.has(tenantId.toLowerCase())) {
    throw new InvalidInputError({
      field,
      value: tenantId,
      expected: "one specific tenant: an app token cannot be issued by a multi-tenant alias",
      fix: "use the Directory (tenant) ID shown on the app registration's Overview page in the Azure portal",
    });
  }
}

/**
 * The tenant a `getToken` call asks for: the request's `tenantId` when it gives one, else the
 * credential's. A tenant other than the credential's is allowed only when it is listed in
 * `additionallyAllowedTenants` or that list holds `"*"`; otherwise a
 * {@link CredentialUnavailableError} says how to allow it, as `@azure/identity` does.
 *
 * @example
 * ```ts
 * resolveRequestTenant("contoso.onmicrosoft.com", undefined, []); // "contoso.onmicrosoft.com"
 * resolveRequestTenant("contoso.onmicrosoft.com", "Contoso.OnMicrosoft.com", []); // "contoso.onmicrosoft.com"
 * resolveRequestTenant("contoso.onmicrosoft.com", "fabrikam.onmicrosoft.com", ["*"]); // "fabrikam.onmicrosoft.com"
 * resolveRequestTenant("contoso.onmicrosoft.com", "fabrikam.onmicrosoft.com", []); // throws CredentialUnavailableError
 * ```
 */
export function resolveRequestTenant(
  configuredTenantId: string,
  requestedTenantId: string | undefined,
  additionallyAllowedTenants: readonly string[],
): string {
  // Tenant ids (GUIDs and domain names) are case-insensitive: the credential's own, in any case, is its own.
  if (
    requestedTenantId === undefined ||
    requestedTenantId.toLowerCase() === configuredTenantId.toLowerCase()
  ) {
    return configuredTenantId;
  }
  checkTenantId("getTokenOptions.tenantId", requestedTenantId);
  const allowed =
    additionallyAllowedTenants.includes("*") ||
    additionallyAllowedTenants.some((tenant) => tenant.toLowerCase() === requestedTenantId.toLowerCase());
  if (!allowed) {
    throw new CredentialUnavailableError(
      `FederatedTokenCredential is not configured to acquire tokens for tenant ${requestedTenantId} ` +
        `(it is configured for tenant ${configuredTenantId}). To allow it, add "${requestedTenantId}" to the ` +
        `additionallyAllowedTenants option, or add "*" to allow any tenant.`,
    );
  }
  return requestedTenantId;
}
