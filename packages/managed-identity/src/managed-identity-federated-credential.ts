import {
  type EntraCloud,
  type FederatedCredentialChoices,
  type FederatedIdentityCredential,
  InvalidInputError,
  KNOWN_CLOUDS,
} from "@azfed/core";
import { assembleFederatedCredential, requireHttpsIssuer } from "@azfed/core/provider";
import { managedIdentityIssuer } from "./managed-identity-issuer";
import { managedIdentitySubject } from "./managed-identity-subject";

/**
 * What {@link managedIdentityFederatedCredential} needs.
 *
 * @example
 * ```ts
 * const options: ManagedIdentityFederatedCredentialOptions = {
 *   principalId: "bbbbbbbb-0000-0000-0000-000000000002",
 *   tenantId: "cccccccc-0000-0000-0000-000000000003",
 * };
 * ```
 */
export interface ManagedIdentityFederatedCredentialOptions extends FederatedCredentialChoices {
  /** The user-assigned identity's object (principal) id. */
  readonly principalId: string;
  /** The home tenant of the identity and of the app registration (they must be the same). */
  readonly tenantId: string;
  /** The cloud of both; decides the issuer host and the audience. Default `"public"`. */
  readonly cloud?: EntraCloud["name"] | undefined;
  /** The issuer. Default {@link managedIdentityIssuer}; override it only for a test issuer (the Entra emulator's). */
  readonly issuer?: string | undefined;
}

/**
 * The federated identity credential that lets an app registration trust a user-assigned managed
 * identity of the same tenant: issuer the tenant's v2.0 authority, subject the identity's principal
 * id, audience the cloud's exchange audience. Create it on the **app registration**; the identity's
 * token can then be exchanged for the app's tokens in any tenant where the app is provisioned.
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity
 * @example
 * ```ts
 * managedIdentityFederatedCredential({
 *   principalId: "bbbbbbbb-0000-0000-0000-000000000002",
 *   tenantId: "cccccccc-0000-0000-0000-000000000003",
 * });
 * // { name: "managed-identity-bbbbbbbb-0000-0000-0000-000000000002",
 * //   issuer: "https://login.microsoftonline.com/cccccccc-0000-0000-0000-000000000003/v2.0",
 * //   subject: "bbbbbbbb-0000-0000-0000-000000000002", audiences: ["api://AzureADTokenExchange"], description: ... }
 * ```
 */
export function managedIdentityFederatedCredential(
  options: ManagedIdentityFederatedCredentialOptions,
): FederatedIdentityCredential {
  const subject = managedIdentitySubject(options);
  const cloud = options.cloud ?? "public";
  const known = Object.hasOwn(KNOWN_CLOUDS, cloud) ? KNOWN_CLOUDS[cloud] : undefined;
  if (!known) {
    throw new InvalidInputError({
      field: "cloud",
      value: cloud,
      expected: `one of ${Object.keys(KNOWN_CLOUDS).join(", ")}`,
      fix: "leave it out for the public cloud",
    });
  }
  const issuer =
    options.issuer === undefined
      ? managedIdentityIssuer({ tenantId: options.tenantId, cloud })
      : requireHttpsIssuer("issuer", options.issuer, {
          expected: "the tenant's issuer, e.g. https://login.microsoftonline.com/{tenantId}/v2.0",
          fix: "leave issuer out to build it from tenantId and cloud",
        });
  // A given issuer (a test one) replaces the built one, but the tenant is still checked.
  if (options.issuer !== undefined) managedIdentityIssuer({ tenantId: options.tenantId, cloud });
  return assembleFederatedCredential(
    {
      platform: "managed-identity",
      issuer,
      subject,
      cloud: known,
      summary: `User-assigned managed identity with principal id ${subject}`,
    },
    options,
  );
}
