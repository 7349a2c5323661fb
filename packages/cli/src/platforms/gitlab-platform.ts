import {
  ALLOWED_GITLAB_SUB_CLAIM_COMPONENTS,
  DEFAULT_GITLAB_SUB_CLAIM_COMPONENTS,
  type GitLabFederatedCredentialOptions,
  gitlabFederatedCredential,
  gitlabSubject,
} from "@azfed/identity/gitlab";
import { definePlatform } from "./define-platform";
import { choiceListFlag, textFlag } from "./platform-flags";

/**
 * GitLab CI for `azfed subject gitlab` and `azfed fic gitlab` (builders from `@azfed/gitlab`).
 *
 * @example
 * ```ts
 * gitlabPlatform.subject({ projectPath: "contoso/app", branch: "main" });
 * // "project_path:contoso/app:ref_type:branch:ref:main"
 * ```
 */
export const gitlabPlatform = definePlatform<GitLabFederatedCredentialOptions>({
  name: "gitlab",
  aliases: ["gitlab-ci"],
  provider: "gitlab",
  title: "GitLab CI",
  subjectFlags: {
    projectPath: textFlag("<group/project>", "the project path (CI_PROJECT_PATH), e.g. contoso/platform/app"),
    projectId: textFlag(
      "<id>",
      "the project's numeric id (CI_PROJECT_ID), for a project whose sub starts with project_id (a fork's id in its merge request pipelines)",
    ),
    branch: textFlag("<name>", "the branch (ref_type branch)"),
    tag: textFlag("<name>", "the tag (ref_type tag)"),
    components: choiceListFlag(
      "<list>",
      `the project's ci_id_token_sub_claim_components, comma-separated: project_path or project_id first (one of them), then ref_type and/or ref (default ${DEFAULT_GITLAB_SUB_CLAIM_COMPONENTS.join(",")}; project_id,ref_type,ref with --project-id alone)`,
      ALLOWED_GITLAB_SUB_CLAIM_COMPONENTS,
    ),
  },
  credentialFlags: {
    instanceUrl: textFlag("<url>", "the GitLab instance, which is the issuer (default https://gitlab.com)"),
  },
  subject: gitlabSubject,
  federatedCredential: gitlabFederatedCredential,
  // Entra needs a GitLab expression on a project_path subject to compare project_id too (eq):
  // entra-docs workload-identities-set-up-flexible-federated-identity-credential.md, ms.date
  // 09/18/2026, checked 2026-12-07 (core's GITLAB_PLATFORM cites it with Graph's refusal).
  flexible: {
    extraClaims: [
      {
        claim: "project_id",
        flags: "--require-project-id <id>",
        description:
          "with --flexible: require the project's numeric id (claims['project_id'] eq); an expression on a project_path subject needs it (CI_PROJECT_ID, or the project's overview page)",
      },
    ],
  },
  subjectExamples: [
    "azfed subject gitlab --project-path contoso/app --branch main",
    "azfed subject gitlab --project-path contoso/app --tag v1.2.0",
    "azfed subject gitlab --project-path contoso/app --branch main --components project_path,ref_type",
    "azfed subject gitlab --project-id 4242 --branch main",
  ],
  credentialExamples: [
    "azfed fic gitlab --project-path contoso/app --branch main --format az --app 00000000-0000-0000-0000-000000000000",
    "azfed fic gitlab --project-path contoso/app --branch main --instance-url https://gitlab.contoso.com --format terraform",
    "azfed fic gitlab --project-id 4242 --branch main --format az --app 00000000-0000-0000-0000-000000000000",
    "azfed fic gitlab --project-path contoso/app --branch 'release/*' --flexible --require-project-id 4242 --format graph",
  ],
});
