/**
 * `@azfed/identity/gitlab`: the GitLab CI provider (`gitlab()`), its issuer and subject builders and
 * `gitlabFederatedCredential()`, re-exported by name from `@azfed/gitlab` (a dependency of
 * `@azfed/identity`). A subpath of its own, so importing `@azfed/identity` loads no provider package:
 * `DefaultFederatedCredential` imports the one it selects.
 *
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/identity";
 * import { gitlab } from "@azfed/identity/gitlab";
 *
 * const credential = new FederatedTokenCredential({
 *   tenantId: process.env.AZURE_TENANT_ID,
 *   clientId: process.env.AZURE_CLIENT_ID,
 *   assertion: gitlab(),
 * });
 * ```
 *
 * @packageDocumentation
 */

export {
  ALLOWED_GITLAB_SUB_CLAIM_COMPONENTS,
  DEFAULT_GITLAB_SUB_CLAIM_COMPONENTS,
  GITLAB_COM_URL,
  type GitLabFederatedCredentialOptions,
  type GitLabIssuerOptions,
  type GitLabOptions,
  type GitLabSubClaimComponent,
  type GitLabSubjectFromEnvironmentOptions,
  type GitLabSubjectOptions,
  gitlab,
  gitlabFederatedCredential,
  gitlabIssuer,
  gitlabSubject,
  gitlabSubjectFromEnvironment,
} from "@azfed/gitlab";
