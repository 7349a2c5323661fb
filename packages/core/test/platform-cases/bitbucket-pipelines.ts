import type { PlatformCases } from "./platform-cases";

/** A step's token: the workspace's issuer, `{repository uuid}:{step uuid}` (the platform entry's shapes). */
const ISSUER = "https://api.bitbucket.org/2.0/workspaces/contoso/pipelines-config/identity/oidc";
const SUBJECT = "{1de489be-3f6a-4c2b-9d8e-7f6a5b4c3d2e}:{759de0c6-1a2b-4c3d-8e9f-0a1b2c3d4e5f}";

export const BITBUCKET_PIPELINES_CASES: PlatformCases = {
  sample: { issuer: ISSUER, subject: SUBJECT },
  recognised: [
    [ISSUER, undefined, "bitbucket-pipelines"],
    ["https://127.0.0.1:8443", SUBJECT, "bitbucket-pipelines"],
  ],
  // No subject is clean: Entra cannot match a Bitbucket Pipelines token.
  cleanSubjects: [],
  subjectWarnings: {
    rule: "unmatchable-platform",
    cases: [[SUBJECT, "Entra cannot match a Bitbucket Pipelines token"]],
  },
};
