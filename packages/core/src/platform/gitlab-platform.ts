import type { Platform } from "./platform";

/**
 * GitLab CI: the instance URL (`https://gitlab.com`, or a self-managed instance, recognised when its
 * host name says "gitlab"); subjects `project_path:{group}/{project}:ref_type:{branch|tag}:ref:{name}`,
 * or `project_id:{id}:ref_type:…:ref:…` for a project whose sub claim components lead with its id.
 *
 * @see https://docs.gitlab.com/ci/secrets/id_token_authentication
 * @see gitlabhq `doc/ci/cloud_services/_index.md` "Use the project ID as the subject" (read 2026-12-07)
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-set-up-flexible-federated-identity-credential (sub in expressions)
 */
export const GITLAB_PLATFORM: Platform = {
  id: "gitlab",
  label: "GitLab CI",
  credentialNamePrefix: "gitlab",
  subjectPrefix: /^project_(path|id):/,
  // The claims' values without their keys: project_path:g/p:ref_type:branch:ref:main → g/p, branch, main
  // (project_id:4242:… → 4242, …)
  // (neither a project path nor a git ref may hold ":").
  credentialNameParts: (subject) => {
    const values = subject.split(":").filter((_, index) => index % 2 === 1);
    return values.length > 0 ? values : [subject];
  },
  issued: (issuer) => issuer.host === "gitlab.com" || issuer.host.split(".").includes("gitlab"),
  issuersWithoutTrailingSlash: ["https://gitlab.com"],
  expressionClaims: ["sub"],
  subjectShapeWarning(subject) {
    if (/:ref:refs\/(heads|tags)\//.test(subject)) {
      return {
        rule: "gitlab-subject-shape",
        message:
          'GitLab writes the ref without "refs/heads/" or "refs/tags/" (project_path:group/project:ref_type:branch:ref:main). Fix: remove that prefix',
      };
    }
    if (/^project_id:/.test(subject) && !/^project_id:[1-9][0-9]*(:|$)/.test(subject)) {
      return {
        rule: "gitlab-subject-shape",
        message:
          "GitLab's project_id component is the project's numeric id (project_id:4242:ref_type:branch:ref:main). Fix: use the project's id from Settings > General, or CI_PROJECT_ID",
      };
    }
    if (/^project_path:/.test(subject) && !/:ref_type:(branch|tag):ref:./.test(subject)) {
      return {
        rule: "gitlab-subject-shape",
        message:
          "GitLab's default subject is project_path:{group}/{project}:ref_type:{branch|tag}:ref:{name}. Fix: compare it with the `sub` of a real token",
      };
    }
    return undefined;
  },
  subjectCauses: () => [
    "GitLab's subject names the ref type and ref (project_path:{group}/{project}:ref_type:{branch|tag}:ref:{name}); a run on another branch or tag has another subject.",
    "A project whose ci_id_token_sub_claim_components lead with project_id presents project_id:{id}:… instead of project_path:…; a merge request pipeline from a fork names the fork's path and id.",
  ],
};
