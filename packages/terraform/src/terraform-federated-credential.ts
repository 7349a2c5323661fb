import {
  type FederatedCredentialChoices,
  type FederatedIdentityCredential,
  InvalidInputError,
} from "@azfed/core";
import { assembleFederatedCredential } from "@azfed/core/provider";
import { HCP_TERRAFORM_HOSTS, type TerraformIssuerOptions, terraformIssuer } from "./terraform-issuer";
import { TERRAFORM_RUN_PHASES, type TerraformSubjectOptions, terraformSubject } from "./terraform-subject";

/**
 * Options of {@link terraformFederatedCredential}: the subject's parts, the host, and the audience,
 * name and description of the credential.
 *
 * @example
 * ```ts
 * const options: TerraformFederatedCredentialOptions = {
 *   organization: "contoso",
 *   project: "Default Project",
 *   workspace: "networking-prod",
 *   runPhase: "apply",
 * };
 * ```
 */
export interface TerraformFederatedCredentialOptions
  extends TerraformSubjectOptions,
    TerraformIssuerOptions,
    FederatedCredentialChoices {
  /**
   * The value of the workspace variable `TFC_WORKLOAD_IDENTITY_AUDIENCE` (the token's `aud`). Default
   * `api://AzureADTokenExchange`: set the variable to the same string.
   */
  readonly audience?: string | undefined;
}

/**
 * A federated identity credential that trusts one run phase of one HCP Terraform workspace: issuer
 * {@link terraformIssuer}, subject {@link terraformSubject}; core's `assembleFederatedCredential` adds
 * the audience, the name and the description.
 *
 * @example
 * ```ts
 * terraformFederatedCredential({ organization: "contoso", project: "Default Project", workspace: "net", runPhase: "apply" });
 * // {
 * //   name: "terraform-contoso-project-Default-Project-workspace-net-run_phase-apply",
 * //   issuer: "https://app.terraform.io",
 * //   subject: "organization:contoso:project:Default Project:workspace:net:run_phase:apply",
 * //   audiences: ["api://AzureADTokenExchange"],
 * //   description: "HCP Terraform: workspace net of project Default Project in contoso, apply",
 * // }
 * ```
 */
export function terraformFederatedCredential(
  options: TerraformFederatedCredentialOptions,
): FederatedIdentityCredential {
  const subject = terraformSubject(options);
  const issuer = terraformIssuer(options);
  return assembleFederatedCredential(
    {
      platform: "terraform",
      issuer,
      subject,
      summary: `HCP Terraform: workspace ${options.workspace} of project ${options.project} in ${options.organization}, ${options.runPhase}`,
    },
    options,
  );
}

/**
 * Options of {@link terraformFederatedCredentials} and {@link terraformFlexibleFederatedCredential}:
 * a workspace, without a run phase (both are covered).
 *
 * @example
 * ```ts
 * const options: TerraformWorkspaceCredentialOptions = { organization: "contoso", project: "Default Project", workspace: "net" };
 * ```
 */
export type TerraformWorkspaceCredentialOptions = Omit<
  TerraformFederatedCredentialOptions,
  "runPhase" | "name"
>;

/**
 * The two fixed credentials a workspace needs, plan then apply: HCP Terraform gives each phase a
 * token whose subject ends in its `run_phase`. (Entra allows 20 credentials per app; one flexible
 * credential covers both phases on HCP Terraform: {@link terraformFlexibleFederatedCredential}.)
 *
 * @example
 * ```ts
 * const [plan, apply] = terraformFederatedCredentials({ organization: "contoso", project: "Default Project", workspace: "net" });
 * plan?.subject; // "organization:contoso:project:Default Project:workspace:net:run_phase:plan"
 * ```
 */
export function terraformFederatedCredentials(
  options: TerraformWorkspaceCredentialOptions,
): FederatedIdentityCredential[] {
  return TERRAFORM_RUN_PHASES.map((runPhase) => terraformFederatedCredential({ ...options, runPhase }));
}

/**
 * One flexible credential (preview, app registrations only) for both run phases of a workspace:
 * `claims['sub'] matches 'organization:{o}:project:{p}:workspace:{w}:run_phase:*'`. Entra evaluates
 * flexible credentials for HCP Terraform's two hosts only, so a Terraform Enterprise host is refused
 * (use {@link terraformFederatedCredentials}).
 *
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials
 *   (version: ms.date 08/14/2026; checked 2026-12-07: Terraform Cloud, claim `sub`, operators `eq` and `matches`)
 *
 * @throws `InvalidInputError` (from `@azfed/core`) for a Terraform Enterprise host, or a part {@link terraformSubject} refuses.
 * @example
 * ```ts
 * terraformFlexibleFederatedCredential({ organization: "contoso", project: "Default Project", workspace: "net" })
 *   .claimsMatchingExpression?.value;
 * // "claims['sub'] matches 'organization:contoso:project:Default Project:workspace:net:run_phase:*'"
 * ```
 */
export function terraformFlexibleFederatedCredential(
  options: TerraformWorkspaceCredentialOptions & Pick<FederatedCredentialChoices, "name">,
): FederatedIdentityCredential {
  const issuer = terraformIssuer(options);
  if (!HCP_TERRAFORM_HOSTS.includes(new URL(issuer).host)) {
    throw new InvalidInputError({
      field: "host",
      value: options.host,
      expected: `${HCP_TERRAFORM_HOSTS.join(" or ")}: Entra evaluates flexible credentials for these issuers only`,
      fix: "create the two fixed credentials instead (terraformFederatedCredentials)",
    });
  }
  const { subject, ...planCredential } = terraformFederatedCredential({
    ...options,
    runPhase: "plan",
    description:
      options.description ??
      `HCP Terraform: workspace ${options.workspace} of project ${options.project} in ${options.organization}, plan and apply`,
  });
  const pattern = `${(subject ?? "").slice(0, -"plan".length)}*`;
  if (pattern.includes("'")) {
    throw new InvalidInputError({
      field: "workspace",
      value: options.workspace,
      expected: "names without a single quote, which a claimsMatchingExpression string cannot hold",
      fix: "create the two fixed credentials instead (terraformFederatedCredentials)",
    });
  }
  return {
    ...planCredential,
    name: options.name ?? planCredential.name.replace(/-plan$/, "-any"),
    claimsMatchingExpression: { value: `claims['sub'] matches '${pattern}'`, languageVersion: 1 },
  };
}
