import { InvalidInputError, requireFicFieldLength, requireSubjectPart } from "@azfed/core";
import {
  type RepositoryName,
  requireEnvironmentName,
  requireGitRefName,
  requireNumericId,
  requireRepository,
} from "./github-names";
import { escapeSubjectValue } from "./subject-escaping";

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
  readonly environment?: string;
  /** The branch the workflow runs on, without `refs/heads/`, e.g. `main`. */
  readonly branch?: string;
  /** The tag the workflow runs on, without `refs/tags/`, e.g. `v1.2.0`. */
  readonly tag?: string;
  /** `true` for jobs of workflows triggered by the `pull_request` event (subject `…:pull_request`). */
  readonly pullRequest?: boolean;
  /**
   * The owner's numeric id (`GITHUB_REPOSITORY_OWNER_ID`). With {@link GitHubSubjectOptions.repositoryId}
   * it selects the immutable form `repo:{owner}@{ownerId}/{repo}@{repositoryId}:…`, the default for
   * repositories created, renamed or transferred after 2026-07-15.
   */
  readonly ownerId?: string | number;
  /** The repository's numeric id (`GITHUB_REPOSITORY_ID`); see {@link GitHubSubjectOptions.ownerId}. */
  readonly repositoryId?: string | number;
  /**
   * The repository's or organisation's customised subject template: the ordered `include_claim_keys`
   * list of GitHub's OIDC customisation API, e.g. `["repo", "context", "job_workflow_ref"]`. `repo` and
   * `context` are pseudo-keys (`repo:{owner}/{repo}` and the default context); every other key is written
   * `key:value`. Default `["repo", "context"]`, GitHub's default subject.
   */
  readonly claimKeys?: readonly string[];
  /**
   * Values of the claims named in {@link GitHubSubjectOptions.claimKeys} that the other options do not
   * give, e.g. `{ job_workflow_ref: "contoso/pipelines/.github/workflows/deploy.yml@refs/heads/main" }`.
   * `repository`, `repository_owner`, `repository_id`, `repository_owner_id`, `environment`, `ref`,
   * `ref_type` and (for pull requests) `event_name` come from the other options.
   */
  readonly claims?: Readonly<Record<string, string>>;
}

/**
 * The context part of GitHub's default subject: which of environment, pull request, branch or tag the
 * subject names.
 *
 * @internal
 */
export type GitHubSubjectContext =
  | { readonly kind: "environment"; readonly name: string }
  | { readonly kind: "pull_request" }
  | { readonly kind: "branch"; readonly name: string }
  | { readonly kind: "tag"; readonly name: string };

/**
 * A checked {@link GitHubSubjectOptions} and the subject built from it.
 *
 * @internal
 */
export interface ResolvedGitHubSubject {
  readonly subject: string;
  readonly repository: RepositoryName;
  readonly context: GitHubSubjectContext | undefined;
  readonly claimKeys: readonly string[];
  readonly immutable: boolean;
}

/** GitHub's default template. */
const DEFAULT_CLAIM_KEYS = ["repo", "context"] as const;
const CLAIM_KEY = /^[A-Za-z0-9_]+$/;
const CONTEXT_FIELDS = "environment, branch, tag or pullRequest: true";

/**
 * The `sub` claim GitHub Actions puts in the OIDC token of a job, built as GitHub builds it, for the
 * `subject` of a federated identity credential. Environment names and claim values have each `:`
 * written `%3A`, as GitHub writes them. Bad input throws `InvalidInputError` naming the option.
 *
 * The default form names exactly one context: `repo:{owner}/{repo}:environment:{name}`,
 * `…:pull_request`, `…:ref:refs/heads/{branch}` or `…:ref:refs/tags/{tag}`. With `ownerId` and
 * `repositoryId` the repository part is `{owner}@{ownerId}/{repo}@{repositoryId}`. With `claimKeys`
 * the subject follows the customised template.
 *
 * GitHub Enterprise Server has no immutable form, and writes `%3A` for `:` only from version 3.19
 * on: on older servers an environment name with a colon appears as is (rename the environment).
 *
 * @example
 * ```ts
 * githubSubject({ repository: "contoso/webapp", environment: "production" });
 * // "repo:contoso/webapp:environment:production"
 * githubSubject({ repository: "contoso/webapp", branch: "main", ownerId: 123456, repositoryId: 456789 });
 * // "repo:contoso@123456/webapp@456789:ref:refs/heads/main"
 * githubSubject({
 *   repository: "contoso/webapp",
 *   environment: "production",
 *   claimKeys: ["repo", "context", "job_workflow_ref"],
 *   claims: { job_workflow_ref: "contoso/pipelines/.github/workflows/deploy.yml@refs/heads/main" },
 * });
 * // "repo:contoso/webapp:environment:production:job_workflow_ref:contoso/pipelines/.github/workflows/deploy.yml@refs/heads/main"
 * ```
 */
export function githubSubject(options: GitHubSubjectOptions): string {
  return resolveGitHubSubject(options).subject;
}

/**
 * Checks {@link GitHubSubjectOptions} and builds the subject, keeping what the credential builder
 * needs for a name and a description.
 *
 * @internal
 */
export function resolveGitHubSubject(options: GitHubSubjectOptions): ResolvedGitHubSubject {
  if (typeof options !== "object" || options === null) {
    throw new InvalidInputError({
      field: "options",
      value: options,
      expected: 'an options object such as { repository: "owner/repo", branch: "main" }',
      fix: "pass one options object",
    });
  }
  const repository = requireRepository("repository", options.repository);
  const ids = readImmutableIds(options);
  const claimKeys = readClaimKeys(options.claimKeys);
  const usesContext = claimKeys.includes("context");
  const context = readContext(options, usesContext);
  const environment =
    options.environment === undefined
      ? undefined
      : requireEnvironmentName("environment", options.environment);

  const repo = ids
    ? `${repository.owner}@${ids.ownerId}/${repository.name}@${ids.repositoryId}`
    : `${repository.owner}/${repository.name}`;
  const claims = collectClaims(options.claims, claimKeys, {
    repository: `${repository.owner}/${repository.name}`,
    repository_owner: repository.owner,
    repository_owner_id: ids?.ownerId,
    repository_id: ids?.repositoryId,
    environment,
    ref: refOf(context),
    ref_type: context?.kind === "branch" || context?.kind === "tag" ? context.kind : undefined,
    event_name: context?.kind === "pull_request" ? "pull_request" : undefined,
  });

  const parts = claimKeys.map((key) => {
    if (key === "repo") return `repo:${repo}`;
    if (key === "context") return contextPart(context as GitHubSubjectContext);
    return `${key}:${escapeSubjectValue(claims[key] as string)}`;
  });
  return {
    subject: requireFicFieldLength("subject", parts.join(":")),
    repository,
    context,
    claimKeys,
    immutable: ids !== undefined,
  };
}

function readImmutableIds(
  options: GitHubSubjectOptions,
): { ownerId: string; repositoryId: string } | undefined {
  const { ownerId, repositoryId } = options;
  if (ownerId === undefined && repositoryId === undefined) return undefined;
  if (ownerId === undefined || repositoryId === undefined) {
    const missing = ownerId === undefined ? "ownerId" : "repositoryId";
    throw new InvalidInputError({
      field: missing,
      value: undefined,
      expected:
        "both ownerId and repositoryId for the immutable subject form repo:{owner}@{ownerId}/{repo}@{repositoryId}, or neither",
      fix: `pass ${missing} too (the job's ${missing === "ownerId" ? "GITHUB_REPOSITORY_OWNER_ID" : "GITHUB_REPOSITORY_ID"}), or drop ${missing === "ownerId" ? "repositoryId" : "ownerId"} for the name-only form`,
    });
  }
  return {
    ownerId: requireNumericId("ownerId", ownerId, "of the owner (GITHUB_REPOSITORY_OWNER_ID in a job)"),
    repositoryId: requireNumericId(
      "repositoryId",
      repositoryId,
      "of the repository (GITHUB_REPOSITORY_ID in a job)",
    ),
  };
}

function readClaimKeys(claimKeys: readonly string[] | undefined): readonly string[] {
  if (claimKeys === undefined) return DEFAULT_CLAIM_KEYS;
  if (!Array.isArray(claimKeys) || claimKeys.length === 0) {
    throw new InvalidInputError({
      field: "claimKeys",
      value: claimKeys,
      expected: 'a non-empty ordered list of claim keys, as in include_claim_keys, e.g. ["repo", "context"]',
      fix: "copy include_claim_keys from GET /repos/{owner}/{repo}/actions/oidc/customization/sub, or leave claimKeys out for GitHub's default",
    });
  }
  const seen = new Set<string>();
  claimKeys.forEach((key, index) => {
    requireSubjectPart(`claimKeys[${index}]`, key, {
      pattern: CLAIM_KEY,
      expected: "a claim key of letters, digits and underscores, e.g. job_workflow_ref",
      fix: "use the claim names of GitHub's OIDC token, or the pseudo-keys repo and context",
    });
    if (seen.has(key)) {
      throw new InvalidInputError({
        field: `claimKeys[${index}]`,
        value: key,
        expected: "each claim key once (GitHub's include_claim_keys holds unique keys)",
        fix: `remove the second "${key}"`,
      });
    }
    seen.add(key);
  });
  return claimKeys;
}

function readContext(options: GitHubSubjectOptions, required: boolean): GitHubSubjectContext | undefined {
  if (options.pullRequest !== undefined && typeof options.pullRequest !== "boolean") {
    throw new InvalidInputError({
      field: "pullRequest",
      value: options.pullRequest,
      expected: "true for jobs of pull_request workflows, or leave it out",
      fix: "pass pullRequest: true",
    });
  }
  const given = {
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
    ...(options.branch !== undefined ? { branch: options.branch } : {}),
    ...(options.tag !== undefined ? { tag: options.tag } : {}),
    ...(options.pullRequest ? { pullRequest: true } : {}),
  };
  const names = Object.keys(given);
  const refNames = names.filter((name) => name !== "environment");
  if (required && names.length !== 1) {
    throw new InvalidInputError({
      field: CONTEXT_FIELDS.replace(": true", ""),
      value: given,
      expected: `exactly one of ${CONTEXT_FIELDS}: GitHub's subject names one context`,
      fix:
        names.length === 0
          ? 'pass the one the job runs under, e.g. branch: "main"'
          : 'keep only the one GitHub puts in the subject: environment when the job declares `environment:`, else pullRequest for pull_request workflows, else the branch or tag (or use claimKeys without "context" to match several claims)',
    });
  }
  if (refNames.length > 1) {
    throw new InvalidInputError({
      field: refNames.join(" and "),
      value: given,
      expected: "at most one of branch, tag or pullRequest: true (a job runs on one ref)",
      fix: "keep the one the job runs on",
    });
  }
  if (options.environment !== undefined && (required || names.length === 1)) {
    return { kind: "environment", name: requireEnvironmentName("environment", options.environment) };
  }
  if (options.pullRequest) return { kind: "pull_request" };
  if (options.branch !== undefined)
    return { kind: "branch", name: requireGitRefName("branch", options.branch) };
  if (options.tag !== undefined) return { kind: "tag", name: requireGitRefName("tag", options.tag) };
  return undefined;
}

function refOf(context: GitHubSubjectContext | undefined): string | undefined {
  if (context?.kind === "branch") return `refs/heads/${context.name}`;
  if (context?.kind === "tag") return `refs/tags/${context.name}`;
  return undefined;
}

function contextPart(context: GitHubSubjectContext): string {
  switch (context.kind) {
    case "environment":
      return `environment:${escapeSubjectValue(context.name)}`;
    case "pull_request":
      return "pull_request";
    case "branch":
    case "tag":
      return `ref:${escapeSubjectValue(refOf(context) as string)}`;
  }
}

function collectClaims(
  given: Readonly<Record<string, string>> | undefined,
  claimKeys: readonly string[],
  derived: Readonly<Record<string, string | undefined>>,
): Readonly<Record<string, string>> {
  if (given !== undefined && (typeof given !== "object" || given === null || Array.isArray(given))) {
    throw new InvalidInputError({
      field: "claims",
      value: given,
      expected:
        'an object of claim values, e.g. { job_workflow_ref: "owner/repo/.github/workflows/x.yml@refs/heads/main" }',
      fix: "pass the values of the claims named in claimKeys",
    });
  }
  const claims: Record<string, string> = {};
  for (const [key, value] of Object.entries(derived)) {
    if (value !== undefined) claims[key] = value;
  }
  for (const [key, value] of Object.entries(given ?? {})) {
    const field = `claims.${key}`;
    if (key === "repo" || key === "context") {
      throw new InvalidInputError({
        field,
        value,
        expected: `no value for "${key}": it is a pseudo-key built from repository${key === "context" ? " and environment, branch, tag or pullRequest" : ""}`,
        fix: `remove claims.${key}`,
      });
    }
    if (!claimKeys.includes(key)) {
      throw new InvalidInputError({
        field,
        value,
        expected: `only values of claims named in claimKeys (${claimKeys.join(", ")})`,
        fix: `add "${key}" to claimKeys where the template has it, or remove claims.${key}`,
      });
    }
    const checked = requireSubjectPart(field, value, { expected: `the value of the ${key} claim` });
    const fromOptions = claims[key];
    if (fromOptions !== undefined && fromOptions !== checked) {
      throw new InvalidInputError({
        field,
        value: checked,
        expected: `${JSON.stringify(fromOptions)}, the ${key} the other options give`,
        fix: `remove claims.${key} (it follows from the other options) or correct it`,
      });
    }
    claims[key] = checked;
  }
  for (const [index, key] of claimKeys.entries()) {
    if (key === "repo" || key === "context" || claims[key] !== undefined) continue;
    throw new InvalidInputError({
      field: `claims.${key}`,
      value: undefined,
      expected: `the value of the ${key} claim, named in claimKeys[${index}]`,
      fix: `pass claims: { ${key}: "..." } with the value GitHub puts in the token's ${key} claim`,
    });
  }
  return claims;
}
