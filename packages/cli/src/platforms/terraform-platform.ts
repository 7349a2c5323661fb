import {
  TERRAFORM_RUN_PHASES,
  type TerraformFederatedCredentialOptions,
  terraformFederatedCredential,
  terraformSubject,
} from "@azfed/terraform";
import { definePlatform } from "./define-platform";
import { choiceFlag, textFlag } from "./platform-flags";

/**
 * HCP Terraform and Terraform Enterprise for `azfed subject terraform` and `azfed fic terraform`
 * (builders from `@azfed/terraform`): one subject, and one credential, per run phase.
 *
 * @example
 * ```ts
 * terraformPlatform.subject({ organization: "contoso", project: "Default Project", workspace: "net", runPhase: "apply" });
 * // "organization:contoso:project:Default Project:workspace:net:run_phase:apply"
 * ```
 */
export const terraformPlatform = definePlatform<TerraformFederatedCredentialOptions>({
  name: "terraform",
  aliases: ["hcp-terraform", "terraform-cloud", "tfc", "tfe"],
  provider: "terraform",
  title: "HCP Terraform",
  subjectFlags: {
    organization: textFlag("<name>", "the HCP Terraform organization (terraform_organization_name)"),
    project: textFlag(
      "<name>",
      'the project (terraform_project_name); a workspace outside any project is in "Default Project"',
    ),
    workspace: textFlag("<name>", "the workspace (terraform_workspace_name)"),
    runPhase: choiceFlag(
      "<phase>",
      "plan or apply: each phase has its own subject, so its own credential",
      TERRAFORM_RUN_PHASES,
    ),
  },
  credentialFlags: {
    host: textFlag(
      "<host>",
      "app.terraform.io (default), app.eu.terraform.io, or your Terraform Enterprise host: the issuer is https://<host>",
    ),
  },
  subject: terraformSubject,
  federatedCredential: terraformFederatedCredential,
  flexible: { extraClaims: [] },
  subjectExamples: [
    'azfed subject terraform --organization contoso --project "Default Project" --workspace networking-prod --run-phase apply',
  ],
  credentialExamples: [
    'azfed fic terraform --organization contoso --project "Default Project" --workspace networking-prod --run-phase plan --format az --app 00000000-0000-0000-0000-000000000000',
    'azfed fic terraform --organization contoso --project "Default Project" --workspace networking-prod --run-phase apply --host app.eu.terraform.io --format terraform',
    "azfed fic terraform --organization contoso --project 'Default Project' --workspace 'networking-*' --run-phase apply --flexible --format graph",
  ],
});
