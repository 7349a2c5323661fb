import { EXPIRED, type PlatformCases } from "./platform-cases";

/** The plugin README's example (jenkinsci/oidc-provider-plugin, commit b5cde4512a23a05cbb45b722d3f48693c34baa51, checked 2026-12-07). */
const ISSUER = "https://jenkins.acme.com/oidc";
const SUBJECT = "https://jenkins.acme.com/job/my-job/";

export const JENKINS_CASES: PlatformCases = {
  sample: { issuer: ISSUER, subject: SUBJECT },
  recognised: [
    [ISSUER, SUBJECT, "jenkins"],
    ["https://jenkins.acme.com/oidc/job/team", "https://jenkins.acme.com/job/team/job/app/", "jenkins"],
    ["https://id.example.com", SUBJECT, "jenkins"],
    [ISSUER, "https://jenkins.acme.com/view/all/", undefined],
    [ISSUER, "repo:contoso/app:ref:refs/heads/main", undefined],
    ["https://token.actions.githubusercontent.com", SUBJECT, "github-actions"],
  ],
  // After the job's folders and name.
  credentialName: { name: "jenkins-team-app", subject: "https://jenkins.acme.com/job/team/job/app/" },
  subjectWarnings: {
    rule: "jenkins-subject-shape",
    cases: [["https://jenkins.acme.com/job/my-job", `use ${SUBJECT}`]],
  },
  subjectHints: [
    [SUBJECT, "https://jenkins.acme.com/job/my-job", "lacks the job URL's trailing slash"],
    [SUBJECT, "https://jenkins.acme.com/job/other/", "different job"],
  ],
  // The issuer's shape, the default subject and the token lifetime.
  diagnoses: [
    { aadsts: 700211, causes: "Jenkins root URL followed by oidc" },
    { aadsts: 700213, causes: "the job's URL with its trailing slash" },
    { aadsts: 700024, claims: EXPIRED, causes: "3600 s by default" },
  ],
};
