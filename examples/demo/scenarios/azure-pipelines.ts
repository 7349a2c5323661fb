import { randomUUID } from "node:crypto";
import { azurePipelinesFederatedCredential } from "@azfed/identity/azure-pipelines";
import { startAzureDevOpsEmulator } from "@azfed/testing";
import type { PlatformScenario, ScenarioContext } from "../scenario";

/**
 * An AzureCLI@2 step of a pipeline in project `app` of organization `contoso`, using the workload
 * identity federation service connection `contoso-storage` (Entra issuer, as new connections have),
 * with `SYSTEM_ACCESSTOKEN` mapped. The tenant and client ids come from the task's
 * `AZURESUBSCRIPTION_*` variables.
 *
 * @example
 * ```ts
 * const scenario = await startAzurePipelinesScenario({ ca, entra, tenantId, clientId });
 * ```
 */
export async function startAzurePipelinesScenario(context: ScenarioContext): Promise<PlatformScenario> {
  const connection = {
    id: randomUUID(),
    name: "contoso-storage",
    issuer: "entra" as const,
    clientId: context.clientId,
    tenantId: context.tenantId,
  };
  const devops = await startAzureDevOpsEmulator({
    ca: context.ca,
    organization: "contoso",
    project: "app",
    tenantId: context.tenantId,
    serviceConnections: [connection],
  });
  return {
    platform: "azure-pipelines",
    title: "Azure Pipelines",
    runsIn: "an AzureCLI@2 step of a contoso/app pipeline, with service connection contoso-storage",
    workload: "step",
    services: [{ name: "Azure DevOps OIDC endpoint", url: devops.url }],
    env: devops.env({ serviceConnectionId: connection.id }),
    fic: azurePipelinesFederatedCredential({
      format: "entra",
      tenantId: context.tenantId,
      organizationId: devops.organizationId,
      serviceConnectionId: connection.id,
      issuer: devops.issuerOf(connection.id),
    }),
    // A connection converted to the Entra issuer while the app still trusts the old format.
    mismatchedFic: azurePipelinesFederatedCredential({
      format: "legacy",
      organization: "contoso",
      project: "app",
      serviceConnection: "contoso-storage",
      organizationId: devops.organizationId,
      issuer: devops.legacyIssuer.issuer,
    }),
    mismatch: "still trusts the legacy issuer and sc:// subject; the connection now uses the Entra issuer",
    close: () => devops.close(),
  };
}
