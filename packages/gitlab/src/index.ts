export {
  type GitLabFederatedCredentialOptions,
  gitlabFederatedCredential,
} from "./gitlab-federated-credential";
export { GITLAB_COM_URL, type GitLabIssuerOptions, gitlabIssuer } from "./gitlab-issuer";
export { type GitLabOptions, gitlab } from "./gitlab-provider";
export {
  ALLOWED_GITLAB_SUB_CLAIM_COMPONENTS,
  DEFAULT_GITLAB_SUB_CLAIM_COMPONENTS,
  type GitLabSubClaimComponent,
  type GitLabSubjectOptions,
  gitlabSubject,
} from "./gitlab-subject";
export {
  type GitLabSubjectFromEnvironmentOptions,
  gitlabSubjectFromEnvironment,
} from "./gitlab-subject-from-environment";
