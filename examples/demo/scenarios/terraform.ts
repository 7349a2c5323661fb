import { terraformFederatedCredential } from "@azfed/terraform";
import { startTerraformRun } from "@azfed/testing";
import type { PlatformScenario, ScenarioContext } from "../scenario";

/**
 * The apply of HCP Terraform workspace `networking-prod` (project `Default Project`, organization
 * `contoso`), whose workspace sets `TFC_WORKLOAD_IDENTITY_AUDIENCE=api://AzureADTokenExchange`:
 * detected from `TFC_WORKLOAD_IDENTITY_TOKEN`.
 *
 * @example
 * ```ts
 * const scenario = await startTerraformScenario({ ca, entra, tenantId, clientId });
 * ```
 */
export async function startTerraformScenario(context: ScenarioContext): Promise<PlatformScenario> {
  const workspace = { organization: "contoso", project: "Default Project", workspace: "networking-prod" };
  const run = await startTerraformRun({ ca: context.ca, ...workspace, runPhase: "apply" });
  return {
    platform: "terraform",
    title: "HCP Terraform",
    runsIn: "the apply of HCP Terraform workspace networking-prod (organization contoso)",
    workload: "job",
    services: [{ name: "HCP Terraform (OIDC issuer)", url: run.issuerUrl }],
    env: { ...run.env, AZURE_TENANT_ID: context.tenantId, AZURE_CLIENT_ID: context.clientId },
    fic: terraformFederatedCredential({ ...workspace, runPhase: "apply", host: run.issuerUrl }),
    // The classic slip: only the plan is trusted, and the apply's token says run_phase:apply.
    mismatchedFic: terraformFederatedCredential({ ...workspace, runPhase: "plan", host: run.issuerUrl }),
    mismatch: "trusts the plan (run_phase:plan), the token is the apply's",
    close: () => run.close(),
  };
}
