import { InvalidInputError } from "@azfed/core";
import { type GitLabSubClaimComponent, gitlabSubject } from "./gitlab-subject";

/**
 * Options of {@link gitlabSubjectFromEnvironment}.
 *
 * @example
 * ```ts
 * const options: GitLabSubjectFromEnvironmentOptions = { components: ["project_path", "ref_type"] };
 * ```
 */
export interface GitLabSubjectFromEnvironmentOptions {
  /**
   * The project's `ci_id_token_sub_claim_components`. A job's variables do not say whether the
   * project customised them, so pass them when it did (e.g. `["project_id", "ref_type", "ref"]` for a
   * project whose subject leads with its id). Default `["project_path", "ref_type", "ref"]`.
   */
  readonly components?: readonly GitLabSubClaimComponent[] | undefined;
}

/**
 * The `sub` this GitLab job's ID tokens carry, from its predefined variables: the project's path
 * (`CI_PROJECT_PATH`, or in a merge request pipeline the source project's
 * `CI_MERGE_REQUEST_SOURCE_PROJECT_PATH`, which is the fork for a merge request from a fork) or,
 * when the components start with `project_id`, its id (`CI_PROJECT_ID`, or the source project's
 * `CI_MERGE_REQUEST_SOURCE_PROJECT_ID`), and
 * `CI_COMMIT_TAG` when the pipeline runs for a tag, else `CI_COMMIT_REF_NAME` as the branch. A
 * customised component list must be passed as `components` (the variables do not show it); a
 * missing variable is an `InvalidInputError` naming it.
 *
 * @example
 * ```ts
 * // In a job of contoso/web running for branch main:
 * gitlabSubjectFromEnvironment(process.env);
 * // "project_path:contoso/web:ref_type:branch:ref:main"
 * gitlabSubjectFromEnvironment(process.env, { components: ["project_id", "ref_type", "ref"] });
 * // "project_id:4242:ref_type:branch:ref:main"
 * ```
 */
export function gitlabSubjectFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  options: GitLabSubjectFromEnvironmentOptions = {},
): string {
  const tag = env.CI_COMMIT_TAG || undefined;
  const byId = options.components?.[0] === "project_id";
  return gitlabSubject({
    ...(options.components ? { components: options.components } : {}),
    ...(byId ? { projectId: tokenProjectId(env) } : { projectPath: tokenProjectPath(env) }),
    ...(tag !== undefined
      ? { tag }
      : { branch: variable(env, "CI_COMMIT_REF_NAME", "the branch or tag the pipeline runs for") }),
  });
}

/**
 * The project the token names: in a merge request pipeline the merge request's source project (a
 * fork's path when the merge request comes from a fork), else the job's project.
 *
 * @see https://gitlab.com/gitlab-org/gitlab/-/blob/master/lib/gitlab/ci/jwt_v2.rb (`project_path: source_project.full_path`)
 */
function tokenProjectPath(env: NodeJS.ProcessEnv): string {
  const source = env.CI_MERGE_REQUEST_SOURCE_PROJECT_PATH;
  if (source) return source;
  return variable(env, "CI_PROJECT_PATH", "the project's full path");
}

/**
 * The id of the project the token names: the merge request's source project in a merge request
 * pipeline (the fork's id when it comes from a fork), else the job's project.
 *
 * @see https://gitlab.com/gitlab-org/gitlab/-/issues/561735 ("the id_token references the project_id of the fork")
 * @see gitlabhq `doc/ci/variables/predefined_variables.md` (`CI_MERGE_REQUEST_SOURCE_PROJECT_ID`: "The ID of the source project of the merge request.")
 */
function tokenProjectId(env: NodeJS.ProcessEnv): string {
  const source = env.CI_MERGE_REQUEST_SOURCE_PROJECT_ID;
  if (source) return source;
  return variable(env, "CI_PROJECT_ID", "the project's numeric id");
}

function variable(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const value = env[name];
  if (value === undefined || value === "") {
    throw new InvalidInputError({
      field: name,
      value,
      expected: `${what}, which GitLab sets in a CI job`,
      fix: "run this inside a GitLab CI job, or build the subject with gitlabSubject()",
    });
  }
  return value;
}
