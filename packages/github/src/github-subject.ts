import { InvalidInputError } from "@azfed/core";
import { requireFicFieldLength, requireGitRefName, requireSubjectPart } from "@azfed/core/provider";
import {
  type RepositoryName,
  requireEnvironmentName,
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

/**
 * The events whose jobs present the `pull_request` context in GitHub's default subject ("when the
 * workflow is triggered by a pull request event").
 *
 * @see https://docs.github.com/en/actions/reference/security/oidc#filtering-for-pull_request-events
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows
 *
 * @example
 * ```ts
 * GITHUB_PULL_REQUEST_EVENTS.includes("pull_request_target"); // true
 * ```
 */
export const GITHUB_PULL_REQUEST_EVENTS: readonly string[] = Object.freeze([
  "pull_request",
  "pull_request_target",
  "pull_request_review",
  "pull_request_review_comment",
]);

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
  | { readonly kind: "tag"; readonly name: string }
  | { readonly kind: "ref"; readonly ref: string };

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
  const claimKeys = readClaimKeys(claimKeysOf(options));
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
    event_name: options.event ?? (context?.kind === "pull_request" ? "pull_request" : undefined),
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
      expected: "true for jobs of pull request workflows, or leave it out",
      fix: "pass pullRequest: true",
    });
  }
  const event =
    options.event === undefined
      ? undefined
      : requireSubjectPart("event", options.event, {
          pattern: /^[a-z_]+$/,
          expected: "the event name GitHub sets in GITHUB_EVENT_NAME, e.g. push or pull_request_target",
          fix: "pass the job's GITHUB_EVENT_NAME",
        });
  const given = {
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
    ...(options.branch !== undefined ? { branch: options.branch } : {}),
    ...(options.tag !== undefined ? { tag: options.tag } : {}),
    ...(options.ref !== undefined ? { ref: options.ref } : {}),
    ...(options.pullRequest ? { pullRequest: true } : {}),
  };
  const refNames = ["branch", "tag", "ref"].filter((name) => name in given);
  if (refNames.length > 1) {
    throw new InvalidInputError({
      field: refNames.join(" and "),
      value: given,
      expected: "at most one of branch, tag or ref (a job runs on one ref)",
      fix: "keep the one the job runs on",
    });
  }
  // branch, tag and pullRequest are shorthands that name the one context: two of them contradict.
  // ref and event describe the job instead; GitHub's precedence then picks the context.
  const shorthands = ["environment", "branch", "tag", "pullRequest"].filter((name) => name in given);
  if (required && options.ref === undefined && event === undefined && shorthands.length !== 1) {
    throw new InvalidInputError({
      field: CONTEXT_FIELDS.replace(": true", ""),
      value: given,
      expected: `exactly one of ${CONTEXT_FIELDS}: GitHub's subject names one context`,
      fix:
        shorthands.length === 0
          ? 'pass the one the job runs under, e.g. branch: "main" (or describe the job with event and ref)'
          : 'keep only the one GitHub puts in the subject: environment when the job declares `environment:`, else pullRequest for pull request workflows, else the branch or tag (or use claimKeys without "context" to match several claims)',
    });
  }
  if (options.pullRequest && (options.branch !== undefined || options.tag !== undefined)) {
    throw new InvalidInputError({
      field: refNames.concat("pullRequest").join(" and "),
      value: given,
      expected:
        "pullRequest: true or a branch or tag, not both (a pull request job's subject names no branch)",
      fix: 'keep pullRequest: true, or pass ref: "refs/pull/{n}/merge" with event',
    });
  }
  const pullRequestEvent =
    options.pullRequest === true || (event !== undefined && GITHUB_PULL_REQUEST_EVENTS.includes(event));
  if (options.environment !== undefined && (required || Object.keys(given).length === 1)) {
    return { kind: "environment", name: requireEnvironmentName("environment", options.environment) };
  }
  if (pullRequestEvent) return { kind: "pull_request" };
  if (options.branch !== undefined)
    return { kind: "branch", name: requireGitRefName("branch", options.branch) };
  if (options.tag !== undefined) return { kind: "tag", name: requireGitRefName("tag", options.tag) };
  if (options.ref !== undefined) return fullRef(options.ref);
  if (required) {
    throw new InvalidInputError({
      field: "ref",
      value: given,
      expected: `the ref the job runs on for a ${event ?? "non pull request"} event`,
      fix: 'pass ref: the job\'s GITHUB_REF, e.g. "refs/heads/main"',
    });
  }
  return undefined;
}

/** A full ref as `GITHUB_REF` carries it; a branch or tag ref is kept as its kind. */
function fullRef(value: unknown): GitHubSubjectContext {
  const ref = requireSubjectPart("ref", value, {
    pattern: /^refs\/[^\s]+$/,
    expected: "a full git ref such as refs/heads/main, refs/tags/v1.0.0 or refs/pull/83/merge",
    fix: "pass the job's GITHUB_REF",
  });
  if (ref.startsWith("refs/heads/"))
    return { kind: "branch", name: requireGitRefName("branch", ref.slice(11)) };
  if (ref.startsWith("refs/tags/")) return { kind: "tag", name: requireGitRefName("tag", ref.slice(10)) };
  return { kind: "ref", ref };
}

/** The template's keys: `claimKeys`, else the customisation's, else undefined (GitHub's default). */
function claimKeysOf(options: GitHubSubjectOptions): readonly string[] | undefined {
  const { customization } = options;
  if (customization === undefined) return options.claimKeys;
  if (options.claimKeys !== undefined) {
    throw new InvalidInputError({
      field: "claimKeys and customization",
      value: { claimKeys: options.claimKeys, customization },
      expected: "one description of the template, not both",
      fix: "pass customization as GitHub's API returns it, or claimKeys, not both",
    });
  }
  if (
    typeof customization !== "object" ||
    customization === null ||
    typeof customization.use_default !== "boolean"
  ) {
    throw new InvalidInputError({
      field: "customization",
      value: customization,
      expected:
        "{ use_default: boolean, include_claim_keys?: string[] } as GET /repos/{owner}/{repo}/actions/oidc/customization/sub returns it",
      fix: 'paste the API\'s answer, e.g. { use_default: false, include_claim_keys: ["repo", "context"] }',
    });
  }
  if (customization.use_default) return undefined;
  if (customization.include_claim_keys === undefined) {
    throw new InvalidInputError({
      field: "customization.include_claim_keys",
      value: undefined,
      expected: "the template's claim keys when use_default is false",
      fix: "copy include_claim_keys from the organisation's template (GET /orgs/{org}/actions/oidc/customization/sub)",
    });
  }
  return customization.include_claim_keys;
}

function refOf(context: GitHubSubjectContext | undefined): string | undefined {
  if (context?.kind === "branch") return `refs/heads/${context.name}`;
  if (context?.kind === "tag") return `refs/tags/${context.name}`;
  if (context?.kind === "ref") return context.ref;
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
    case "ref":
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
