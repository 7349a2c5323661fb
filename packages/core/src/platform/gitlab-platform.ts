import type { EnvironmentSignal } from "./environment-signal";
import { isHttpsOrigin, type Platform } from "./platform";

/**
 * GitLab CI: the instance URL (`https://gitlab.com`, or a self-managed instance, recognised when its
 * host name says "gitlab"); subjects `project_path:{group}/{project}:ref_type:{branch|tag}:ref:{name}`,
 * or `project_id:{id}:ref_type:…:ref:…` for a project whose sub claim components lead with its id.
 *
 * @see https://docs.gitlab.com/ci/secrets/id_token_authentication
 * @see gitlabhq `doc/ci/cloud_services/_index.md` "Use the project ID as the subject" (read 2026-12-07)
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials
 *   (ms.date 08/14/2026, checked 2026-12-07: "Supported issuer URLs: `https://gitlab.com`,
 *   `https://gitlab.example.com`, and `https://gitlab.example.ca` where `example` can be any string";
 *   claim `sub`, operators `eq` and `matches`)
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-set-up-flexible-federated-identity-credential
 *   (ms.date 09/18/2026, checked 2026-12-07: "When you use mutable subjects with GitLab, your flexible
 *   federated identity credential expression must match the `sub` and `project_id` claims"; its
 *   example compares `claims['project_id'] eq '57382910'`)
 * @see https://github.com/hashicorp/terraform-provider-azuread/issues/1901 (as served, checked
 *   2026-12-07: Graph refused `claims['sub'] matches 'project_path:…'` alone for `https://gitlab.com`:
 *   "Expression configured for issuer 'https://gitlab.com' either lacks all required claims or
 *   contains unallowed claims")
 */
export const GITLAB_PLATFORM: Platform & { readonly environmentSignal: EnvironmentSignal } = {
  id: "gitlab",
  label: "GitLab CI",
  // GITLAB_CI: "Available for all jobs executed in CI/CD. `true` when available." (gitlabhq/gitlabhq
  // doc/ci/variables/predefined_variables.md, commit 00a46ce6b45ba7f370fbd50c80db211f7a44edee, checked 2026-12-07)
  environmentSignal: {
    find: (env) => (env.GITLAB_CI === "true" ? "GITLAB_CI" : undefined),
    absent: 'GITLAB_CI is not "true": this is not a GitLab CI job',
  },
  credentialNamePrefix: "gitlab",
  subjectPrefix: /^project_(path|id):/,
  // The claims' values without their keys: project_path:g/p:ref_type:branch:ref:main -> g/p, branch, main
  // (project_id:4242:... -> 4242, ...)
  // (neither a project path nor a git ref may hold ":").
  credentialNameParts: (subject) => {
    const values = subject.split(":").filter((_, index) => index % 2 === 1);
    return values.length > 0 ? values : [subject];
  },
  issued: (issuer) => issuer.host === "gitlab.com" || issuer.host.split(".").includes("gitlab"),
  issuersWithoutTrailingSlash: ["https://gitlab.com"],
  flexible: {
    issuerSupported: (issuer) =>
      isHttpsOrigin(issuer) &&
      (issuer.host === "gitlab.com" || /^gitlab\.[a-z0-9.-]+\.(?:com|ca)$/.test(issuer.host)),
    issuers: "https://gitlab.com, https://gitlab.<name>.com and https://gitlab.<name>.ca",
    claims: { sub: ["eq", "matches"], project_id: ["eq"] },
    requiresOneOf: ["project_id"],
    immutableSubjectPrefix: "project_id:",
    requiredClaimsFix:
      "add and claims['project_id'] eq '<the project's numeric id>' (CI_PROJECT_ID; the project's overview page shows it), or compare a project_id:… subject",
  },
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
