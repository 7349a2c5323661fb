import { InvalidInputError } from "@azfed/core";
import { requireFicFieldLength, requireSubjectPart } from "@azfed/core/provider";
import { jenkinsRootUrl, jobPath } from "./jenkins-url";

/**
 * What {@link jenkinsSubject} needs: the job's URL as a build sees it (`JOB_URL`), or Jenkins' root
 * URL and the job's full name.
 *
 * @example
 * ```ts
 * const fromBuild: JenkinsSubjectOptions = { jobUrl: "https://jenkins.example.com/job/payments/job/api/" };
 * const fromName: JenkinsSubjectOptions = { jenkinsUrl: "https://jenkins.example.com/", job: "payments/api" };
 * ```
 */
export interface JenkinsSubjectOptions {
  /** The job's URL, `JOB_URL` in a build (with its trailing slash). */
  readonly jobUrl?: string | undefined;
  /** Jenkins' root URL (`JENKINS_URL`), with `job`. */
  readonly jenkinsUrl?: string | undefined;
  /** The job's full name, folders first (`payments/api`; a multibranch branch: `payments/api/main`), with `jenkinsUrl`. */
  readonly job?: string | undefined;
}

/** An http(s) URL whose path holds `/job/`, without whitespace. */
const JOB_URL = /^https?:\/\/[^\s/?#]+\/\S*$/;

/**
 * The subject of a Jenkins build's id token with the plugin's default claim templates: the job's
 * URL, `${JOB_URL}`, ending with a slash (`https://jenkins.example.com/job/payments/job/api/`).
 * Every build of the job shares it. A job whose names hold characters Jenkins escapes in URLs
 * (spaces, `%`, a multibranch branch with a `/`) is best given as `jobUrl`, copied from a build.
 * An administrator may change `sub` (Configure Global Security, OpenID Connect, Claim templates):
 * then copy the `sub` of a token.
 *
 * @see https://github.com/jenkinsci/oidc-provider-plugin/blob/b5cde4512a23a05cbb45b722d3f48693c34baa51/src/main/java/io/jenkins/plugins/oidc_provider/config/IdTokenConfiguration.java
 *   (commit b5cde4512a23a05cbb45b722d3f48693c34baa51 of jenkinsci/oidc-provider-plugin, checked 2026-12-07: build claim template `sub` = `${JOB_URL}`)
 * @see https://github.com/jenkinsci/oidc-provider-plugin/blob/b5cde4512a23a05cbb45b722d3f48693c34baa51/README.md
 *   (same commit: `"jenkins.acme.com/oidc:sub": "https://jenkins.acme.com/job/my-job/"`)
 *
 * @example
 * ```ts
 * jenkinsSubject({ jenkinsUrl: "https://jenkins.example.com/", job: "payments/api" });
 * // "https://jenkins.example.com/job/payments/job/api/"
 * ```
 */
export function jenkinsSubject(options: JenkinsSubjectOptions): string {
  if ((options?.jobUrl === undefined) === (options?.job === undefined)) {
    throw new InvalidInputError({
      field: "jobUrl",
      value: { jobUrl: options?.jobUrl, job: options?.job },
      expected: "exactly one of jobUrl (a build's JOB_URL) and job (the job's full name, with jenkinsUrl)",
      fix: "pass jobUrl, or jenkinsUrl and job",
    });
  }
  if (options.jobUrl !== undefined) {
    const jobUrl = requireSubjectPart("jobUrl", options.jobUrl, {
      pattern: JOB_URL,
      expected: "a job's URL, as JOB_URL holds it (https://jenkins.example.com/job/app/)",
      fix: "copy JOB_URL from a build of the job",
    });
    if (!jobUrl.includes("/job/", jobUrl.indexOf("//") + 2) || !jobUrl.endsWith("/")) {
      throw new InvalidInputError({
        field: "jobUrl",
        value: jobUrl,
        expected: "a job's URL: its path holds /job/{name} and it ends with a slash, as JOB_URL does",
        fix: jobUrl.endsWith("/") ? "copy JOB_URL from a build of the job" : `use ${jobUrl}/`,
      });
    }
    return requireFicFieldLength("subject", jobUrl);
  }
  const root = jenkinsRootUrl("jenkinsUrl", options.jenkinsUrl);
  return requireFicFieldLength("subject", `${root}${jobPath("job", options.job)}/`);
}
