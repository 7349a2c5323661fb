import type { EnvironmentSignal } from "./environment-signal";
import { isHttpsOrigin, type Platform } from "./platform";

/** HCP Terraform's hosts: the global one and HCP Terraform Europe. */
const TERRAFORM_HOSTS: readonly string[] = ["app.terraform.io", "app.eu.terraform.io"];
/** A workspace run's subject; the emulator's loopback issuer is recognised by it. */
const WORKSPACE_RUN_SUBJECT = /^organization:[^:]+:project:[^:]+:workspace:[^:]+:run_phase:(plan|apply)$/;
/** The token variable, and a tagged one (`TFC_WORKLOAD_IDENTITY_TOKEN_<TAG>`: letters, numbers, underscores). */
const TOKEN_VARIABLE = "TFC_WORKLOAD_IDENTITY_TOKEN";
const TAGGED_TOKEN_VARIABLE = /^TFC_WORKLOAD_IDENTITY_TOKEN_[A-Za-z0-9_]+$/;

/**
 * HCP Terraform (formerly Terraform Cloud) and Terraform Enterprise: issuer `https://app.terraform.io`,
 * `https://app.eu.terraform.io` for HCP Terraform Europe, or a Terraform Enterprise instance's URL;
 * subjects `organization:{org}:project:{project}:workspace:{workspace}:run_phase:{plan|apply}`.
 * `@azfed/terraform` is its provider. A token lives until its run phase's timeout and cannot be
 * refreshed.
 *
 * @see https://github.com/hashicorp/web-unified-docs/blob/main/content/terraform-docs-common/docs/cloud-docs/dynamic-provider-credentials/workload-identity-tokens.mdx
 *   (version: commit 3354758ba55db6681891fca77a947061cac1bc66 of hashicorp/web-unified-docs; checked
 *   2026-12-07: `sub`, `iss` "Full URL of HCP Terraform or the Terraform Enterprise instance", `exp`
 *   "based on the timeout of the run phase that it was issued for")
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials
 *   (ms.date 08/14/2026, checked 2026-12-07: "Supported issuer URLs: `https://app.terraform.io`,
 *   `https://app.eu.terraform.io`"; claim `sub`, operators `eq` and `matches`)
 */
export const TERRAFORM_PLATFORM: Platform & { readonly environmentSignal: EnvironmentSignal } = {
  id: "terraform",
  label: "HCP Terraform",
  // HCP Terraform (and Terraform Enterprise) injects TFC_WORKLOAD_IDENTITY_TOKEN into a plan or apply
  // whose workspace sets TFC_WORKLOAD_IDENTITY_AUDIENCE, and TFC_WORKLOAD_IDENTITY_TOKEN_<TAG> for each
  // TFC_WORKLOAD_IDENTITY_AUDIENCE_<TAG> (a tag: "letters, numbers, and underscores"); nothing else
  // sets these names. The untagged one first, then the tagged ones by name.
  // @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/manual-generation
  //   (version: as served; checked 2026-12-07: "After you've set the TFC_WORKLOAD_IDENTITY_AUDIENCE
  //   variable, each plan and apply will have a TFC_WORKLOAD_IDENTITY_TOKEN variable available in the
  //   run environment"; "Generating multiple tokens")
  environmentSignal: {
    find: (env) =>
      env[TOKEN_VARIABLE]
        ? TOKEN_VARIABLE
        : Object.keys(env)
            .sort()
            .find((name) => TAGGED_TOKEN_VARIABLE.test(name) && env[name]),
    absent:
      "TFC_WORKLOAD_IDENTITY_TOKEN is not set: not an HCP Terraform plan or apply with a workload identity token (a workspace asks for one with the environment variable TFC_WORKLOAD_IDENTITY_AUDIENCE; set it to api://AzureADTokenExchange)",
  },
  credentialNamePrefix: "terraform",
  subjectPrefix: /^organization:/,
  issued: (issuer, subject) =>
    TERRAFORM_HOSTS.includes(issuer.host) || (subject !== undefined && WORKSPACE_RUN_SUBJECT.test(subject)),
  issuersWithoutTrailingSlash: ["https://app.terraform.io", "https://app.eu.terraform.io"],
  flexible: {
    issuerSupported: (issuer) => isHttpsOrigin(issuer) && TERRAFORM_HOSTS.includes(issuer.host),
    issuers: "https://app.terraform.io and https://app.eu.terraform.io",
    claims: { sub: ["eq", "matches"] },
  },
  subjectDifference(presented, expected) {
    const phase = /:run_phase:(plan|apply)$/;
    const [tokenPhase, credentialPhase] = [phase.exec(presented)?.[1], phase.exec(expected)?.[1]];
    const sameWorkspace = presented.replace(phase, "") === expected.replace(phase, "");
    if (tokenPhase && credentialPhase && tokenPhase !== credentialPhase && sameWorkspace) {
      return `different run phase: the token is the ${tokenPhase}'s, the credential trusts the ${credentialPhase}; each phase needs its own credential (or one flexible credential with run_phase:*)`;
    }
    return undefined;
  },
  subjectCauses: (subject) =>
    WORKSPACE_RUN_SUBJECT.test(subject)
      ? [
          "HCP Terraform gives the plan and the apply different subjects (run_phase:plan, run_phase:apply): create a credential for each phase, or on HCP Terraform one flexible credential matching run_phase:*.",
          'A renamed organization, project or workspace changes the subject; a workspace outside any project is in "Default Project", with its space.',
        ]
      : [],
  expiredTokenCauses: [
    "HCP Terraform injects one token per plan or apply and cannot refresh it: it expires at the run phase's timeout (a module test run's after module_test_token_ttl, 600 s by default). Exchange it early in the run.",
  ],
};
