/**
 * `@azfed/managed-identity`: an Azure user-assigned managed identity's token as the assertion of an
 * app registration's federated credential, so a workload in Azure acts as a (multi-tenant) app with no
 * secret or certificate, in any tenant where the app is provisioned.
 *
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/core";
 * import { managedIdentity } from "@azfed/managed-identity";
 *
 * const credential = new FederatedTokenCredential({
 *   tenantId: "customer-tenant-id",
 *   clientId: "app-client-id",
 *   assertion: managedIdentity({ clientId: "managed-identity-client-id" }),
 * });
 * ```
 *
 * @packageDocumentation
 */
export {
  type ManagedIdentityFederatedCredentialOptions,
  managedIdentityFederatedCredential,
} from "./managed-identity-federated-credential";
export { MANAGED_IDENTITY_CLIENT_ID_ENV } from "./managed-identity-id";
export {
  ENTRA_ISSUER_HOSTS,
  type ManagedIdentityIssuerOptions,
  managedIdentityIssuer,
} from "./managed-identity-issuer";
export {
  type ManagedIdentityAssertionProvider,
  type ManagedIdentityOptions,
  managedIdentity,
} from "./managed-identity-provider";
export { type ManagedIdentitySubjectOptions, managedIdentitySubject } from "./managed-identity-subject";
