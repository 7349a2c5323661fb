export {
  type BuildkiteFederatedCredentialOptions,
  buildkiteFederatedCredential,
} from "./buildkite-federated-credential";
export { BUILDKITE_ISSUER, buildkiteIssuer } from "./buildkite-issuer";
export {
  type BuildkiteOptions,
  type BuildkiteSubjectClaim,
  buildkite,
  detectBuildkite,
} from "./buildkite-provider";
export { type BuildkiteSubjectOptions, buildkiteSubject } from "./buildkite-subject";
export { buildkiteSubjectFromEnvironment } from "./buildkite-subject-from-environment";
