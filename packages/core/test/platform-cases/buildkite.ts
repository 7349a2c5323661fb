import { EXPIRED, type PlatformCases } from "./platform-cases";

/** Buildkite's issuer and its documented default subject (buildkite/docs pages/agent/cli/reference/oidc.md, commit 7e155915e). */
const ISSUER = "https://agent.buildkite.com";
const COMPOUND =
  "organization:acme-inc:pipeline:super-duper-app:ref:refs/heads/main:commit:9f3182061f1e2cca4702c368cbc039b7dc9d4485:step:build";
const NEXT_BUILD =
  "organization:acme-inc:pipeline:super-duper-app:ref:refs/heads/main:commit:b5ffe3aeea51cec6c41aef16e45ee6bce47d8810:step:build";
const PIPELINE_ID = "0191f956-042f-7ec4-aa62-8e5eeae396d0";

export const BUILDKITE_CASES: PlatformCases = {
  sample: { issuer: ISSUER, subject: PIPELINE_ID },
  recognised: [
    [ISSUER, PIPELINE_ID, "buildkite"],
    [ISSUER, undefined, "buildkite"],
    ["https://127.0.0.1:8443", COMPOUND, "buildkite"],
    // A step without a key leaves the step empty (rubygems/rubygems.org#5412's sample token).
    ["https://127.0.0.1:8443", `${COMPOUND.slice(0, -"build".length)}`, "buildkite"],
    ["https://agent.buildkite.com.evil.example", PIPELINE_ID, undefined],
    ["https://buildkite.com", PIPELINE_ID, undefined],
    // Terraform's subjects also start with organization: and stay Terraform's (a workspace run's
    // subject is recognised under any issuer, Terraform Enterprise's and the emulator's too).
    ["https://app.terraform.io", "organization:o:project:p:workspace:w:run_phase:plan", "terraform"],
    ["https://127.0.0.1:8443", "organization:o:project:p:workspace:w:run_phase:plan", "terraform"],
  ],
  credentialName: { name: `buildkite-${PIPELINE_ID}` },
  subjectWarnings: {
    rule: "buildkite-subject-shape",
    cases: [
      [COMPOUND, "changes with every build"],
      [PIPELINE_ID.toUpperCase(), `use ${PIPELINE_ID}`],
      ["super-duper-app", "subject_claim pipeline_id"],
    ],
  },
  subjectHints: [
    [COMPOUND, PIPELINE_ID, "default compound subject"],
    [PIPELINE_ID, COMPOUND, "the token's subject is a UUID"],
    [NEXT_BUILD, COMPOUND, "different commit"],
  ],
  diagnoses: [
    {
      aadsts: 700213,
      claims: { sub: COMPOUND },
      causes: "changes with every build; ask for the token with subject_claim pipeline_id",
    },
    { aadsts: 700213, causes: "pipeline_id gives the pipeline's UUID" },
    { aadsts: 700211, causes: "the one issuer https://agent.buildkite.com" },
    { aadsts: 700024, claims: EXPIRED, causes: "A Buildkite OIDC token lives 5 minutes" },
  ],
};
