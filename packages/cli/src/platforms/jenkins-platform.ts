import {
  type JenkinsFederatedCredentialOptions,
  jenkinsFederatedCredential,
  jenkinsSubject,
} from "@azfed/oidc-token";
import { definePlatform } from "./define-platform";
import { textFlag } from "./platform-flags";

/**
 * Jenkins (the oidc-provider plugin) for `azfed subject jenkins` and `azfed fic jenkins` (builders
 * from `@azfed/oidc-token`): the subject is the job's URL, the issuer `{Jenkins URL}oidc`.
 *
 * @example
 * ```ts
 * jenkinsPlatform.subject({ jenkinsUrl: "https://jenkins.example.com/", job: "payments/api" });
 * // "https://jenkins.example.com/job/payments/job/api/"
 * ```
 */
export const jenkinsPlatform = definePlatform<JenkinsFederatedCredentialOptions>({
  name: "jenkins",
  aliases: [],
  provider: "jenkins",
  title: "Jenkins",
  subjectFlags: {
    jobUrl: textFlag("<url>", "the job's URL, JOB_URL in a build (with its trailing slash)"),
    jenkinsUrl: textFlag("<url>", "Jenkins' root URL, JENKINS_URL (with --job)"),
    job: textFlag("<name>", "the job's full name, folders first, e.g. payments/api (with --jenkins-url)"),
  },
  credentialFlags: {
    folder: textFlag("<name>", "the folder the id token credential is stored in (default: the root)"),
    issuer: textFlag("<url>", "the issuer configured on the credential (default <Jenkins URL>oidc)"),
  },
  subject: jenkinsSubject,
  federatedCredential: jenkinsFederatedCredential,
  flexible: false,
  subjectExamples: [
    "azfed subject jenkins --jenkins-url https://jenkins.example.com/ --job payments/api",
    "azfed subject jenkins --job-url https://jenkins.example.com/job/payments/job/api/",
  ],
  credentialExamples: [
    "azfed fic jenkins --job-url https://jenkins.example.com/job/payments/job/api/ --format az --app 00000000-0000-0000-0000-000000000000",
    "azfed fic jenkins --jenkins-url https://jenkins.example.com/ --job payments/api --format bicep --identity deployer",
  ],
});
