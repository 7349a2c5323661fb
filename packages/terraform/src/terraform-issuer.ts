import { InvalidInputError } from "@azfed/core";
import { requireHttpsIssuer } from "@azfed/core/provider";

/**
 * HCP Terraform's hosts: the global one and HCP Terraform Europe. Entra evaluates flexible credentials
 * for these two issuers only, not for a Terraform Enterprise host.
 *
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials
 *   (version: ms.date 08/14/2026; checked 2026-12-07: "Supported issuer URLs: `https://app.terraform.io`,
 *   `https://app.eu.terraform.io`")
 *
 * @example
 * ```ts
 * HCP_TERRAFORM_HOSTS.includes("app.eu.terraform.io"); // true
 * ```
 */
export const HCP_TERRAFORM_HOSTS: readonly string[] = ["app.terraform.io", "app.eu.terraform.io"];

/**
 * Options of {@link terraformIssuer}.
 *
 * @example
 * ```ts
 * const options: TerraformIssuerOptions = { host: "app.eu.terraform.io" };
 * ```
 */
export interface TerraformIssuerOptions {
  /**
   * Where the runs happen: `app.terraform.io` (default), `app.eu.terraform.io` (HCP Terraform Europe),
   * or a Terraform Enterprise instance's host name or `https://` URL (its tokens' `iss` is the
   * instance's URL).
   */
  readonly host?: string | undefined;
}

/**
 * The issuer (`iss`) of HCP Terraform's (or a Terraform Enterprise instance's) workload identity
 * tokens: `https://{host}`, with no trailing slash ("Full URL of HCP Terraform or the Terraform
 * Enterprise instance which signed the JWT").
 *
 * @see https://github.com/hashicorp/web-unified-docs/blob/main/content/terraform-docs-common/docs/cloud-docs/dynamic-provider-credentials/workload-identity-tokens.mdx
 *   (version: commit 3354758ba55db6681891fca77a947061cac1bc66 of hashicorp/web-unified-docs; checked
 *   2026-12-07: `"iss": "https://app.terraform.io"`)
 *
 * @throws `InvalidInputError` (from `@azfed/core`) naming `host` when it is not a host name or an https:// URL without
 *   path, query or fragment.
 * @example
 * ```ts
 * terraformIssuer(); // "https://app.terraform.io"
 * terraformIssuer({ host: "tfe.contoso.com" }); // "https://tfe.contoso.com"
 * ```
 */
export function terraformIssuer(options: TerraformIssuerOptions = {}): string {
  const host = options.host ?? HCP_TERRAFORM_HOSTS[0];
  const url = typeof host === "string" && !host.includes("://") ? `https://${host}` : host;
  const issuer = requireHttpsIssuer("host", url, {
    expected: "app.terraform.io, app.eu.terraform.io or your Terraform Enterprise host",
    fix: 'pass the host name alone, e.g. "tfe.contoso.com"',
  }).replace(/\/$/, "");
  if (new URL(issuer).pathname !== "/") {
    throw new InvalidInputError({
      field: "host",
      value: host,
      expected: "a host name, or an https:// URL with no path (the issuer is the instance's URL)",
      fix: 'pass the host name alone, e.g. "tfe.contoso.com"',
    });
  }
  return issuer;
}
