import {
  type EntraCloud,
  GUID_PATTERN,
  InvalidInputError,
  KNOWN_CLOUDS,
  requireSubjectPart,
} from "@azfed/core";

/**
 * Where the managed identity lives: its home tenant and cloud.
 *
 * @example
 * ```ts
 * const options: ManagedIdentityIssuerOptions = { tenantId: "cccccccc-0000-0000-0000-000000000003", cloud: "usgov" };
 * ```
 */
export interface ManagedIdentityIssuerOptions {
  /** The identity's (and the app registration's) home tenant id, a GUID: the issuer carries the GUID, never a domain. */
  readonly tenantId: string;
  /** Default `"public"`. */
  readonly cloud?: EntraCloud["name"] | undefined;
}

/**
 * The host of the `iss` of the v2.0 tokens Entra issues in each cloud. China's differs from its
 * authority host (`login.chinacloudapi.cn`).
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity (`https://login.microsoftonline.com/{tenant}/v2.0`)
 * @see https://docs.azure.cn/en-us/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity (`https://login.partner.microsoftonline.cn/{tenant}/v2.0`)
 * @see https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/workload-id/workload-identity-federation-config-app-trust-managed-identity.md (US Gov: no literal issuer; the article's Bicep builds it as `${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0`, US Gov's login endpoint being `https://login.microsoftonline.us/`)
 * @example
 * ```ts
 * ENTRA_ISSUER_HOSTS.usgov; // "https://login.microsoftonline.us"
 * ```
 */
export const ENTRA_ISSUER_HOSTS: Readonly<Record<EntraCloud["name"], string>> = Object.freeze({
  public: KNOWN_CLOUDS.public.authorityHost,
  usgov: KNOWN_CLOUDS.usgov.authorityHost,
  china: "https://login.partner.microsoftonline.cn",
  // msal-common 16.16.1 AuthorityMetadata (as installed): these hosts' issuer is the host itself.
  france: KNOWN_CLOUDS.france.authorityHost,
  germany: KNOWN_CLOUDS.germany.authorityHost,
  singapore: KNOWN_CLOUDS.singapore.authorityHost,
});

/**
 * The issuer of a managed identity's tokens: its tenant's v2.0 authority,
 * `https://login.microsoftonline.com/{tenantId}/v2.0` (US Gov `https://login.microsoftonline.us/…`,
 * China `https://login.partner.microsoftonline.cn/…`). The `/v2.0` is part of it.
 *
 * @example
 * ```ts
 * managedIdentityIssuer({ tenantId: "cccccccc-0000-0000-0000-000000000003" });
 * // "https://login.microsoftonline.com/cccccccc-0000-0000-0000-000000000003/v2.0"
 * ```
 */
export function managedIdentityIssuer(options: ManagedIdentityIssuerOptions): string {
  const tenantId = requireSubjectPart("tenantId", options?.tenantId, {
    pattern: GUID_PATTERN,
    expected: "the identity's home tenant id, a GUID (the token's issuer names the GUID, never a domain)",
    fix: "run az account show --query tenantId -o tsv in the identity's subscription",
  });
  const cloud = options.cloud ?? "public";
  const host = ENTRA_ISSUER_HOSTS[cloud];
  if (typeof host !== "string" || !Object.hasOwn(ENTRA_ISSUER_HOSTS, cloud)) {
    throw new InvalidInputError({
      field: "cloud",
      value: cloud,
      expected: `one of ${Object.keys(ENTRA_ISSUER_HOSTS).join(", ")}`,
      fix: "leave it out for the public cloud",
    });
  }
  return `${host}/${tenantId}/v2.0`;
}
