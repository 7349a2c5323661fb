import { randomBytes, randomInt } from "node:crypto";
import type { JWTPayload } from "jose";
import { conformanceDefault } from "../conformance/conformance-corpus";
import { InvalidEmulatorOptionError } from "../invalid-option-error";

// The GitHub Actions emulator's model: the job, the claims and subject of its tokens, and the job's
// variables. No sockets; the server in github-actions-emulator.ts calls these.
// GitHub's readings live in the conformance corpus (packages/testing/conformance/github.json).
const DEFAULT_CLAIM_KEYS = conformanceDefault("github", "subjectClaimKeys", "string[]");
const PULL_REQUEST_EVENTS = conformanceDefault("github", "pullRequestEvents", "string[]");
const CLAIM_KEY = /^[A-Za-z0-9_]+$/;
const OWNER_REPO = /^[A-Za-z0-9][A-Za-z0-9_-]*\/[A-Za-z0-9._-]+$/;
const DIGITS = /^[1-9][0-9]*$/;

/**
 * The GitHub Actions job whose OIDC tokens the emulator issues: what GitHub knows about the run and
 * puts in the token's claims.
 *
 * @example
 * ```ts
 * const job: Partial<GitHubActionsJob> = {
 *   repository: "contoso/webapp",
 *   ref: "refs/heads/main",
 *   environment: "production",
 *   claimKeys: ["repo", "context", "job_workflow_ref"],
 * };
 * ```
 */
export interface GitHubActionsJob {
  /** `owner/repo`. */
  readonly repository: string;
  /** The repository's numeric id (claim `repository_id`). */
  readonly repositoryId: string;
  /** The owner's numeric id (claim `repository_owner_id`). */
  readonly repositoryOwnerId: string;
  readonly repositoryVisibility: "public" | "private" | "internal";
  /** The ref the run is for: `refs/heads/{branch}`, `refs/tags/{tag}`, or `refs/pull/{n}/merge` for pull requests. */
  readonly ref: string;
  readonly sha: string;
  /** The environment the job declares, if any; it takes precedence in the default subject. */
  readonly environment: string | undefined;
  /** The triggering event, e.g. `push`, `pull_request`, `workflow_dispatch`. */
  readonly eventName: string;
  readonly actor: string;
  readonly actorId: string;
  /** The workflow's name. */
  readonly workflow: string;
  /** `{owner}/{repo}/.github/workflows/{file}@{ref}`. Default from the repository and ref. */
  readonly workflowRef: string | undefined;
  /** The reusable workflow the job runs, if different from the workflow (claim `job_workflow_ref`). Default {@link GitHubActionsJob.workflowRef}. */
  readonly jobWorkflowRef: string | undefined;
  readonly runId: string;
  readonly runNumber: string;
  readonly runAttempt: string;
  readonly runnerEnvironment: "github-hosted" | "self-hosted";
  /** For pull requests, the head and base branches; `""` otherwise, as GitHub sends them. */
  readonly headRef: string;
  readonly baseRef: string;
  /** Whether the repository uses the immutable subject form `repo:{owner}@{ownerId}/{repo}@{repositoryId}:…`. */
  readonly immutableSubject: boolean;
  /** The subject template, GitHub's `include_claim_keys`. Default `["repo", "context"]`. */
  readonly claimKeys: readonly string[];
  /** The enterprise's slug and id, when the repository belongs to one (claims `enterprise`, `enterprise_id`). */
  readonly enterprise: string | undefined;
  readonly enterpriseId: string | undefined;
  /** Further claims, e.g. repository custom properties (`repo_property_*`). */
  readonly extraClaims: Readonly<Record<string, string>>;
}

/**
 * The claims of a token for `job`, or why GitHub would refuse to issue one (a subject template
 * naming a claim the job does not have).
 */
export function tokenClaims(
  job: GitHubActionsJob,
  serverUrl: string,
  audience: string | undefined,
): JWTPayload | string {
  const [owner] = job.repository.split("/") as [string, string];
  const workflowRef = job.workflowRef ?? `${job.repository}/.github/workflows/deploy.yml@${job.ref}`;
  const claims: Record<string, string> = {
    ...job.extraClaims,
    ...(job.environment !== undefined ? { environment: job.environment } : {}),
    ref: job.ref,
    sha: job.sha,
    repository: job.repository,
    repository_owner: owner,
    repository_owner_id: job.repositoryOwnerId,
    repository_id: job.repositoryId,
    repository_visibility: job.repositoryVisibility,
    actor_id: job.actorId,
    actor: job.actor,
    run_id: job.runId,
    run_number: job.runNumber,
    run_attempt: job.runAttempt,
    runner_environment: job.runnerEnvironment,
    workflow: job.workflow,
    workflow_ref: workflowRef,
    workflow_sha: job.sha,
    job_workflow_ref: job.jobWorkflowRef ?? workflowRef,
    job_workflow_sha: job.sha,
    head_ref: job.headRef,
    base_ref: job.baseRef,
    event_name: job.eventName,
    ref_type: job.ref.startsWith("refs/tags/") ? "tag" : "branch",
    ...(job.enterprise !== undefined ? { enterprise: job.enterprise } : {}),
    ...(job.enterpriseId !== undefined ? { enterprise_id: job.enterpriseId } : {}),
  };
  const parts: string[] = [];
  for (const key of job.claimKeys) {
    if (key === "repo") {
      parts.push(`repo:${repoSegment(job)}`);
    } else if (key === "context") {
      parts.push(subjectContext(job));
    } else if (claims[key] === undefined) {
      return `The subject template names the claim "${key}", which this job does not have${key === "environment" ? " (the job declares no environment)" : ""}.`;
    } else {
      parts.push(`${key}:${escapeColons(claims[key] as string)}`);
    }
  }
  return { sub: parts.join(":"), aud: audience ?? `${serverUrl}/${owner}`, ...claims };
}

/** `owner/repo`, or `owner@ownerId/repo@repositoryId` for repositories on the immutable form. */
function repoSegment(job: GitHubActionsJob): string {
  if (!job.immutableSubject) return job.repository;
  const [owner, name] = job.repository.split("/") as [string, string];
  return `${owner}@${job.repositoryOwnerId}/${name}@${job.repositoryId}`;
}

/** The first that applies: the job's environment, a pull request event, else the ref. */
function subjectContext(job: GitHubActionsJob): string {
  if (job.environment !== undefined) return `environment:${escapeColons(job.environment)}`;
  if (PULL_REQUEST_EVENTS.includes(job.eventName)) return "pull_request";
  return `ref:${escapeColons(job.ref)}`;
}

function escapeColons(value: string): string {
  return value.split(":").join("%3A");
}

export function jobVariables(job: GitHubActionsJob, serverUrl: string): Record<string, string> {
  const [owner] = job.repository.split("/") as [string, string];
  const refName = job.ref.replace(/^refs\/(heads|tags|pull)\//, "");
  return {
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_SERVER_URL: serverUrl,
    GITHUB_REPOSITORY: job.repository,
    GITHUB_REPOSITORY_ID: job.repositoryId,
    GITHUB_REPOSITORY_OWNER: owner,
    GITHUB_REPOSITORY_OWNER_ID: job.repositoryOwnerId,
    GITHUB_REF: job.ref,
    GITHUB_REF_NAME: refName,
    GITHUB_REF_TYPE: job.ref.startsWith("refs/tags/") ? "tag" : "branch",
    GITHUB_SHA: job.sha,
    GITHUB_EVENT_NAME: job.eventName,
    GITHUB_ACTOR: job.actor,
    GITHUB_ACTOR_ID: job.actorId,
    GITHUB_WORKFLOW: job.workflow,
    GITHUB_WORKFLOW_REF: job.workflowRef ?? `${job.repository}/.github/workflows/deploy.yml@${job.ref}`,
    GITHUB_WORKFLOW_SHA: job.sha,
    GITHUB_RUN_ID: job.runId,
    GITHUB_RUN_NUMBER: job.runNumber,
    GITHUB_RUN_ATTEMPT: job.runAttempt,
    GITHUB_HEAD_REF: job.headRef,
    GITHUB_BASE_REF: job.baseRef,
    RUNNER_ENVIRONMENT: job.runnerEnvironment,
  };
}

export function defaultJob(): GitHubActionsJob {
  return {
    repository: "octo-org/octo-repo",
    repositoryId: String(randomInt(100_000, 999_999_999)),
    repositoryOwnerId: String(randomInt(100_000, 999_999_999)),
    repositoryVisibility: "private",
    ref: "refs/heads/main",
    sha: randomBytes(20).toString("hex"),
    environment: undefined,
    eventName: "push",
    actor: "octocat",
    actorId: "583231",
    workflow: "deploy",
    workflowRef: undefined,
    jobWorkflowRef: undefined,
    runId: String(randomInt(1_000_000_000, 9_999_999_999)),
    runNumber: "1",
    runAttempt: "1",
    runnerEnvironment: "github-hosted",
    headRef: "",
    baseRef: "",
    immutableSubject: false,
    claimKeys: DEFAULT_CLAIM_KEYS,
    enterprise: undefined,
    enterpriseId: undefined,
    extraClaims: {},
  };
}

export function completeJob(current: GitHubActionsJob, changes: Partial<GitHubActionsJob>): GitHubActionsJob {
  if (typeof changes !== "object" || changes === null) {
    throw new InvalidEmulatorOptionError({
      field: "job",
      value: changes,
      expected: "an object with the job fields to set",
      fix: 'pass e.g. { ref: "refs/tags/v1.0.0" }',
    });
  }
  return { ...current, ...changes };
}

export function checkJob(job: GitHubActionsJob, field: string): GitHubActionsJob {
  const fail = (name: string, value: unknown, expected: string, fix: string): never => {
    throw new InvalidEmulatorOptionError({ field: `${field}.${name}`, value, expected, fix });
  };
  if (typeof job.repository !== "string" || !OWNER_REPO.test(job.repository)) {
    fail("repository", job.repository, 'a GitHub repository as "owner/repo"', 'pass e.g. "contoso/webapp"');
  }
  for (const name of [
    "repositoryId",
    "repositoryOwnerId",
    "actorId",
    "runId",
    "runNumber",
    "runAttempt",
  ] as const) {
    if (typeof job[name] !== "string" || !DIGITS.test(job[name])) {
      fail(name, job[name], "a positive integer as a string", 'pass e.g. "123456"');
    }
  }
  if (typeof job.ref !== "string" || !/^refs\/(heads|tags|pull)\/\S/.test(job.ref)) {
    fail(
      "ref",
      job.ref,
      "a full ref: refs/heads/…, refs/tags/… or refs/pull/{n}/merge",
      'pass e.g. "refs/heads/main"',
    );
  }
  if (job.environment !== undefined && (typeof job.environment !== "string" || job.environment === "")) {
    fail(
      "environment",
      job.environment,
      "a non-empty environment name, or undefined",
      "pass undefined for none",
    );
  }
  for (const name of ["sha", "eventName", "actor", "workflow"] as const) {
    if (typeof job[name] !== "string" || job[name] === "")
      fail(name, job[name], "a non-empty string", "set it");
  }
  if (!Array.isArray(job.claimKeys) || job.claimKeys.length === 0) {
    fail("claimKeys", job.claimKeys, "a non-empty list of claim keys", 'pass e.g. ["repo", "context"]');
  }
  job.claimKeys.forEach((key, index) => {
    if (typeof key !== "string" || !CLAIM_KEY.test(key) || job.claimKeys.indexOf(key) !== index) {
      fail(
        `claimKeys[${index}]`,
        key,
        "a unique claim key of letters, digits and underscores",
        "fix the key",
      );
    }
  });
  if (typeof job.extraClaims !== "object" || job.extraClaims === null) {
    fail(
      "extraClaims",
      job.extraClaims,
      "an object of string claims",
      'pass e.g. { repo_property_team: "platform" }',
    );
  }
  return { ...job, claimKeys: [...job.claimKeys], extraClaims: { ...job.extraClaims } };
}
