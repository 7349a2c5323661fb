import { InvalidInputError } from "@azfed/core";
import { requireFicFieldLength } from "@azfed/core/provider";
import {
  type RepositoryName,
  requireEnvironmentName,
  requireNumericId,
  requireRepository,
} from "./github-names";
import { claimKeysOf, collectClaims, readClaimKeys } from "./github-subject-claims";
import { contextPart, type GitHubSubjectContext, readContext, refOf } from "./github-subject-context";
import type { GitHubSubjectOptions } from "./github-subject-options";
import { escapeSubjectValue } from "./subject-escaping";

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
