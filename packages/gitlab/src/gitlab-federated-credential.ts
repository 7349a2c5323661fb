import type { FederatedCredentialChoices, FederatedIdentityCredential } from "@azfed/core";
import { assembleFederatedCredential } from "@azfed/core/provider";
import { gitlabIssuer } from "./gitlab-issuer";
import { type GitLabSubjectOptions, gitlabSubject } from "./gitlab-subject";

/**
 * Options of {@link gitlabFederatedCredential}: the subject's parts, plus the instance, audience,
 * name and description of the credential.
 *
 * @example
 * ```ts
 * const options: GitLabFederatedCredentialOptions = {
 *   projectPath: "contoso/web",
 *   branch: "main",
 *   instanceUrl: "https://gitlab.example.com",
 * };
 * ```
 */
export interface GitLabFederatedCredentialOptions extends GitLabSubjectOptions, FederatedCredentialChoices {
  /** The GitLab instance URL (`CI_SERVER_URL`). Default `https://gitlab.com`. */
  readonly instanceUrl?: string | undefined;
  /**
   * The `aud` the job's `id_tokens:` entry sets. Default `api://AzureADTokenExchange` (recommended).
   * GitLab's own Azure example uses the instance URL instead: whichever you choose, the YAML's
   * `aud` and this audience must be the same string.
   */
  readonly audience?: string | undefined;
}

/**
 * A complete federated identity credential that trusts a GitLab job's ID token: issuer = the
 * instance URL, subject = {@link gitlabSubject}; core's `assembleFederatedCredential` adds the
 * audience, the name (derived from the project and ref) and the description (default: a sentence
 * naming the project and ref). Create it with `az ad app federated-credential create --id <app>
 * --parameters fic.json`.
 *
 * @example
 * ```ts
 * const fic = gitlabFederatedCredential({ projectPath: "contoso/web", branch: "main" });
 * // {
 * //   name: "gitlab-contoso-web-branch-main",
 * //   issuer: "https://gitlab.com",
 * //   subject: "project_path:contoso/web:ref_type:branch:ref:main",
 * //   audiences: ["api://AzureADTokenExchange"],
 * //   description: "GitLab CI: project contoso/web, branch main",
 * // }
 * ```
 */
export function gitlabFederatedCredential(
  options: GitLabFederatedCredentialOptions,
): FederatedIdentityCredential {
  const subject = gitlabSubject(options);
  const issuer = gitlabIssuer({ instanceUrl: options.instanceUrl });
  const project = subject.startsWith("project_path:")
    ? options.projectPath
    : `project id ${options.projectId}`;
  const ref = options.tag !== undefined ? `tag ${options.tag}` : `branch ${options.branch}`;
  return assembleFederatedCredential(
    { platform: "gitlab", issuer, subject, summary: `GitLab CI: ${project}, ${ref}` },
    options,
  );
}
