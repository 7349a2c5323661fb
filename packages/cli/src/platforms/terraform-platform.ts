import {
  type TerraformFederatedCredentialOptions,
  type TerraformSubjectOptions,
  terraformFederatedCredential,
  terraformSubject,
} from "@azfed/terraform";
import { Option } from "commander";
import type { CliPlatform } from "./cli-platform";

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
export const terraformPlatform: CliPlatform = {
  name: "terraform",
  aliases: ["hcp-terraform", "terraform-cloud", "tfc", "tfe"],
  provider: "terraform",
  title: "HCP Terraform",
  subjectOptions: () => [
    new Option("--organization <name>", "the HCP Terraform organization (terraform_organization_name)"),
    new Option(
      "--project <name>",
      'the project (terraform_project_name); a workspace outside any project is in "Default Project"',
    ),
    new Option("--workspace <name>", "the workspace (terraform_workspace_name)"),
    new Option(
      "--run-phase <phase>",
      "plan or apply: each phase has its own subject, so its own credential",
    ).choices(["plan", "apply"]),
  ],
  credentialOptions: () => [
    new Option(
      "--host <host>",
      "app.terraform.io (default), app.eu.terraform.io, or your Terraform Enterprise host: the issuer is https://<host>",
    ),
  ],
  subject: (values) => terraformSubject(values as unknown as TerraformSubjectOptions),
  federatedCredential: (values) =>
    terraformFederatedCredential(values as unknown as TerraformFederatedCredentialOptions),
  flexible: { extraClaims: [] },
  subjectExamples: [
    'azfed subject terraform --organization contoso --project "Default Project" --workspace networking-prod --run-phase apply',
  ],
  credentialExamples: [
    'azfed fic terraform --organization contoso --project "Default Project" --workspace networking-prod --run-phase plan --format az --app 00000000-0000-0000-0000-000000000000',
    'azfed fic terraform --organization contoso --project "Default Project" --workspace networking-prod --run-phase apply --host app.eu.terraform.io --format terraform',
    "azfed fic terraform --organization contoso --project 'Default Project' --workspace 'networking-*' --run-phase apply --flexible --format graph",
  ],
};
