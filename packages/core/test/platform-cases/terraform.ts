import { EXPIRED, type PlatformCases } from "./platform-cases";

/** HashiCorp's sample token (workload-identity-tokens.mdx, commit 3354758b of hashicorp/web-unified-docs). */
const ISSUER = "https://app.terraform.io";
const APPLY = "organization:my-org:project:Default Project:workspace:my-workspace:run_phase:apply";
const PLAN = "organization:my-org:project:Default Project:workspace:my-workspace:run_phase:plan";

export const TERRAFORM_CASES: PlatformCases = {
  sample: { issuer: ISSUER, subject: APPLY },
  recognised: [
    [ISSUER, undefined, "terraform"],
    ["https://app.eu.terraform.io", undefined, "terraform"],
    ["https://127.0.0.1:8443", APPLY, "terraform"],
    ["https://tfe.contoso.com", PLAN, "terraform"],
    ["https://127.0.0.1:8443", "organization:my-org", undefined],
    ["https://app.eu.terraform.io.evil.example", undefined, undefined],
  ],
  credentialName: { name: "terraform-my-org-project-Default-Project-workspace-my-workspace-run_phase-apply" },
  subjectHints: [[APPLY, PLAN, "different run phase: the token is the apply's"]],
  diagnoses: [
    { aadsts: 700213, causes: "run_phase:plan, run_phase:apply" },
    { aadsts: 700024, claims: EXPIRED, causes: "cannot refresh it" },
  ],
};
