import type { DemoPlatform } from "../platforms";
import type { PlatformScenario, ScenarioContext } from "../scenario";
import { startAwsScenario } from "./aws";
import { startAzurePipelinesScenario } from "./azure-pipelines";
import { startGcpScenario } from "./gcp";
import { startGitHubActionsScenario } from "./github-actions";
import { startGitLabScenario } from "./gitlab";
import { startKubernetesScenario } from "./kubernetes";
import { startManagedIdentityScenario } from "./managed-identity";
import { startSpiffeScenario } from "./spiffe";
import { startTerraformScenario } from "./terraform";

/**
 * Starts the emulated platform `platform`.
 *
 * @example
 * ```ts
 * const scenario = await startScenario("gitlab", { ca, entra, tenantId, clientId });
 * ```
 */
export function startScenario(platform: DemoPlatform, context: ScenarioContext): Promise<PlatformScenario> {
  const start = {
    "github-actions": startGitHubActionsScenario,
    gitlab: startGitLabScenario,
    "azure-pipelines": startAzurePipelinesScenario,
    kubernetes: startKubernetesScenario,
    gcp: startGcpScenario,
    "managed-identity": startManagedIdentityScenario,
    aws: startAwsScenario,
    terraform: startTerraformScenario,
    spiffe: startSpiffeScenario,
  }[platform];
  return start(context);
}
