import type { FederatedCredentialChoices, FederatedIdentityCredential } from "@azfed/core";
import { assembleFederatedCredential } from "@azfed/core/provider";
import { type JenkinsIssuerOptions, jenkinsIssuer } from "./jenkins-issuer";
import { type JenkinsSubjectOptions, jenkinsSubject } from "./jenkins-subject";
import { rootOfJobUrl } from "./jenkins-url";

/**
 * What {@link jenkinsFederatedCredential} needs: the issuer (as {@link jenkinsIssuer} takes it) and
 * the job (as {@link jenkinsSubject} takes it); `jenkinsUrl` serves both, and is read from `jobUrl`
 * when neither it nor `issuer` is given.
 *
 * @example
 * ```ts
 * const options: JenkinsFederatedCredentialOptions = { jenkinsUrl: "https://jenkins.example.com/", job: "payments/api" };
 * ```
 */
export type JenkinsFederatedCredentialOptions = JenkinsIssuerOptions &
  JenkinsSubjectOptions &
  FederatedCredentialChoices;

/**
 * The federated identity credential that lets every build of a Jenkins job exchange the id token
 * the oidc-provider plugin binds: issuer {@link jenkinsIssuer}, subject {@link jenkinsSubject},
 * audience `api://AzureADTokenExchange`. The plugin's credential has no audience unless one is
 * entered: enter the same one there (the credential's Audience field).
 *
 * @example
 * ```ts
 * const fic = jenkinsFederatedCredential({ jenkinsUrl: "https://jenkins.example.com/", job: "payments/api" });
 * // { name: "jenkins-payments-api", issuer: "https://jenkins.example.com/oidc",
 * //   subject: "https://jenkins.example.com/job/payments/job/api/", audiences: ["api://AzureADTokenExchange"], description: ... }
 * ```
 */
export function jenkinsFederatedCredential(
  options: JenkinsFederatedCredentialOptions,
): FederatedIdentityCredential {
  const subject = jenkinsSubject(options);
  const issuer = jenkinsIssuer(
    options.issuer === undefined && options.jenkinsUrl === undefined && options.jobUrl !== undefined
      ? { ...options, jenkinsUrl: rootOfJobUrl(subject) }
      : options,
  );
  return assembleFederatedCredential(
    { platform: "jenkins", issuer, subject, summary: `Jenkins job ${subject}` },
    options,
  );
}
