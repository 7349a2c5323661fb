import { type EntraCloud, InvalidInputError, KNOWN_CLOUDS } from "@azfed/core";
import { entraIssuer, GUID_PATTERN, requireSubjectPart } from "@azfed/core/provider";

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
 * The host of the `iss` of the v2.0 tokens Entra issues in each cloud: a view of core's
 * `KNOWN_CLOUDS[cloud].issuerHost` (`clouds.ts`, where the sources are cited). China's differs from
 * its authority host (`login.chinacloudapi.cn`).
 *
 * @example
 * ```ts
 * ENTRA_ISSUER_HOSTS.usgov; // "https://login.microsoftonline.us"
 * ```
 */
export const ENTRA_ISSUER_HOSTS: Readonly<Record<EntraCloud["name"], string>> = Object.freeze(
  Object.fromEntries(Object.values(KNOWN_CLOUDS).map((cloud) => [cloud.name, cloud.issuerHost])) as Record<
    EntraCloud["name"],
    string
  >,
);

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
  if (typeof cloud !== "string" || !Object.hasOwn(KNOWN_CLOUDS, cloud)) {
    throw new InvalidInputError({
      field: "cloud",
      value: cloud,
      expected: `one of ${Object.keys(KNOWN_CLOUDS).join(", ")}`,
      fix: "leave it out for the public cloud",
    });
  }
  return entraIssuer(cloud, tenantId);
}
