import type { PlatformCases } from "./platform-cases";

/** CircleCI's documented formats (circleci-docs openid-connect-tokens.adoc, commit 3b3f26e0). */
const ORGANIZATION = "8f2f3e4a-6b7c-4d8e-9f00-112233445566";
const ISSUER = `https://oidc.circleci.com/org/${ORGANIZATION}`;
const SUBJECT = `org/${ORGANIZATION}/project/0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3/user/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d`;

export const CIRCLECI_CASES: PlatformCases = {
  sample: { issuer: ISSUER, subject: SUBJECT },
  recognised: [
    [ISSUER, undefined, "circleci"],
    ["https://127.0.0.1:8443", SUBJECT, "circleci"],
    [`${ISSUER}.evil.example`, undefined, undefined],
    ["https://oidc.circleci.com/org/1", undefined, undefined],
  ],
  // No subject is clean: Entra cannot usefully match a CircleCI token; the warning says what to do instead.
  cleanSubjects: [],
  subjectWarnings: {
    rule: "unmatchable-platform",
    cases: [
      [SUBJECT, "Entra cannot usefully match a CircleCI token"],
      [SUBJECT, "names the user who triggered the job"],
      [SUBJECT, "managed identity"],
    ],
  },
  diagnoses: [{ aadsts: 700213, causes: "names the user who triggered the job" }],
};
