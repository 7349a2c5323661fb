/**
 * `@azfed/identity/github`: the GitHub Actions provider (`githubActions()`), its issuer and subject
 * builders and `githubFederatedCredential()`, re-exported by name from `@azfed/github` (a dependency
 * of `@azfed/identity`). A subpath of its own, so importing `@azfed/identity` loads no provider
 * package: `DefaultFederatedCredential` imports the one it selects.
 *
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/identity";
 * import { githubActions } from "@azfed/identity/github";
 *
 * const credential = new FederatedTokenCredential({
 *   tenantId: process.env.AZURE_TENANT_ID,
 *   clientId: process.env.AZURE_CLIENT_ID,
 *   assertion: githubActions(),
 * });
 * ```
 *
 * @packageDocumentation
 */

export {
  detectGitHubActions,
  GITHUB_ISSUER,
  GITHUB_PULL_REQUEST_EVENTS,
  type GitHubActionsOptions,
  type GitHubApiOptions,
  type GitHubFederatedCredentialOptions,
  type GitHubIssuerOptions,
  type GitHubJobSubject,
  type GitHubOidcCustomization,
  type GitHubSubjectFromEnvironmentOptions,
  type GitHubSubjectOptions,
  type GitHubSubjectSettings,
  githubActions,
  githubFederatedCredential,
  githubIssuer,
  githubSubject,
  githubSubjectFromEnvironment,
  githubSubjectFromRepository,
  readGitHubSubjectSettings,
  withGitHubSubjectSettings,
} from "@azfed/github";
