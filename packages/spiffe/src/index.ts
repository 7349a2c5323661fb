export { SpiffeJwtSvidFileError, type SpiffeJwtSvidFileProblem } from "./jwt-svid-file";
export {
  type SpiffeFederatedCredentialOptions,
  spiffeFederatedCredential,
} from "./spiffe-federated-credential";
export { type SpiffeIdParts, spiffeId } from "./spiffe-id";
export { type SpiffeAssertionProvider, type SpiffeOptions, spiffe } from "./spiffe-provider";
export { type SpiffeSubjectOptions, spiffeSubject } from "./spiffe-subject";
export { SpiffeWorkloadApiError, type WorkloadApiStatus } from "./spiffe-workload-api-error";
export { SPIFFE_ENDPOINT_SOCKET } from "./workload-endpoint";
