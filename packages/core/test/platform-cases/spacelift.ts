import { EXPIRED, type PlatformCases } from "./platform-cases";

/** Spacelift's examples (spacelift-io/user-documentation, commit 6e9746fefd4ef10fc7c4b68567356a98d3c07c56, checked 2026-12-07). */
const ISSUER = "https://demo.app.spacelift.io";
const SUBJECT = "space:legacy-01KJMM56VS4W3AL9YZWVCXBX8D:stack:azure-oidc-test:run_type:TRACKED:scope:write";

export const SPACELIFT_CASES: PlatformCases = {
  // The tokens' audience is the account's host, fixed by Spacelift.
  sample: { issuer: ISSUER, subject: SUBJECT, audience: "demo.app.spacelift.io" },
  recognised: [
    [ISSUER, undefined, "spacelift"],
    ["https://myaccount.app.spacelift.io/", undefined, "spacelift"],
    ["https://127.0.0.1:8443", SUBJECT, "spacelift"],
    ["https://127.0.0.1:8443", "space:root:module:net:run_type:TESTING:scope:read", "spacelift"],
    ["https://app.spacelift.io", undefined, undefined],
    ["https://demo.app.spacelift.io.evil.example", undefined, undefined],
    ["https://127.0.0.1:8443", "space:root", undefined],
    ["https://token.actions.githubusercontent.com", SUBJECT, "github-actions"],
  ],
  // After space, stack, run type and scope.
  credentialName: { name: "spacelift-legacy-01KJMM56VS4W3AL9YZWVCXBX8D-azure-oidc-test-tracked-write" },
  // The default subject, and a template with the space's path.
  cleanSubjects: [
    SUBJECT,
    "space:us-east-1:space_path:/root/production/us-east-1:stack:x:run_type:TRACKED:scope:read",
  ],
  subjectWarnings: {
    rule: "spacelift-subject-shape",
    cases: [
      ["space:root:stack:infra:run_type:tracked:scope:write", "run type tracked"],
      ["space:root:stack:infra:run_type:TRACKED:scope:admin", "scope admin"],
      ["space:root:stack:infra", "space:{space id}:{stack|module}"],
    ],
  },
  subjectHints: [
    [SUBJECT, "space:other:stack:azure-oidc-test:run_type:TRACKED:scope:write", "different space"],
    [
      SUBJECT,
      "space:legacy-01KJMM56VS4W3AL9YZWVCXBX8D:stack:web:run_type:TRACKED:scope:write",
      "different stack",
    ],
    [
      SUBJECT,
      "space:legacy-01KJMM56VS4W3AL9YZWVCXBX8D:stack:azure-oidc-test:run_type:PROPOSED:scope:write",
      "different run type",
    ],
    [
      SUBJECT,
      "space:legacy-01KJMM56VS4W3AL9YZWVCXBX8D:stack:azure-oidc-test:run_type:TRACKED:scope:read",
      "different scope",
    ],
  ],
  diagnoses: [
    { aadsts: 700213, causes: "add a credential for each run type and scope" },
    { aadsts: 700024, claims: EXPIRED, causes: "valid for one hour from the start of the run" },
  ],
};
