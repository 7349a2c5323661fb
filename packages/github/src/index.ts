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
export { githubSubject } from "./github-subject";
export { GITHUB_PULL_REQUEST_EVENTS } from "./github-subject-context";
export {
  type GitHubJobSubject,
  type GitHubSubjectFromEnvironmentOptions,
  githubSubjectFromEnvironment,
} from "./github-subject-from-environment";
export type { GitHubOidcCustomization, GitHubSubjectOptions } from "./github-subject-options";
