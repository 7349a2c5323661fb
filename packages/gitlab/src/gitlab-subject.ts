import { InvalidInputError } from "@azfed/core";
import { requireFicFieldLength, requireGitRefName, requireSubjectPart } from "@azfed/core/provider";

/**
 * A claim GitLab can put in an ID token's `sub`: `project_path` or `project_id` first (never both in
 * azfed), then `ref_type` and/or `ref`, in the order of the project's `ci_id_token_sub_claim_components`.
 *
 * @see gitlabhq `doc/ci/cloud_services/_index.md` "Use the project ID as the subject" (read 2026-12-07:
 * `project_id:{id}:ref_type:{type}:ref:{branch_name}`)
 *
 * @example
 * ```ts
 * const components: GitLabSubClaimComponent[] = ["project_id", "ref_type", "ref"];
 * ```
 */
export type GitLabSubClaimComponent = "project_path" | "project_id" | "ref_type" | "ref";

/**
 * The components azfed builds a custom `sub` from: `project_path` or `project_id` (the one that leads),
 * `ref_type`, `ref`. GitLab documents `project_id` as the first component for trust that survives a
 * rename or move, and blocks ID tokens whose `sub` names a project path another project held before
 * (gitlabhq `Gitlab::Ci::OidcBurnedPathError`, which tells users to start the components with
 * `project_id`).
 *
 * @see gitlabhq `doc/ci/cloud_services/_index.md` "Use the project ID as the subject" (read 2026-12-07)
 * @see gitlabhq `lib/gitlab/ci/oidc_burned_path_error.rb` (read 2026-12-07)
 *
 * @example
 * ```ts
 * ALLOWED_GITLAB_SUB_CLAIM_COMPONENTS.includes("project_id"); // true
 * ```
 */
export const ALLOWED_GITLAB_SUB_CLAIM_COMPONENTS: readonly GitLabSubClaimComponent[] = Object.freeze([
  "project_path",
  "project_id",
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
 * The components GitLab documents for a project-id subject: `project_id:{id}:ref_type:{type}:ref:{name}`.
 *
 * @see gitlabhq `doc/ci/cloud_services/_index.md` "Use the project ID as the subject" (read 2026-12-07)
 *
 * @example
 * ```ts
 * gitlabSubject({ projectId: 4242, branch: "main", components: PROJECT_ID_GITLAB_SUB_CLAIM_COMPONENTS });
 * // "project_id:4242:ref_type:branch:ref:main"
 * ```
 */
export const PROJECT_ID_GITLAB_SUB_CLAIM_COMPONENTS: readonly GitLabSubClaimComponent[] = Object.freeze([
  "project_id",
  "ref_type",
  "ref",
]);

/**
 * What a GitLab job's ID token subject is made of: the project's path or its numeric id (whichever
 * the project's sub claim components start with), and the branch or tag (not both).
 *
 * @example
 * ```ts
 * const byPath: GitLabSubjectOptions = { projectPath: "contoso/platform/web", tag: "v1.2.0" };
 * const byId: GitLabSubjectOptions = { projectId: 4242, branch: "main" };
 * ```
 */
export interface GitLabSubjectOptions {
  /**
   * The full path of the project the token is for, `group/project` or `group/subgroup/project`:
   * `CI_PROJECT_PATH`, or in a merge request pipeline from a fork the fork's path
   * (`CI_MERGE_REQUEST_SOURCE_PROJECT_PATH`). Needed when the components start with `project_path`.
   */
  readonly projectPath?: string | undefined;
  /**
   * The numeric id of the project the token is for: `CI_PROJECT_ID`, or in a merge request pipeline
   * from a fork the fork's id (`CI_MERGE_REQUEST_SOURCE_PROJECT_ID`). Needed when the components
   * start with `project_id`; given alone (no `projectPath`, no `components`) the components are
   * `project_id, ref_type, ref`.
   */
  readonly projectId?: number | string | undefined;
  /** The branch the job runs for (`ref_type:branch`), e.g. `main`. No `refs/heads/` prefix. */
  readonly branch?: string | undefined;
  /** The tag the job runs for (`ref_type:tag`), e.g. `v1.2.0`. No `refs/tags/` prefix. */
  readonly tag?: string | undefined;
  /**
   * The project's `ci_id_token_sub_claim_components`, in order: `project_path` or `project_id`
   * first (not both), then any of `ref_type`, `ref`. Default `["project_path", "ref_type", "ref"]`,
   * or `["project_id", "ref_type", "ref"]` when only `projectId` is given.
   */
  readonly components?: readonly GitLabSubClaimComponent[] | undefined;
}

// GitLab path segments: letters, digits, "_", ".", "-" (and "+" in paths created under older rules).
const PROJECT_PATH = /^[A-Za-z0-9_.+-]+(\/[A-Za-z0-9_.+-]+)+$/;
const PROJECT_ID = /^[1-9][0-9]{0,18}$/;
const LEADS: readonly GitLabSubClaimComponent[] = ["project_path", "project_id"];
const RULE =
  'a GitLab sub starts with project_path or project_id (one of them, never both: GitLab blocks tokens whose sub names a reused project path), then any of ref_type, ref (gitlabhq doc/ci/cloud_services/_index.md, "Use the project ID as the subject")';
/** Options older azfed versions took for claims azfed does not put in a `sub`. */
const REFUSED_OPTIONS = ["refProtected", "environment", "environmentProtected", "deploymentTier"];

/**
 * The `sub` claim GitLab writes in a job's ID token: `project_path:{path}:ref_type:{branch|tag}:ref:{name}`
 * by default, `project_id:{id}:ref_type:…:ref:…` for a project that leads with its id, or the
 * project's customised components (`project_path` or `project_id` first, then `ref_type` and/or
 * `ref`). Values are written as GitLab writes them, unescaped; a name GitLab could never produce (not
 * a git ref name, not a GitLab path) or a component GitLab does not allow is refused with an
 * `InvalidInputError` naming the field and quoting GitLab's rule.
 *
 * @example
 * ```ts
 * gitlabSubject({ projectPath: "contoso/platform/web", branch: "main" });
 * // "project_path:contoso/platform/web:ref_type:branch:ref:main"
 * gitlabSubject({ projectPath: "contoso/web", tag: "v1.2.0", components: ["project_path", "ref_type"] });
 * // "project_path:contoso/web:ref_type:tag"
 * gitlabSubject({ projectId: 4242, branch: "main" });
 * // "project_id:4242:ref_type:branch:ref:main"
 * ```
 */
export function gitlabSubject(options: GitLabSubjectOptions): string {
  if (typeof options !== "object" || options === null) {
    throw new InvalidInputError({
      field: "options",
      value: options,
      expected: "an object such as { projectPath, branch }, { projectPath, tag } or { projectId, branch }",
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
  const components = checkComponents(options.components ?? defaultComponents(options));
  const parts = components.map((component) => `${component}:${componentValue(component, options)}`);
  return requireFicFieldLength("subject", parts.join(":"));
}

/** Without `components`: the project-id form when only `projectId` is given, else GitLab's default. */
function defaultComponents(options: GitLabSubjectOptions): readonly GitLabSubClaimComponent[] {
  if (options.projectId === undefined) return DEFAULT_GITLAB_SUB_CLAIM_COMPONENTS;
  if (options.projectPath === undefined) return PROJECT_ID_GITLAB_SUB_CLAIM_COMPONENTS;
  throw new InvalidInputError({
    field: "projectId",
    value: options.projectId,
    expected: `either projectPath or projectId, or components saying which one leads: ${RULE}`,
    fix: 'remove projectPath or projectId, or pass components: ["project_id", "ref_type", "ref"]',
  });
}

function checkComponents(components: readonly GitLabSubClaimComponent[]): readonly GitLabSubClaimComponent[] {
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
  if (!LEADS.includes(components[0] as GitLabSubClaimComponent)) {
    throw new InvalidInputError({
      field: "components[0]",
      value: components[0],
      expected: `project_path or project_id must be the first element of the sub claim: ${RULE}`,
      fix,
    });
  }
  const second = components.findIndex((component, index) => index > 0 && LEADS.includes(component));
  if (second > 0) {
    throw new InvalidInputError({
      field: `components[${second}]`,
      value: components[second],
      expected: `only one of project_path, project_id: ${RULE}`,
      fix: `remove ${components[second]}: the sub names the project once`,
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
    case "project_id":
      return requireSubjectPart(
        "projectId",
        typeof options.projectId === "number" ? String(options.projectId) : options.projectId,
        {
          pattern: PROJECT_ID,
          expected: "the project's numeric id, e.g. 4242 (Settings > General, or CI_PROJECT_ID)",
          fix: "use the job's CI_PROJECT_ID (a fork's CI_MERGE_REQUEST_SOURCE_PROJECT_ID in its merge request pipelines)",
        },
      );
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
