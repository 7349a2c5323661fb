import { InvalidInputError } from "@azfed/core";
import { requireSubjectPart } from "@azfed/core/provider";

/** A job or folder name Jenkins writes into URLs unchanged (its `Util.rawEncode` leaves these alone). */
const PLAIN_NAME = /^[A-Za-z0-9._-]+$/;
/** An http(s) origin with an optional path (a context path such as `/jenkins`), nothing else. */
const ROOT_URL = /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;

/**
 * Jenkins' root URL (`JENKINS_URL`), checked, ending with a slash as Jenkins writes it.
 *
 * @internal
 */
export function jenkinsRootUrl(field: string, value: unknown): string {
  const url = requireSubjectPart(field, value, {
    pattern: ROOT_URL,
    expected:
      "Jenkins' root URL (JENKINS_URL, Manage Jenkins, System, Jenkins URL), e.g. https://jenkins.example.com/",
    fix: "copy the Jenkins URL from Manage Jenkins, System",
  });
  return url.endsWith("/") ? url : `${url}/`;
}

/**
 * The `job/{name}/job/{name}` path of a job or folder's full name (`folder/app`), for names Jenkins
 * writes into URLs unchanged; any other name is refused with the advice to copy the URL Jenkins
 * shows (it escapes such names its own way).
 *
 * @internal
 */
export function jobPath(field: string, value: unknown): string {
  const fullName = requireSubjectPart(field, value, {
    expected: "the job's full name, its folders and name joined by / (e.g. folder/app)",
    fix: "pass the full name Jenkins shows for the job",
  });
  const names = fullName.split("/");
  const unusual = names.find((name) => !PLAIN_NAME.test(name));
  if (unusual !== undefined) {
    throw new InvalidInputError({
      field,
      value: fullName,
      expected: `names of letters, digits, ".", "_" and "-" joined by / (${JSON.stringify(unusual)} is escaped by Jenkins in URLs)`,
      fix: "pass the job's URL instead (jobUrl: the JOB_URL variable of a build), or the issuer the credential's page shows",
    });
  }
  return names.map((name) => `job/${name}`).join("/");
}

/**
 * The root URL a job's URL starts with: everything before its first `/job/` after the host.
 *
 * @internal
 */
export function rootOfJobUrl(jobUrl: string): string {
  return jobUrl.slice(0, jobUrl.indexOf("/job/", jobUrl.indexOf("//") + 2) + 1);
}
