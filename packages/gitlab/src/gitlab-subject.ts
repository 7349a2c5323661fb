import { InvalidInputError, requireFicFieldLength, requireGitRefName, requireSubjectPart } from "@azfed/core";

/**
 * A claim GitLab can put in an ID token's `sub`: only `project_path`, `ref_type` and `ref`, in the
 * order the project's `ci_id_token_sub_claim_components` setting lists them, `project_path` first.
 *
 * @see https://gitlab.com/gitlab-org/gitlab/-/blob/master/app/models/project_ci_cd_setting.rb (`ALLOWED_SUB_CLAIM_COMPONENTS`)
 *
 * @example
 * ```ts
 * const components: GitLabSubClaimComponent[] = ["project_path", "ref_type"];
 * ```
 */
export type GitLabSubClaimComponent = "project_path" | "ref_type" | "ref";

/**
 * The components GitLab allows in a custom `sub` (gitlabhq's `ALLOWED_SUB_CLAIM_COMPONENTS`):
 * `project_path`, `ref_type`, `ref`. GitLab refuses any other with "is not an allowed sub claim
 * component", and requires `project_path` first.
 *
 * @see https://gitlab.com/gitlab-org/gitlab/-/blob/master/app/models/project_ci_cd_setting.rb
 *
 * @example
 * ```ts
 * ALLOWED_GITLAB_SUB_CLAIM_COMPONENTS.includes("project_id"); // false
 * ```
 */
export const ALLOWED_GITLAB_SUB_CLAIM_COMPONENTS: readonly GitLabSubClaimComponent[] = Object.freeze([
  "project_path",
  "ref_type",
  "ref",
]);

/**
 * GitLab's default `ci_id_token_sub_claim_components`: `project_path:…:ref_type:…:ref:…`.
 *
 * @see https://gitlab.com/gitlab-org/gitlab/-/blob/master/lib/gitlab/ci/jwt_v2.rb (`sub_components: [:project_path, :ref_type, :ref]`)
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
 * What a GitLab job's ID token subject is made of: the project's path and the branch or tag (not
 * both), in the order of the project's sub claim components.
 *
 * @example
 * ```ts
 * const options: GitLabSubjectOptions = { projectPath: "contoso/platform/web", tag: "v1.2.0" };
 * ```
 */
export interface GitLabSubjectOptions {
  /**
   * The full path of the project the token is for, `group/project` or `group/subgroup/project`:
   * `CI_PROJECT_PATH`, or in a merge request pipeline from a fork the fork's path
   * (`CI_MERGE_REQUEST_SOURCE_PROJECT_PATH`).
   */
  readonly projectPath: string;
  /** The branch the job runs for (`ref_type:branch`), e.g. `main`. No `refs/heads/` prefix. */
  readonly branch?: string | undefined;
  /** The tag the job runs for (`ref_type:tag`), e.g. `v1.2.0`. No `refs/tags/` prefix. */
  readonly tag?: string | undefined;
  /**
   * The project's `ci_id_token_sub_claim_components`, in order: `project_path` first, then any of
   * `ref_type`, `ref` (the only components GitLab allows). Default `["project_path", "ref_type", "ref"]`.
   */
  readonly components?: readonly GitLabSubClaimComponent[] | undefined;
}

// GitLab path segments: letters, digits, "_", ".", "-" (and "+" in paths created under older rules).
const PROJECT_PATH = /^[A-Za-z0-9_.+-]+(\/[A-Za-z0-9_.+-]+)+$/;
const RULE =
  "GitLab allows only project_path, ref_type, ref in a custom sub, project_path first (ALLOWED_SUB_CLAIM_COMPONENTS in gitlabhq's app/models/project_ci_cd_setting.rb)";
/** Options older azfed versions took for components GitLab never puts in a `sub`. */
const REFUSED_OPTIONS = [
  "projectId",
  "refProtected",
  "environment",
  "environmentProtected",
  "deploymentTier",
];

/**
 * The `sub` claim GitLab writes in a job's ID token: `project_path:{path}:ref_type:{branch|tag}:ref:{name}`
 * by default, or the project's customised components (a subset of those three, `project_path`
 * first). Values are written as GitLab writes them, unescaped; a name GitLab could never produce (not
 * a git ref name, not a GitLab path) or a component GitLab does not allow is refused with an
 * {@link InvalidInputError} naming the field and quoting GitLab's rule.
 *
 * @example
 * ```ts
 * gitlabSubject({ projectPath: "contoso/platform/web", branch: "main" });
 * // "project_path:contoso/platform/web:ref_type:branch:ref:main"
 * gitlabSubject({ projectPath: "contoso/web", tag: "v1.2.0", components: ["project_path", "ref_type"] });
 * // "project_path:contoso/web:ref_type:tag"
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
  for (const name of REFUSED_OPTIONS) {
    if ((options as unknown as Record<string, unknown>)[name] !== undefined) {
      throw new InvalidInputError({
        field: name,
        value: (options as unknown as Record<string, unknown>)[name],
        expected: `no ${name}: ${RULE}`,
        fix: "remove it and build the subject from projectPath and the branch or tag",
      });
    }
  }
  const components = checkComponents(options.components);
  const parts = components.map((component) => `${component}:${componentValue(component, options)}`);
  return requireFicFieldLength("subject", parts.join(":"));
}

function checkComponents(
  components: readonly GitLabSubClaimComponent[] | undefined,
): readonly GitLabSubClaimComponent[] {
  if (components === undefined) return DEFAULT_GITLAB_SUB_CLAIM_COMPONENTS;
  const fix = "copy the project's ci_id_token_sub_claim_components (GET /projects/:id in the GitLab API)";
  if (!Array.isArray(components) || components.length === 0) {
    throw new InvalidInputError({
      field: "components",
      value: components,
      expected: `a non-empty list: ${RULE}`,
      fix,
    });
  }
  components.forEach((component, index) => {
    if (!ALLOWED_GITLAB_SUB_CLAIM_COMPONENTS.includes(component)) {
      throw new InvalidInputError({
        field: `components[${index}]`,
        value: component,
        expected: `${String(component)} is not an allowed sub claim component: ${RULE}`,
        fix,
      });
    }
    if (components.indexOf(component) !== index) {
      throw new InvalidInputError({
        field: `components[${index}]`,
        value: component,
        expected: "each component at most once",
        fix,
      });
    }
  });
  if (components[0] !== "project_path") {
    throw new InvalidInputError({
      field: "components[0]",
      value: components[0],
      expected: `project_path must be the first element of the sub claim: ${RULE}`,
      fix,
    });
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
        fix: "use the job's CI_PROJECT_PATH (a fork's CI_MERGE_REQUEST_SOURCE_PROJECT_PATH in its merge request pipelines)",
      });
    case "ref_type":
      return refOf(options).refType;
    case "ref":
      return refOf(options).ref;
  }
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
