/**
 * What a GitHub Actions job's `sub` claim is built from: the repository, the job's context (one of
 * environment, pull request, branch or tag), optionally the immutable owner and repository ids, and
 * optionally a customised `include_claim_keys` template with the values of its claims.
 *
 * @example
 * ```ts
 * const deployToProduction: GitHubSubjectOptions = { repository: "contoso/webapp", environment: "production" };
 * const mainBranch: GitHubSubjectOptions = { repository: "contoso/webapp", branch: "main" };
 * ```
 */
export interface GitHubSubjectOptions {
  /** The repository as `owner/repo`, e.g. `contoso/webapp`. */
  readonly repository: string;
  /**
   * The environment the job declares (`environment: production`). A job bound to an environment
   * presents `…:environment:{name}` whatever its branch or event.
   */
  readonly environment?: string | undefined;
  /** The branch the workflow runs on, without `refs/heads/`, e.g. `main`. */
  readonly branch?: string | undefined;
  /** The tag the workflow runs on, without `refs/tags/`, e.g. `v1.2.0`. */
  readonly tag?: string | undefined;
  /**
   * `true` for jobs of workflows triggered by a pull request event (`pull_request`,
   * `pull_request_target`, `pull_request_review`, `pull_request_review_comment`): subject `…:pull_request`.
   */
  readonly pullRequest?: boolean | undefined;
  /**
   * Any full ref the job runs on (`GITHUB_REF`), e.g. `refs/pull/83/merge` or
   * `refs/heads/gh-readonly-queue/main/pr-83-…`: subject `…:ref:{ref}` unless the job references an
   * environment or runs for a pull request event. An alternative to `branch` and `tag`.
   */
  readonly ref?: string | undefined;
  /**
   * The event that triggered the workflow (`GITHUB_EVENT_NAME`). A pull request event
   * (see {@link GITHUB_PULL_REQUEST_EVENTS}) selects the `pull_request` context whatever the ref:
   * `pull_request_target` runs on the base branch's ref yet presents `…:pull_request`.
   */
  readonly event?: string | undefined;
  /**
   * The repository's OIDC subject customisation, as `GET /repos/{owner}/{repo}/actions/oidc/customization/sub`
   * returns it: `use_default: true` is GitHub's default template (an organisation template is then
   * ignored), `use_default: false` uses `include_claim_keys`. An alternative to `claimKeys`.
   */
  readonly customization?: GitHubOidcCustomization | undefined;
  /**
   * The owner's numeric id (`GITHUB_REPOSITORY_OWNER_ID`). With {@link GitHubSubjectOptions.repositoryId}
   * it selects the immutable form `repo:{owner}@{ownerId}/{repo}@{repositoryId}:…`, the default for
   * repositories created, renamed or transferred after 2026-07-15.
   */
  readonly ownerId?: string | number | undefined;
  /** The repository's numeric id (`GITHUB_REPOSITORY_ID`); see {@link GitHubSubjectOptions.ownerId}. */
  readonly repositoryId?: string | number | undefined;
  /**
   * The repository's or organisation's customised subject template: the ordered `include_claim_keys`
   * list of GitHub's OIDC customisation API, e.g. `["repo", "context", "job_workflow_ref"]`. `repo` and
   * `context` are pseudo-keys (`repo:{owner}/{repo}` and the default context); every other key is written
   * `key:value`. Default `["repo", "context"]`, GitHub's default subject.
   */
  readonly claimKeys?: readonly string[] | undefined;
  /**
   * Values of the claims named in {@link GitHubSubjectOptions.claimKeys} that the other options do not
   * give, e.g. `{ job_workflow_ref: "contoso/pipelines/.github/workflows/deploy.yml@refs/heads/main" }`.
   * `repository`, `repository_owner`, `repository_id`, `repository_owner_id`, `environment`, `ref`,
   * `ref_type` and (for pull requests) `event_name` come from the other options.
   */
  readonly claims?: Readonly<Record<string, string>> | undefined;
}

/**
 * A repository's OIDC subject customisation, in the shape of GitHub's REST API
 * (`GET /repos/{owner}/{repo}/actions/oidc/customization/sub`).
 *
 * @see https://docs.github.com/en/actions/reference/security/oidc#customizing-the-subject-claims-for-an-organization-or-repository
 *
 * @example
 * ```ts
 * const customization: GitHubOidcCustomization = {
 *   use_default: false,
 *   include_claim_keys: ["repository_owner_id", "repository_id", "context"],
 * };
 * ```
 */
export interface GitHubOidcCustomization {
  /** `true`: GitHub's default template; `false`: `include_claim_keys`. */
  readonly use_default: boolean;
  /** The ordered claim keys of the template (when `use_default` is false). */
  readonly include_claim_keys?: readonly string[] | undefined;
}
