/**
 * `@azfed/identity/managed-identity`: the Azure managed identity provider (`managedIdentity()`, used
 * by `DefaultFederatedCredential` only when named), its issuer and subject builders and
 * `managedIdentityFederatedCredential()`, re-exported by name from `@azfed/managed-identity` (a
 * dependency of `@azfed/identity`). A subpath of its own, so importing `@azfed/identity` loads no
 * provider package: `DefaultFederatedCredential` imports the one it selects.
 *
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/identity";
 * import { managedIdentity } from "@azfed/identity/managed-identity";
 *
 * const credential = new FederatedTokenCredential({
 *   tenantId: process.env.AZURE_TENANT_ID,
 *   clientId: process.env.AZURE_CLIENT_ID,
 *   assertion: managedIdentity(),
 * });
 * ```
 *
 * @packageDocumentation
 */

export {
  ENTRA_ISSUER_HOSTS,
  MANAGED_IDENTITY_CLIENT_ID_ENV,
  type ManagedIdentityAssertionProvider,
  type ManagedIdentityFederatedCredentialOptions,
  type ManagedIdentityIssuerOptions,
  type ManagedIdentityOptions,
  type ManagedIdentitySubjectOptions,
  managedIdentity,
  managedIdentityFederatedCredential,
  managedIdentityIssuer,
  managedIdentitySubject,
} from "@azfed/managed-identity";
