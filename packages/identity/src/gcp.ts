/**
 * `@azfed/identity/gcp`: the Google Cloud provider (`gcp()`), its issuer and subject builders and
 * `gcpFederatedCredential()`, re-exported by name from `@azfed/gcp` (a dependency of
 * `@azfed/identity`). A subpath of its own, so importing `@azfed/identity` loads no provider package:
 * `DefaultFederatedCredential` imports the one it selects.
 *
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/identity";
 * import { gcp } from "@azfed/identity/gcp";
 *
 * const credential = new FederatedTokenCredential({
 *   tenantId: process.env.AZURE_TENANT_ID,
 *   clientId: process.env.AZURE_CLIENT_ID,
 *   assertion: gcp(),
 * });
 * ```
 *
 * @packageDocumentation
 */

export {
  DEFAULT_METADATA_HOST,
  DEFAULT_PROBE_HOSTS,
  GCP_ENVIRONMENT_HINTS,
  GCP_ISSUER,
  type GcpAssertionProvider,
  type GcpFederatedCredentialOptions,
  type GcpOptions,
  type GcpSubjectOptions,
  gcp,
  gcpFederatedCredential,
  gcpIssuer,
  gcpSubject,
  METADATA_HOST_ENV,
  METADATA_IP_ENV,
  METADATA_SERVER_DETECTION_ENV,
} from "@azfed/gcp";
