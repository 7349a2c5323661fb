import type { Platform } from "./platform";

/**
 * Terraform Cloud (HCP Terraform): issuer `https://app.terraform.io`, subjects
 * `organization:{org}:project:{project}:workspace:{workspace}:run_phase:{plan|apply}`. No provider:
 * recognised so that the validator, the names and the diagnosis know its credentials.
 *
 * @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/workload-identity-tokens
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-set-up-flexible-federated-identity-credential (sub in expressions)
 */
export const TERRAFORM_PLATFORM: Platform = {
  id: "terraform",
  label: "Terraform Cloud",
  credentialNamePrefix: "terraform",
  subjectPrefix: /^organization:/,
  issued: (issuer) => issuer.host === "app.terraform.io",
  issuersWithoutTrailingSlash: ["https://app.terraform.io"],
  expressionClaims: ["sub"],
};
