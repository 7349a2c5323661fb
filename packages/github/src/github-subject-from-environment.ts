import { CredentialUnavailableError, InvalidInputError } from "@azfed/core";
import { githubSubject } from "./github-subject";
import { GITHUB_PULL_REQUEST_EVENTS } from "./github-subject-context";
import type { GitHubOidcCustomization, GitHubSubjectOptions } from "./github-subject-options";

/**
 * What a GitHub Actions job's variables tell about the subject of its OIDC token, and what they cannot.
 *
 * @example
 * ```ts
 * const job: GitHubJobSubject = githubSubjectFromEnvironment(process.env);
 * console.log(job.subject); // "repo:contoso/webapp:ref:refs/heads/main"
 * console.log(job.caveat);
 * ```
 */
export interface GitHubJobSubject {
  /** The subject the job presents if it declares no environment and its repository uses GitHub's default template. */
  readonly subject: string;
  /**
   * Which context the variables show: the branch or tag the workflow runs on, another ref (e.g. a
   * merge queue's), or a pull request event (`pull_request`, `pull_request_target`, …).
   */
  readonly context: "branch" | "tag" | "ref" | "pull_request";
  /** Whether the subject is in the immutable form `repo:{owner}@{ownerId}/{repo}@{repositoryId}:…`. */
  readonly immutable: boolean;
  /** What the variables cannot tell, in sentences a person can act on. */
  readonly caveat: string;
  /**
   * The subject the job presents when it declares `environment: {name}`, which takes precedence over
   * the branch, tag or event.
   */
  forEnvironment(environment: string): string;
}

/**
 * Options of {@link githubSubjectFromEnvironment}.
 *
 * @example
 * ```ts
 * const options: GitHubSubjectFromEnvironmentOptions = { immutable: true };
 * ```
 */
export interface GitHubSubjectFromEnvironmentOptions {
  /**
   * Build the immutable form from `GITHUB_REPOSITORY_OWNER_ID` and `GITHUB_REPOSITORY_ID` (repositories
   * created, renamed or transferred after 2026-07-15, or opted in). Default: the name-only form, with a
   * `caveat` naming the immutable one (no variable tells which the repository uses); `false` says the
   * caller knows it is the name-only form.
   */
  readonly immutable?: boolean | undefined;
  /**
   * The repository's OIDC subject customisation, as GitHub's API returns it
   * (`GET /repos/{owner}/{repo}/actions/oidc/customization/sub`). Claims the variables give
   * (`repository_owner`, `repository_id`, `repository_owner_id`, `workflow`, `workflow_ref`, `actor`,
   * `run_id`, …) are filled in; give the others in `claims`.
   */
  readonly customization?: GitHubOidcCustomization | undefined;
  /** Values of claims the customised template names that no variable gives, e.g. `job_workflow_ref`. */
  readonly claims?: Readonly<Record<string, string>> | undefined;
}

/** Claims a job's variables give, for a customised template. */
const CLAIMS_FROM_VARIABLES: Readonly<Record<string, string>> = {
  repository_owner: "GITHUB_REPOSITORY_OWNER",
  repository_owner_id: "GITHUB_REPOSITORY_OWNER_ID",
  repository_id: "GITHUB_REPOSITORY_ID",
  workflow: "GITHUB_WORKFLOW",
  workflow_ref: "GITHUB_WORKFLOW_REF",
  workflow_sha: "GITHUB_WORKFLOW_SHA",
  actor: "GITHUB_ACTOR",
  actor_id: "GITHUB_ACTOR_ID",
  run_id: "GITHUB_RUN_ID",
  run_number: "GITHUB_RUN_NUMBER",
  run_attempt: "GITHUB_RUN_ATTEMPT",
  sha: "GITHUB_SHA",
  head_ref: "GITHUB_HEAD_REF",
  base_ref: "GITHUB_BASE_REF",
  runner_environment: "RUNNER_ENVIRONMENT",
};

const ENVIRONMENT_CAVEAT =
  "If the job declares `environment:`, its subject is repo:{repository}:environment:{name} instead, and no variable names the environment: only the token's `environment` claim shows it. A customised subject template (include_claim_keys) changes the subject too; compare with the token's `sub` claim.";

/**
 * The subject of the OIDC token the current GitHub Actions job would get, from its variables
 * (`GITHUB_REPOSITORY`, `GITHUB_REF`, `GITHUB_REF_TYPE`, `GITHUB_EVENT_NAME`, and for the immutable
 * form `GITHUB_REPOSITORY_OWNER_ID` and `GITHUB_REPOSITORY_ID`). The variables cannot tell whether the
 * job declares an environment (which changes the subject): the result says so in `caveat` and
 * `forEnvironment(name)` gives that subject. Throws `CredentialUnavailableError` outside GitHub
 * Actions and `InvalidInputError` naming the variable when one is malformed.
 *
 * @example
 * ```ts
 * const job = githubSubjectFromEnvironment({
 *   GITHUB_ACTIONS: "true",
 *   GITHUB_REPOSITORY: "contoso/webapp",
 *   GITHUB_REF: "refs/heads/main",
 *   GITHUB_REF_TYPE: "branch",
 *   GITHUB_EVENT_NAME: "push",
 * });
 * job.subject; // "repo:contoso/webapp:ref:refs/heads/main"
 * job.forEnvironment("production"); // "repo:contoso/webapp:environment:production"
 * ```
 */
export function githubSubjectFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  options: GitHubSubjectFromEnvironmentOptions = {},
): GitHubJobSubject {
  const repository = env.GITHUB_REPOSITORY;
  if (!repository) {
    throw new CredentialUnavailableError(
      env.GITHUB_ACTIONS === "true"
        ? "GITHUB_REPOSITORY is not set although GITHUB_ACTIONS is: pass the job's variables through to this process (e.g. into its container)."
        : 'Not running in GitHub Actions (GITHUB_ACTIONS is not "true" and GITHUB_REPOSITORY is not set): the subject of a GitHub job can only be read inside that job; outside it, build it with githubSubject().',
    );
  }
  const ids = options.immutable ? readIds(env) : {};
  const envIds = idsIfSet(env);
  const base: GitHubSubjectOptions = {
    repository: readRepository(repository),
    ...ids,
    ...templateOf(env, options),
  };
  const ref = readRef(env);
  const event = env.GITHUB_EVENT_NAME || undefined;
  const subjectOptions: GitHubSubjectOptions =
    ref.kind === "pull_request"
      ? { ...base, pullRequest: true }
      : ref.kind === "branch"
        ? { ...base, branch: ref.name }
        : ref.kind === "tag"
          ? { ...base, tag: ref.name }
          : { ...base, ref: ref.name, ...(event ? { event } : {}) };
  const subject = githubSubject(subjectOptions);
  return {
    subject,
    context: ref.kind,
    immutable: options.immutable === true,
    caveat: [
      ENVIRONMENT_CAVEAT.replace("{repository}", base.repository),
      options.immutable === undefined ? immutableCaveat(subjectOptions, envIds) : "",
    ]
      .filter(Boolean)
      .join(" "),
    forEnvironment: (environment: string) => githubSubject({ ...base, environment }),
  };
}

/** The customised template and the values of its claims the variables (or `options.claims`) give. */
function templateOf(
  env: NodeJS.ProcessEnv,
  options: GitHubSubjectFromEnvironmentOptions,
): Pick<GitHubSubjectOptions, "customization" | "claims"> {
  const { customization } = options;
  if (customization === undefined || customization.use_default) {
    return customization === undefined ? {} : { customization };
  }
  const keys = customization.include_claim_keys ?? [];
  const claims: Record<string, string> = {};
  for (const key of keys) {
    const variable = CLAIMS_FROM_VARIABLES[key];
    const value = options.claims?.[key] ?? (variable ? env[variable] : undefined);
    if (value !== undefined && value !== "") claims[key] = value;
  }
  return { customization, claims };
}

/**
 * The sentence naming the immutable form when the caller did not say which form the repository uses:
 * no job variable tells it.
 *
 * @see github/docs `content/actions/reference/security/oidc.md` "Immutable subject claims" (commit 051718f2, read 2026-12-07)
 */
function immutableCaveat(
  options: GitHubSubjectOptions,
  ids: { ownerId: string; repositoryId: string } | undefined,
): string {
  const form = ids
    ? githubSubject({ ...options, ...ids })
    : "repo:{owner}@{ownerId}/{repo}@{repositoryId}:… (GITHUB_REPOSITORY_OWNER_ID and GITHUB_REPOSITORY_ID give the ids)";
  return `No variable says whether the repository uses immutable subjects (the default for repositories created, renamed or transferred after 2026-07-15, or opted in); if it does, its tokens carry ${form}. Ask GitHub with \`azfed subject github --from-github\` (reads the repository's OIDC settings), or decode a token.`;
}

function idsIfSet(env: NodeJS.ProcessEnv): { ownerId: string; repositoryId: string } | undefined {
  const ownerId = env.GITHUB_REPOSITORY_OWNER_ID;
  const repositoryId = env.GITHUB_REPOSITORY_ID;
  return ownerId && repositoryId && /^[0-9]+$/.test(ownerId) && /^[0-9]+$/.test(repositoryId)
    ? { ownerId, repositoryId }
    : undefined;
}

function readRepository(value: string): string {
  if (!/^[^/]+\/[^/]+$/.test(value)) {
    throw new InvalidInputError({
      field: "GITHUB_REPOSITORY",
      value,
      expected: 'the job\'s repository as "owner/repo"',
      fix: "do not override GITHUB_REPOSITORY; GitHub sets it for every job",
    });
  }
  return value;
}

function readIds(env: NodeJS.ProcessEnv): { ownerId: string; repositoryId: string } {
  for (const variable of ["GITHUB_REPOSITORY_OWNER_ID", "GITHUB_REPOSITORY_ID"] as const) {
    if (!env[variable]) {
      throw new InvalidInputError({
        field: variable,
        value: env[variable],
        expected: "the numeric id GitHub sets for every job, needed for the immutable subject form",
        fix: `pass ${variable} through to this process, or build the name-only form (immutable: false)`,
      });
    }
  }
  return {
    ownerId: env.GITHUB_REPOSITORY_OWNER_ID as string,
    repositoryId: env.GITHUB_REPOSITORY_ID as string,
  };
}

type JobRef = { kind: "pull_request" } | { kind: "branch" | "tag" | "ref"; name: string };

function readRef(env: NodeJS.ProcessEnv): JobRef {
  if (env.GITHUB_EVENT_NAME && GITHUB_PULL_REQUEST_EVENTS.includes(env.GITHUB_EVENT_NAME)) {
    return { kind: "pull_request" };
  }
  const type = env.GITHUB_REF_TYPE;
  if (type !== undefined && type !== "" && type !== "branch" && type !== "tag") {
    throw new InvalidInputError({
      field: "GITHUB_REF_TYPE",
      value: type,
      expected: '"branch" or "tag"',
      fix: "do not override GITHUB_REF_TYPE; GitHub sets it for every job",
    });
  }
  const ref = env.GITHUB_REF;
  if (!ref) {
    if (type && env.GITHUB_REF_NAME) return { kind: type as "branch" | "tag", name: env.GITHUB_REF_NAME };
    throw new InvalidInputError({
      field: "GITHUB_REF",
      value: ref,
      expected: "the job's ref, e.g. refs/heads/main (or GITHUB_REF_NAME with GITHUB_REF_TYPE)",
      fix: "pass GITHUB_REF through to this process",
    });
  }
  const kind = ref.startsWith("refs/heads/") ? "branch" : ref.startsWith("refs/tags/") ? "tag" : "ref";
  if (type && kind !== "ref" && type !== kind) {
    throw new InvalidInputError({
      field: "GITHUB_REF",
      value: ref,
      expected: `a ${type} ref, as GITHUB_REF_TYPE says`,
      fix: "read the subject from the token's sub claim (decode the OIDC token) for this kind of run",
    });
  }
  if (kind === "branch") return { kind, name: ref.slice("refs/heads/".length) };
  if (kind === "tag") return { kind, name: ref.slice("refs/tags/".length) };
  // Another full ref (a merge queue's, a pull request's merge ref on a non pull request event):
  // GitHub writes it as is after "ref:".
  return { kind: "ref", name: ref };
}
