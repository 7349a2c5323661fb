import type { DemoPlatform } from "../platforms";
import type { PlatformScenario, ScenarioContext } from "../scenario";
import { startAwsScenario } from "./aws";
import { startAzurePipelinesScenario } from "./azure-pipelines";
import { startBuildkiteScenario } from "./buildkite";
import { startGcpScenario } from "./gcp";
import { startGitHubActionsScenario } from "./github-actions";
import { startGitLabScenario } from "./gitlab";
import { startJenkinsScenario } from "./jenkins";
import { startKubernetesScenario } from "./kubernetes";
import { startManagedIdentityScenario } from "./managed-identity";
import { startSpaceliftScenario } from "./spacelift";
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
    buildkite: startBuildkiteScenario,
    spiffe: startSpiffeScenario,
    spacelift: startSpaceliftScenario,
    jenkins: startJenkinsScenario,
  }[platform];
  return start(context);
}
