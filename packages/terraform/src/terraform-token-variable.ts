import { InvalidInputError } from "@azfed/core";

/**
 * The run variable holding HCP Terraform's workload identity token. HCP Terraform (and Terraform
 * Enterprise) injects it into every plan and apply of a workspace whose variables include
 * `TFC_WORKLOAD_IDENTITY_AUDIENCE` (the token's `aud`); self-hosted agents need v1.7.0 or later.
 *
 * @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/manual-generation
 *   (version: as served; checked 2026-12-07: "After you've set the TFC_WORKLOAD_IDENTITY_AUDIENCE
 *   variable, each plan and apply will have a TFC_WORKLOAD_IDENTITY_TOKEN variable available in the
 *   run environment")
 *
 * @example
 * ```ts
 * process.env[TERRAFORM_TOKEN_VARIABLE]; // the JWT, inside a plan or apply
 * ```
 */
export const TERRAFORM_TOKEN_VARIABLE = "TFC_WORKLOAD_IDENTITY_TOKEN";

/**
 * The workspace variable that asks HCP Terraform for a token, with the token's audience as value.
 *
 * @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/manual-generation
 *   (version: as served; checked 2026-12-07)
 *
 * @example
 * ```ts
 * `${TERRAFORM_AUDIENCE_VARIABLE}=api://AzureADTokenExchange`; // a workspace environment variable
 * ```
 */
export const TERRAFORM_AUDIENCE_VARIABLE = "TFC_WORKLOAD_IDENTITY_AUDIENCE";

/**
 * A tag HCP Terraform accepts: letters, numbers and underscores, and not the reserved keyword `TYPE`.
 * Each `TFC_WORKLOAD_IDENTITY_AUDIENCE_<TAG>` yields one more token, in
 * `TFC_WORKLOAD_IDENTITY_TOKEN_<TAG>` (self-hosted agents need v1.12.0 or later).
 *
 * @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/manual-generation
 *   ("Generating multiple tokens"; version: as served; checked 2026-12-07: "Your tag can only contain
 *   letters, numbers, and underscores and can not use reserved keywords. The following keywords are
 *   reserved: TYPE")
 */
const TAG = /^[A-Za-z0-9_]+$/;
const RESERVED_TAGS: readonly string[] = ["TYPE"];

/**
 * The run variable holding the token for `tag` (`TFC_WORKLOAD_IDENTITY_TOKEN_<TAG>`), or the untagged
 * one when `tag` is `undefined`.
 *
 * @throws `InvalidInputError` (from `@azfed/core`) naming `tag` when it is not letters, numbers and underscores, or is
 *   the reserved `TYPE`.
 * @example
 * ```ts
 * terraformTokenVariable(); // "TFC_WORKLOAD_IDENTITY_TOKEN"
 * terraformTokenVariable("AZURE"); // "TFC_WORKLOAD_IDENTITY_TOKEN_AZURE"
 * ```
 */
export function terraformTokenVariable(tag?: string): string {
  if (tag === undefined) return TERRAFORM_TOKEN_VARIABLE;
  if (typeof tag !== "string" || !TAG.test(tag) || RESERVED_TAGS.includes(tag)) {
    throw new InvalidInputError({
      field: "tag",
      value: tag,
      expected: `the tag of a ${TERRAFORM_AUDIENCE_VARIABLE}_<TAG> workspace variable: letters, numbers and underscores, not the reserved ${RESERVED_TAGS.join(", ")}`,
      fix: `pass the part after "${TERRAFORM_AUDIENCE_VARIABLE}_", e.g. "AZURE" for ${TERRAFORM_AUDIENCE_VARIABLE}_AZURE, or leave tag out for ${TERRAFORM_TOKEN_VARIABLE}`,
    });
  }
  return `${TERRAFORM_TOKEN_VARIABLE}_${tag}`;
}

/**
 * Every token variable set in `env` (the untagged one first, then the tagged ones by name), never
 * their values.
 *
 * @example
 * ```ts
 * terraformTokenVariables({ TFC_WORKLOAD_IDENTITY_TOKEN_AZURE: "eyJ…" }); // ["TFC_WORKLOAD_IDENTITY_TOKEN_AZURE"]
 * ```
 */
export function terraformTokenVariables(env: NodeJS.ProcessEnv): string[] {
  const tagged = Object.keys(env)
    .filter((name) => name.startsWith(`${TERRAFORM_TOKEN_VARIABLE}_`) && env[name])
    .filter((name) => TAG.test(name.slice(TERRAFORM_TOKEN_VARIABLE.length + 1)))
    .sort();
  return env[TERRAFORM_TOKEN_VARIABLE] ? [TERRAFORM_TOKEN_VARIABLE, ...tagged] : tagged;
}
