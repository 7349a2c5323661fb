import { entraIssuer } from "@azfed/core/provider";
import { requireGuid } from "./guid";

/**
 * Options of {@link azurePipelinesIssuer}.
 *
 * @example
 * ```ts
 * const options: AzurePipelinesIssuerOptions = { organizationId: "7e3c3b0c-3d2a-4b55-9d0e-2f1a6c5b8e01" };
 * ```
 */
export interface AzurePipelinesIssuerOptions {
  /** The Azure DevOps organization's id (`System.CollectionId`), a GUID. */
  readonly organizationId: string;
}

/**
 * The legacy Azure DevOps issuer of a service connection's tokens,
 * `https://vstoken.dev.azure.com/{organizationId}`. It pairs with {@link azurePipelinesSubject}.
 * Azure DevOps retires it on 2027-07-01 for public-cloud service connections that use single-tenant
 * apps or managed identities: convert those to the Entra issuer ({@link azurePipelinesEntraIssuer}).
 *
 * @example
 * ```ts
 * azurePipelinesIssuer({ organizationId: "7E3C3B0C-3D2A-4B55-9D0E-2F1A6C5B8E01" });
 * // "https://vstoken.dev.azure.com/7e3c3b0c-3d2a-4b55-9d0e-2f1a6c5b8e01"
 * ```
 */
export function azurePipelinesIssuer(options: AzurePipelinesIssuerOptions): string {
  const organizationId = requireGuid(
    "organizationId",
    options?.organizationId,
    "use the job's SYSTEM_COLLECTIONID, or the issuer shown on the service connection's page",
  );
  return `https://vstoken.dev.azure.com/${organizationId}`;
}

/**
 * Options of {@link azurePipelinesEntraIssuer}.
 *
 * @example
 * ```ts
 * const options: AzurePipelinesEntraIssuerOptions = { tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47" };
 * ```
 */
export interface AzurePipelinesEntraIssuerOptions {
  /** The Entra tenant of the service connection's app registration or managed identity, a GUID. */
  readonly tenantId: string;
}

/**
 * The Entra issuer of a service connection's tokens (the default for new connections),
 * `https://login.microsoftonline.com/{tenantId}/v2.0`. It pairs with
 * {@link azurePipelinesEntraSubject}. Entra refuses it for a multitenant app (AADSTS70052); keep
 * connections that use multitenant apps on the legacy issuer.
 *
 * @example
 * ```ts
 * azurePipelinesEntraIssuer({ tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47" });
 * // "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0"
 * ```
 */
export function azurePipelinesEntraIssuer(options: AzurePipelinesEntraIssuerOptions): string {
  const tenantId = requireGuid(
    "tenantId",
    options?.tenantId,
    "use the Directory (tenant) ID GUID of the identity the service connection uses, not a domain name",
  );
  return entraIssuer("public", tenantId);
}
