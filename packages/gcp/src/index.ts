export { GCP_ENVIRONMENT_HINTS, METADATA_SERVER_DETECTION_ENV } from "./detect-gcp";
export { type GcpFederatedCredentialOptions, gcpFederatedCredential } from "./gcp-federated-credential";
export { GCP_ISSUER, gcpIssuer } from "./gcp-issuer";
export { type GcpAssertionProvider, type GcpOptions, gcp } from "./gcp-provider";
export { type GcpSubjectOptions, gcpSubject } from "./gcp-subject";
export {
  DEFAULT_METADATA_HOST,
  DEFAULT_PROBE_HOSTS,
  METADATA_HOST_ENV,
  METADATA_IP_ENV,
} from "./metadata-host";
