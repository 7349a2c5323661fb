import type { PlatformCases } from "./platform-cases";

/** A job's token: the organization's issuer, `org/{id}/project/{id}/user/{id}` (the platform entry's shapes). */
const ORGANIZATION = "6f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b";
const ISSUER = `https://oidc.circleci.com/org/${ORGANIZATION}`;
const SUBJECT = `org/${ORGANIZATION}/project/7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d/user/8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e`;

export const CIRCLECI_CASES: PlatformCases = {
  sample: { issuer: ISSUER, subject: SUBJECT },
  recognised: [
    [ISSUER, undefined, "circleci"],
    ["https://oidc.circleci.com/org/1", undefined, undefined],
  ],
  // No subject is clean: Entra cannot usefully match a CircleCI token.
  cleanSubjects: [],
  subjectWarnings: {
    rule: "unmatchable-platform",
    cases: [[SUBJECT, "Entra cannot usefully match a CircleCI token"]],
  },
};
