import { InvalidInputError, requireFicFieldLength, requireSubjectPart } from "@azfed/core";
import { requireGitRefName } from "./git-ref-name";

/**
 * A claim GitLab can put in an ID token's `sub`, in the order the project's
 * `ci_id_token_sub_claim_components` setting lists them (Projects API).
 *
 * @example
 * ```ts
 * const components: GitLabSubClaimComponent[] = ["project_id", "ref_type", "ref"];
 * ```
 */
export type GitLabSubClaimComponent =
  | "project_path"
  | "project_id"
  | "ref_type"
  | "ref"
  | "ref_protected"
  | "environment"
  | "environment_protected"
  | "deployment_tier";

/**
 * GitLab's default `ci_id_token_sub_claim_components`: `project_path:…:ref_type:…:ref:…`.
 *
 * @example
 * ```ts
 * gitlabSubject({ projectPath: "contoso/web", branch: "main", components: DEFAULT_GITLAB_SUB_CLAIM_COMPONENTS });
 * ```
 */
export const DEFAULT_GITLAB_SUB_CLAIM_COMPONENTS: readonly GitLabSubClaimComponent[] = Object.freeze([
  "project_path",
  "ref_type",
  "ref",
]);

/**
 * A GitLab environment's deployment tier, as the `deployment_tier` claim carries it.
 *
 * @example
 * ```ts
 * const tier: GitLabDeploymentTier = "production";
 * ```
 */
export type GitLabDeploymentTier = "production" | "staging" | "testing" | "development" | "other";

/**
 * What a GitLab job's ID token subject is made of. Give `branch` or `tag` (not both) and the
 * project's path, or its numeric id for the `project_id:{id}:ref_type:…` form.
 *
 * @example
 * ```ts
 * const options: GitLabSubjectOptions = { projectPath: "contoso/platform/web", tag: "v1.2.0" };
 * ```
 */
export interface GitLabSubjectOptions {
  /** The project's full path, `group/project` or `group/subgroup/project` (`CI_PROJECT_PATH`). */
  readonly projectPath?: string;
  /**
   * The project's numeric id (`CI_PROJECT_ID`). When given and `components` is not, the subject is
   * `project_id:{id}:ref_type:…:ref:…`, the form GitLab recommends when a project path is reused.
   */
  readonly projectId?: string | number;
  /** The branch the job runs for (`ref_type:branch`), e.g. `main`. No `refs/heads/` prefix. */
  readonly branch?: string;
  /** The tag the job runs for (`ref_type:tag`), e.g. `v1.2.0`. No `refs/tags/` prefix. */
  readonly tag?: string;
  /**
   * The project's `ci_id_token_sub_claim_components`, in order; the first is `project_path` or
   * `project_id`. Default `["project_path", "ref_type", "ref"]` (or `project_id` first when only
   * `projectId` is given).
   */
  readonly components?: readonly GitLabSubClaimComponent[];
  /** The `ref_protected` value, for a `ref_protected` component. */
  readonly refProtected?: boolean;
  /** The environment name, for an `environment` component. */
  readonly environment?: string;
  /** The `environment_protected` value, for an `environment_protected` component. */
  readonly environmentProtected?: boolean;
  /** The environment's tier, for a `deployment_tier` component. */
  readonly deploymentTier?: GitLabDeploymentTier;
}

const KNOWN_COMPONENTS: readonly GitLabSubClaimComponent[] = [
  "project_path",
  "project_id",
  "ref_type",
  "ref",
  "ref_protected",
  "environment",
  "environment_protected",
  "deployment_tier",
];
const DEPLOYMENT_TIERS: readonly GitLabDeploymentTier[] = [
  "production",
  "staging",
  "testing",
  "development",
  "other",
];
// GitLab path segments: letters, digits, "_", ".", "-" (and "+" in paths created under older rules).
const PROJECT_PATH = /^[A-Za-z0-9_.+-]+(\/[A-Za-z0-9_.+-]+)+$/;

/**
 * The `sub` claim GitLab writes in a job's ID token: `project_path:{path}:ref_type:{branch|tag}:ref:{name}`
 * by default, or the project's customised components (`project_id:{id}:ref_type:…`). Values are
 * written as GitLab writes them, unescaped; a name GitLab could never produce (not a git ref name,
 * not a GitLab path) is refused with an {@link InvalidInputError} naming the field.
 *
 * @example
 * ```ts
 * gitlabSubject({ projectPath: "contoso/platform/web", branch: "main" });
 * // "project_path:contoso/platform/web:ref_type:branch:ref:main"
 * gitlabSubject({ projectId: 4242, tag: "v1.2.0" });
 * // "project_id:4242:ref_type:tag:ref:v1.2.0"
 * ```
 */
export function gitlabSubject(options: GitLabSubjectOptions): string {
  if (typeof options !== "object" || options === null) {
    throw new InvalidInputError({
      field: "options",
      value: options,
      expected: "an object such as { projectPath, branch } or { projectPath, tag }",
      fix: 'call gitlabSubject({ projectPath: "group/project", branch: "main" })',
    });
  }
  const components = checkComponents(options);
  const parts = components.map((component) => `${component}:${componentValue(component, options)}`);
  return requireFicFieldLength("subject", parts.join(":"));
}

function checkComponents(options: GitLabSubjectOptions): readonly GitLabSubClaimComponent[] {
  if (options.components === undefined) {
    return options.projectId !== undefined
      ? ["project_id", "ref_type", "ref"]
      : DEFAULT_GITLAB_SUB_CLAIM_COMPONENTS;
  }
  const components = options.components;
  const expected = `a list of distinct claims from ${KNOWN_COMPONENTS.join(", ")}, starting with project_path or project_id`;
  const fix = "copy the project's ci_id_token_sub_claim_components (GET /projects/:id in the GitLab API)";
  if (!Array.isArray(components) || components.length === 0) {
    throw new InvalidInputError({ field: "components", value: components, expected, fix });
  }
  components.forEach((component, index) => {
    if (!KNOWN_COMPONENTS.includes(component)) {
      throw new InvalidInputError({ field: `components[${index}]`, value: component, expected, fix });
    }
    if (components.indexOf(component) !== index) {
      throw new InvalidInputError({
        field: `components[${index}]`,
        value: component,
        expected: "each claim at most once",
        fix,
      });
    }
  });
  if (components[0] !== "project_path" && components[0] !== "project_id") {
    throw new InvalidInputError({ field: "components[0]", value: components[0], expected, fix });
  }
  return components;
}

function componentValue(component: GitLabSubClaimComponent, options: GitLabSubjectOptions): string {
  switch (component) {
    case "project_path":
      return requireSubjectPart("projectPath", options.projectPath, {
        pattern: PROJECT_PATH,
        expected:
          'a project path as "group/project" or "group/subgroup/project" (letters, digits, "_", ".", "-")',
        fix: "use the project's CI_PROJECT_PATH",
      });
    case "project_id":
      return projectIdValue(options.projectId);
    case "ref_type":
      return refOf(options).refType;
    case "ref":
      return refOf(options).ref;
    case "ref_protected":
      return booleanValue("refProtected", options.refProtected);
    case "environment":
      return requireSubjectPart("environment", options.environment, {
        pattern: /^[\p{L}\p{N} _./${}-]+$/u,
        expected: 'an environment name (letters, digits, spaces, "-", "_", "/", "$", "{", "}", ".")',
        fix: "use the job's CI_ENVIRONMENT_NAME",
      });
    case "environment_protected":
      return booleanValue("environmentProtected", options.environmentProtected);
    case "deployment_tier":
      if (!DEPLOYMENT_TIERS.includes(options.deploymentTier as GitLabDeploymentTier)) {
        throw new InvalidInputError({
          field: "deploymentTier",
          value: options.deploymentTier,
          expected: `one of ${DEPLOYMENT_TIERS.join(", ")}`,
          fix: "use the job's CI_ENVIRONMENT_TIER",
        });
      }
      return options.deploymentTier as GitLabDeploymentTier;
  }
}

function projectIdValue(projectId: unknown): string {
  const text = typeof projectId === "number" ? String(projectId) : projectId;
  const valid =
    typeof text === "string" &&
    /^[1-9][0-9]*$/.test(text) &&
    (typeof projectId === "string" || Number.isSafeInteger(projectId));
  if (!valid) {
    throw new InvalidInputError({
      field: "projectId",
      value: projectId,
      expected: "the project's numeric id, a positive integer such as 4242",
      fix: "use the job's CI_PROJECT_ID (shown on the project's overview page)",
    });
  }
  return text as string;
}

function booleanValue(field: string, value: unknown): string {
  if (typeof value !== "boolean") {
    throw new InvalidInputError({
      field,
      value,
      expected: "true or false",
      fix: `pass ${field}, since the subject includes it`,
    });
  }
  return String(value);
}

function refOf(options: GitLabSubjectOptions): { refType: "branch" | "tag"; ref: string } {
  if (options.branch !== undefined && options.tag !== undefined) {
    throw new InvalidInputError({
      field: "tag",
      value: options.tag,
      expected: "either branch or tag, not both (a job runs for one ref)",
      fix: "remove branch or tag",
    });
  }
  if (options.tag !== undefined) return { refType: "tag", ref: requireGitRefName("tag", options.tag) };
  if (options.branch === undefined) {
    throw new InvalidInputError({
      field: "branch",
      value: undefined,
      expected: "a branch (or a tag) name, since the subject includes the ref",
      fix: 'pass branch: "main" or tag: "v1.0.0"',
    });
  }
  return { refType: "branch", ref: requireGitRefName("branch", options.branch) };
}
