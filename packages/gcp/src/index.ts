export { GCP_ENVIRONMENT_HINTS } from "./detect-gcp";
export { type GcpFederatedCredentialOptions, gcpFederatedCredential } from "./gcp-federated-credential";
export { GCP_ISSUER, gcpIssuer } from "./gcp-issuer";
export { type GcpAssertionProvider, type GcpOptions, gcp } from "./gcp-provider";
export { type GcpSubjectOptions, gcpSubject } from "./gcp-subject";
export { DEFAULT_METADATA_HOST, METADATA_HOST_ENV } from "./metadata-host";
