import type { Platform } from "./platform";

/** An http(s) URL with a path and no whitespace (linear: no nested quantifiers). */
const URL_WITH_PATH = /^https?:\/\/[^\s/]+\/\S*$/;

/** Whether a subject is a job's URL (`JOB_URL`, the default `sub`): `{root}job/{name}/…/`. */
function isJobUrl(subject: string): boolean {
  return URL_WITH_PATH.test(subject) && subject.includes("/job/", subject.indexOf("//") + 2);
}

/**
 * Jenkins (the oidc-provider plugin): issuer `{Jenkins root URL}oidc` (the root URL ends with a
 * slash, so `https://jenkins.example.com/oidc`), `{root}oidc/job/{folder}` for a credential stored
 * in a folder, or the URL an administrator configured; no trailing slash (the plugin refuses one).
 * Default `sub` for a build: the job's URL, `${JOB_URL}`, which ends with a slash
 * (`https://jenkins.example.com/job/folder/job/app/`); administrators may change it with claim
 * templates. Recognised by a job-URL subject (an
 * administrator may configure any issuer).
 *
 * @see https://github.com/jenkinsci/oidc-provider-plugin/blob/b5cde4512a23a05cbb45b722d3f48693c34baa51/src/main/java/io/jenkins/plugins/oidc_provider/Issuer.java
 *   (commit b5cde4512a23a05cbb45b722d3f48693c34baa51 of jenkinsci/oidc-provider-plugin, checked 2026-12-07: `url()` = root URL + "oidc" + uri())
 * @see https://github.com/jenkinsci/oidc-provider-plugin/blob/b5cde4512a23a05cbb45b722d3f48693c34baa51/src/main/java/io/jenkins/plugins/oidc_provider/config/IdTokenConfiguration.java
 *   (same commit: build claim `sub` = `${JOB_URL}`, `build_number`; token lifetime 3600 s by default)
 * @see https://github.com/jenkinsci/oidc-provider-plugin/blob/b5cde4512a23a05cbb45b722d3f48693c34baa51/src/main/java/io/jenkins/plugins/oidc_provider/IdTokenCredentials.java
 *   (same commit: "Issuer URIs should not end with a slash"; `aud` is the credential's audience, optional)
 */
export const JENKINS_PLATFORM: Platform = {
  id: "jenkins",
  label: "Jenkins",
  credentialNamePrefix: "jenkins",
  subjectPrefix: /^https?:\/\/[^/]+\//,
  credentialNameParts: (subject) =>
    subject
      .replace(/^https?:\/\/[^/]+\//, "")
      .split("/")
      .filter((part) => part !== "" && part !== "job"),
  // An administrator may configure any issuer, so the job-URL subject decides; the issuers of the
  // platforms tried before this entry keep their tokens.
  issued: (_issuer, subject) => subject !== undefined && isJobUrl(subject),
  subjectShapeWarning(subject) {
    if (!isJobUrl(subject) || subject.endsWith("/")) return undefined;
    return {
      rule: "jenkins-subject-shape",
      message: `a Jenkins job's URL (JOB_URL, the plugin's default sub) ends with a slash. Fix: use ${subject}/`,
    };
  },
  subjectDifference(presented, expected) {
    if (!isJobUrl(presented) || !isJobUrl(expected)) return undefined;
    if (presented === `${expected}/`) return "the credential's subject lacks the job URL's trailing slash";
    if (presented.toLowerCase() === expected.toLowerCase()) return undefined;
    return `different job: the build runs ${presented}, the credential is for ${expected} (a folder or multibranch job's URL holds every parent: copy JOB_URL from the build)`;
  },
  issuerCauses: (issuer) =>
    issuer.text.endsWith("/")
      ? [
          "The plugin's issuer has no trailing slash ({root}oidc): remove the slash from the credential's issuer.",
        ]
      : [
          "The issuer is the Jenkins root URL followed by oidc, or oidc/job/{folder} when the id token credential is stored in a folder, or the issuer an administrator configured on the credential: copy the Issuer URI the credential's page shows.",
        ],
  subjectCauses: () => [
    "The plugin's default subject is the job's URL with its trailing slash (JOB_URL); an administrator may have changed it under Configure Global Security, OpenID Connect, Claim templates.",
  ],
  expiredTokenCauses: [
    "The plugin mints the token when withCredentials binds it, valid for the configured token lifetime (3600 s by default); azfed cannot refresh it: bind it in the step that runs azfed.",
  ],
};
