import type { JwtClaims } from "../jwt-claims";

/**
 * The Buildkite job an emulated agent runs: what its OIDC tokens and variables say.
 *
 * @example
 * ```ts
 * const job: Partial<BuildkiteJob> = { pipelineSlug: "deploy", branch: "main", stepKey: "release" };
 * ```
 */
export interface BuildkiteJob {
  readonly organizationSlug: string;
  readonly organizationId: string;
  readonly pipelineSlug: string;
  /** The pipeline's UUID (`BUILDKITE_PIPELINE_ID`, the `pipeline_id` claim). */
  readonly pipelineId: string;
  /** The cluster's UUID; `undefined` for a build without a cluster queue (then no `cluster_id`). */
  readonly clusterId: string | undefined;
  readonly queueId: string | undefined;
  readonly buildId: string;
  readonly buildNumber: number;
  readonly jobId: string;
  readonly agentId: string;
  readonly branch: string;
  /** The build's tag; with one, the subject's ref is `refs/tags/{tag}`. */
  readonly tag: string | undefined;
  readonly commit: string;
  /** The step's key; `undefined` leaves `step:` empty in the subject and `step_key` null. */
  readonly stepKey: string | undefined;
}

/**
 * The claims `subject_claim` accepts: immutable identifiers only.
 *
 * @see https://github.com/buildkite/docs/blob/main/pages/agent/cli/reference/oidc.md ("The following
 *   claims can be used with `--subject-claim`", commit 7e155915e of buildkite/docs, checked 2026-12-07)
 * @internal
 */
export const BUILDKITE_SUBJECT_CLAIMS = [
  "organization_id",
  "pipeline_id",
  "cluster_id",
  "queue_id",
  "build_id",
  "job_id",
  "agent_id",
] as const;

/** The default job: the documented sample token's pipeline, on `main`. @internal */
export function defaultBuildkiteJob(): BuildkiteJob {
  return {
    organizationSlug: "acme-inc",
    organizationId: "6abcd532-f9b7-41e9-8717-40fb75a82b5d",
    pipelineSlug: "super-duper-app",
    pipelineId: "d18439cc-df59-45b0-97cc-98d7fb69d983",
    clusterId: "4735ba57-80d0-46e2-8fa0-b28223a86586",
    queueId: "0191f956-042f-7ec4-aa62-8e5eeae396d0",
    buildId: "0184990a-4776-4b3f-a1ef-5a7b7c8d9e0f",
    buildNumber: 1,
    jobId: "0184990a-477b-4fa8-9968-496074483cee",
    agentId: "0184990a-4782-42b5-afc1-16715b10b8ff",
    branch: "main",
    tag: undefined,
    commit: "9f3182061f1e2cca4702c368cbc039b7dc9d4485",
    stepKey: "build",
  };
}

/**
 * The default compound `sub`:
 * `organization:{org}:pipeline:{pipeline}:ref:{refs/tags/{tag} | refs/heads/{branch}}:commit:{sha}:step:{key}`.
 *
 * @internal
 */
export function buildkiteCompoundSubject(job: BuildkiteJob): string {
  const ref = job.tag === undefined ? `refs/heads/${job.branch}` : `refs/tags/${job.tag}`;
  return `organization:${job.organizationSlug}:pipeline:${job.pipelineSlug}:ref:${ref}:commit:${job.commit}:step:${job.stepKey ?? ""}`;
}

/** The UUID claims a token can add (`claims`) or take as its subject (`subject_claim`). @internal */
export function buildkiteIdClaims(job: BuildkiteJob): Record<string, string | undefined> {
  return {
    organization_id: job.organizationId,
    pipeline_id: job.pipelineId,
    cluster_id: job.clusterId,
    queue_id: job.queueId,
    build_id: job.buildId,
    job_id: job.jobId,
    agent_id: job.agentId,
  };
}

/**
 * The claims of a token for `job`, as Buildkite's agent API issues them (without `iss`, `iat`,
 * `nbf`, `exp`), or the message of a 422 when the request asks for what the job cannot give.
 *
 * @see https://github.com/buildkite/docs/blob/main/pages/agent/cli/reference/oidc.md (the claims
 *   and the sample token; `aud` "Defaults to `https://buildkite.com/ORGANIZATION_SLUG`")
 * @internal
 */
export function buildkiteTokenClaims(
  job: BuildkiteJob,
  request: {
    audience?: string | undefined;
    subjectClaim?: string | undefined;
    claims?: readonly string[] | undefined;
  },
): JwtClaims | string {
  const ids = buildkiteIdClaims(job);
  const extra: Record<string, string> = {};
  for (const name of [...(request.claims ?? []), ...(request.subjectClaim ? [request.subjectClaim] : [])]) {
    const value = ids[name];
    if (!(name in ids)) return `Claim "${name}" is not a supported optional claim`;
    if (value === undefined) return `Claim "${name}" has no value for this job`;
    extra[name] = value;
  }
  if (
    request.subjectClaim !== undefined &&
    !(BUILDKITE_SUBJECT_CLAIMS as readonly string[]).includes(request.subjectClaim)
  ) {
    return `Subject claim "${request.subjectClaim}" is not allowed`;
  }
  return {
    sub:
      request.subjectClaim === undefined
        ? buildkiteCompoundSubject(job)
        : (extra[request.subjectClaim] as string),
    aud: request.audience ?? `https://buildkite.com/${job.organizationSlug}`,
    organization_slug: job.organizationSlug,
    pipeline_slug: job.pipelineSlug,
    build_number: job.buildNumber,
    build_branch: job.branch,
    ...(job.tag === undefined ? {} : { build_tag: job.tag }),
    build_commit: job.commit,
    step_key: job.stepKey ?? null,
    job_id: job.jobId,
    agent_id: job.agentId,
    build_source: "ui",
    runner_environment: "self-hosted",
    ...extra,
  };
}

/**
 * The job's variables as the agent's bootstrap sets them (the access token and endpoint added by
 * the emulator).
 *
 * @see https://github.com/buildkite/docs/blob/main/data/content/environment_variables.yaml (commit
 *   351e18df4 of buildkite/docs, checked 2026-12-07: `BUILDKITE` "Always `true`", `BUILDKITE_JOB_ID`,
 *   `BUILDKITE_PIPELINE_ID` "The UUID of the pipeline", `BUILDKITE_CLUSTER_ID`, `BUILDKITE_ORGANIZATION_ID`)
 * @internal
 */
export function buildkiteJobVariables(job: BuildkiteJob): Record<string, string> {
  return {
    BUILDKITE: "true",
    CI: "true",
    BUILDKITE_ORGANIZATION_SLUG: job.organizationSlug,
    BUILDKITE_ORGANIZATION_ID: job.organizationId,
    BUILDKITE_PIPELINE_SLUG: job.pipelineSlug,
    BUILDKITE_PIPELINE_ID: job.pipelineId,
    ...(job.clusterId === undefined ? {} : { BUILDKITE_CLUSTER_ID: job.clusterId }),
    BUILDKITE_BUILD_ID: job.buildId,
    BUILDKITE_BUILD_NUMBER: String(job.buildNumber),
    BUILDKITE_JOB_ID: job.jobId,
    BUILDKITE_AGENT_ID: job.agentId,
    BUILDKITE_BRANCH: job.branch,
    BUILDKITE_TAG: job.tag ?? "",
    BUILDKITE_COMMIT: job.commit,
    ...(job.stepKey === undefined ? {} : { BUILDKITE_STEP_KEY: job.stepKey }),
  };
}
