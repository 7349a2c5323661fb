import { CredentialUnavailableError, InvalidInputError } from "@azfed/core";
import { type GitHubSubjectOptions, githubSubject } from "./github-subject";

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
  /** Which context the variables show: the branch or tag the workflow runs on, or a `pull_request` event. */
  readonly context: "branch" | "tag" | "pull_request";
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
   * created, renamed or transferred after 2026-07-15, or opted in). Default false.
   */
  readonly immutable?: boolean;
}

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
  const base: GitHubSubjectOptions = { repository: readRepository(repository), ...ids };
  const ref = readRef(env);
  const subjectOptions: GitHubSubjectOptions =
    ref.kind === "pull_request"
      ? { ...base, pullRequest: true }
      : ref.kind === "branch"
        ? { ...base, branch: ref.name }
        : { ...base, tag: ref.name };
  return {
    subject: githubSubject(subjectOptions),
    context: ref.kind,
    immutable: options.immutable === true,
    caveat: ENVIRONMENT_CAVEAT.replace("{repository}", base.repository),
    forEnvironment: (environment: string) => githubSubject({ ...base, environment }),
  };
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

type JobRef = { kind: "pull_request" } | { kind: "branch" | "tag"; name: string };

function readRef(env: NodeJS.ProcessEnv): JobRef {
  if (env.GITHUB_EVENT_NAME === "pull_request") return { kind: "pull_request" };
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
  const kind = ref.startsWith("refs/heads/") ? "branch" : ref.startsWith("refs/tags/") ? "tag" : undefined;
  if (kind === undefined || (type && type !== kind)) {
    throw new InvalidInputError({
      field: "GITHUB_REF",
      value: ref,
      expected:
        kind === undefined
          ? `a branch (refs/heads/…) or tag (refs/tags/…) ref for a ${env.GITHUB_EVENT_NAME ?? "non-pull_request"} event`
          : `a ${type} ref, as GITHUB_REF_TYPE says`,
      fix: "read the subject from the token's sub claim (decode the OIDC token) for this kind of run",
    });
  }
  return { kind, name: ref.slice(kind === "branch" ? "refs/heads/".length : "refs/tags/".length) };
}
