import { gcpFederatedCredential } from "@azfed/identity/gcp";
import { startGcpMetadataEmulator } from "@azfed/testing";
import type { PlatformScenario, ScenarioContext } from "../scenario";

/**
 * A Google Cloud workload whose metadata server hands out ID tokens of service account
 * `azfed-example@contoso-project.iam.gserviceaccount.com`.
 *
 * @example
 * ```ts
 * const scenario = await startGcpScenario({ ca, entra, tenantId, clientId });
 * ```
 */
export async function startGcpScenario(context: ScenarioContext): Promise<PlatformScenario> {
  const metadata = await startGcpMetadataEmulator({
    ca: context.ca,
    projectId: "contoso-project",
    serviceAccount: {
      email: "azfed-example@contoso-project.iam.gserviceaccount.com",
      uniqueId: "113562183298765432101",
    },
  });
  const issuer = metadata.issuer;
  return {
    platform: "gcp",
    title: "Google Cloud",
    runsIn: "a Cloud Run job running as azfed-example@contoso-project.iam.gserviceaccount.com",
    workload: "job",
    services: [{ name: "metadata server", url: metadata.url }],
    env: { ...metadata.env(), AZURE_TENANT_ID: context.tenantId, AZURE_CLIENT_ID: context.clientId },
    fic: gcpFederatedCredential({ uniqueId: metadata.serviceAccount.uniqueId, issuer }),
    // Another service account's unique id: a credential made for the wrong account.
    mismatchedFic: gcpFederatedCredential({ uniqueId: "113562183298765432199", issuer }),
    mismatch: "trusts another service account (unique id …199)",
    close: () => metadata.close(),
  };
}
