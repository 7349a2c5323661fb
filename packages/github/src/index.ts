export {
  type GitHubFederatedCredentialOptions,
  githubFederatedCredential,
} from "./github-federated-credential";
export { GITHUB_ISSUER, type GitHubIssuerOptions, githubIssuer } from "./github-issuer";
export { detectGitHubActions, type GitHubActionsOptions, githubActions } from "./github-provider";
export {
  type GitHubApiOptions,
  type GitHubSubjectSettings,
  githubSubjectFromRepository,
  readGitHubSubjectSettings,
  withGitHubSubjectSettings,
} from "./github-repository-subject";
export {
  GITHUB_PULL_REQUEST_EVENTS,
  type GitHubOidcCustomization,
  type GitHubSubjectOptions,
  githubSubject,
} from "./github-subject";
export {
  type GitHubJobSubject,
  type GitHubSubjectFromEnvironmentOptions,
  githubSubjectFromEnvironment,
} from "./github-subject-from-environment";
