import { InvalidInputError } from "@azfed/core";
import { type GitLabDeploymentTier, type GitLabSubClaimComponent, gitlabSubject } from "./gitlab-subject";

/**
 * Options of {@link gitlabSubjectFromEnvironment}.
 *
 * @example
 * ```ts
 * const options: GitLabSubjectFromEnvironmentOptions = { components: ["project_id", "ref_type", "ref"] };
 * ```
 */
export interface GitLabSubjectFromEnvironmentOptions {
  /**
   * The project's `ci_id_token_sub_claim_components`. A job's variables do not say whether the
   * project customised them, so pass them when it did. Default `["project_path", "ref_type", "ref"]`.
   */
  readonly components?: readonly GitLabSubClaimComponent[];
}

/**
 * The `sub` this GitLab job's ID tokens carry, from its predefined variables: `CI_PROJECT_PATH`
 * (or `CI_PROJECT_ID`), and `CI_COMMIT_TAG` when the pipeline runs for a tag, else
 * `CI_COMMIT_REF_NAME` as the branch. What the variables cannot tell, it does not guess: a
 * customised claim list must be passed as `components`, and `environment_protected` exists only in
 * the token, so asking for it is an {@link InvalidInputError}, as is a missing variable.
 *
 * @example
 * ```ts
 * // In a job of contoso/web running for branch main:
 * gitlabSubjectFromEnvironment(process.env);
 * // "project_path:contoso/web:ref_type:branch:ref:main"
 * ```
 */
export function gitlabSubjectFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  options: GitLabSubjectFromEnvironmentOptions = {},
): string {
  const components = options.components ?? ["project_path", "ref_type", "ref"];
  const needs = (component: GitLabSubClaimComponent) => components.includes(component);
  if (needs("environment_protected")) {
    throw new InvalidInputError({
      field: "components",
      value: components,
      expected: "claims a job's variables reveal: environment_protected is only in the token",
      fix: "decode the job's ID token to read it, or build the subject with gitlabSubject({ environmentProtected })",
    });
  }
  const tag = env.CI_COMMIT_TAG || undefined;
  return gitlabSubject({
    components,
    projectPath: needs("project_path")
      ? variable(env, "CI_PROJECT_PATH", "the project's full path")
      : undefined,
    projectId: needs("project_id") ? variable(env, "CI_PROJECT_ID", "the project's numeric id") : undefined,
    ...(needs("ref") || needs("ref_type")
      ? tag !== undefined
        ? { tag }
        : { branch: variable(env, "CI_COMMIT_REF_NAME", "the branch or tag the pipeline runs for") }
      : {}),
    refProtected: needs("ref_protected")
      ? variable(env, "CI_COMMIT_REF_PROTECTED", "whether the ref is protected") === "true"
      : undefined,
    environment: needs("environment")
      ? variable(env, "CI_ENVIRONMENT_NAME", "the job's environment")
      : undefined,
    deploymentTier: needs("deployment_tier")
      ? (variable(env, "CI_ENVIRONMENT_TIER", "the environment's tier") as GitLabDeploymentTier)
      : undefined,
  });
}

function variable(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const value = env[name];
  if (value === undefined || value === "") {
    throw new InvalidInputError({
      field: name,
      value,
      expected: `${what}, which GitLab sets in a CI job`,
      fix:
        name === "CI_ENVIRONMENT_NAME" || name === "CI_ENVIRONMENT_TIER"
          ? "give the job an `environment:` in .gitlab-ci.yml, or drop the component"
          : "run this inside a GitLab CI job, or build the subject with gitlabSubject()",
    });
  }
  return value;
}
