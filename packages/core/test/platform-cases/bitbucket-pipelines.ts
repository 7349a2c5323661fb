import type { PlatformCases } from "./platform-cases";

/** Atlassian's sample claims, as quoted in gravitational/teleport#48724: the step's UUID ends the subject. */
const ISSUER = "https://api.bitbucket.org/2.0/workspaces/bbcitest/pipelines-config/identity/oidc";
const SUBJECT =
  "{1de489be-ce6a-42a0-a8c8-eadbf1174ac7}:{bd715740-c970-486b-b68a-b421ec2a1f8b}:{759de0c6-eaee-4eaa-b7a6-c507eec759a7}";

export const BITBUCKET_PIPELINES_CASES: PlatformCases = {
  sample: { issuer: ISSUER, subject: SUBJECT },
  recognised: [
    [ISSUER, undefined, "bitbucket-pipelines"],
    ["https://127.0.0.1:8443", SUBJECT, "bitbucket-pipelines"],
    [`${ISSUER}.evil.example`, undefined, undefined],
  ],
  // No subject is clean: Entra cannot match a Bitbucket Pipelines token; the warning says what to do instead.
  cleanSubjects: [],
  subjectWarnings: {
    rule: "unmatchable-platform",
    cases: [
      [SUBJECT, "Entra cannot match a Bitbucket Pipelines token"],
      [SUBJECT, "step's UUID"],
      [SUBJECT, "managed identity"],
    ],
  },
  diagnoses: [{ aadsts: 700213, causes: "step's UUID" }],
};
