import { InvalidInputError } from "@azfed/core";
import { requireFicFieldLength, requireSubjectPart } from "@azfed/core/provider";

/**
 * GitLab.com's instance URL, the issuer of its ID tokens.
 *
 * @example
 * ```ts
 * gitlabIssuer() === GITLAB_COM_URL; // true
 * ```
 */
export const GITLAB_COM_URL = "https://gitlab.com";

/**
 * Options of {@link gitlabIssuer}.
 *
 * @example
 * ```ts
 * const options: GitLabIssuerOptions = { instanceUrl: "https://gitlab.example.com" };
 * ```
 */
export interface GitLabIssuerOptions {
  /**
   * The GitLab instance's URL, as the job sees it in `CI_SERVER_URL` (a self-managed instance may
   * live under a path, e.g. `https://example.com/gitlab`). Default `https://gitlab.com`.
   */
  readonly instanceUrl?: string | undefined;
}

/**
 * The issuer (`iss`) of a GitLab instance's ID tokens: its URL, without a trailing slash. A trailing
 * slash in `instanceUrl` is dropped because GitLab never writes one in `iss`; anything else that
 * is not a plain `https://` URL (query, fragment, credentials, whitespace) is refused.
 *
 * @example
 * ```ts
 * gitlabIssuer(); // "https://gitlab.com"
 * gitlabIssuer({ instanceUrl: "https://gitlab.example.com/" }); // "https://gitlab.example.com"
 * ```
 */
export function gitlabIssuer(options: GitLabIssuerOptions = {}): string {
  const instanceUrl = requireSubjectPart("instanceUrl", options.instanceUrl ?? GITLAB_COM_URL, {
    expected: 'the GitLab instance URL, e.g. "https://gitlab.example.com"',
  });
  let url: URL;
  try {
    url = new URL(instanceUrl);
  } catch {
    throw new InvalidInputError({
      field: "instanceUrl",
      value: instanceUrl,
      expected: 'an absolute https:// URL such as "https://gitlab.example.com"',
      fix: "use the value of CI_SERVER_URL in a job of that instance",
    });
  }
  if (url.protocol !== "https:" || url.username || url.password || url.search || url.hash) {
    throw new InvalidInputError({
      field: "instanceUrl",
      value: instanceUrl,
      expected:
        "an https:// URL without credentials, query or fragment (Entra fetches the issuer's keys over HTTPS)",
      fix: "use the value of CI_SERVER_URL in a job of that instance",
    });
  }
  return requireFicFieldLength("issuer", instanceUrl.replace(/(?<!\/)\/+$/, ""));
}
