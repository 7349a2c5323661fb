import type { Platform } from "./platform";

/** HCP Terraform's hosts: the global one and HCP Terraform Europe. */
const TERRAFORM_HOSTS: readonly string[] = ["app.terraform.io", "app.eu.terraform.io"];

/**
 * Terraform Cloud (HCP Terraform): issuer `https://app.terraform.io`, or `https://app.eu.terraform.io`
 * for HCP Terraform Europe, subjects
 * `organization:{org}:project:{project}:workspace:{workspace}:run_phase:{plan|apply}`. No provider:
 * recognised so that the validator, the names and the diagnosis know its credentials.
 *
 * @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/workload-identity-tokens
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-set-up-flexible-federated-identity-credential (sub in expressions)
 * @see entra-docs `workload-identities-flexible-federated-identity-credentials.md` (ms.date 08/14/2026: Terraform
 *   issuers `https://app.terraform.io` and `https://app.eu.terraform.io`)
 */
export const TERRAFORM_PLATFORM: Platform = {
  id: "terraform",
  label: "Terraform Cloud",
  credentialNamePrefix: "terraform",
  subjectPrefix: /^organization:/,
  issued: (issuer) => TERRAFORM_HOSTS.includes(issuer.host),
  issuersWithoutTrailingSlash: TERRAFORM_HOSTS.map((host) => `https://${host}`),
  expressionClaims: ["sub"],
};
