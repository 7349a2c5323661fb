import { kubernetesFederatedCredential } from "@azfed/identity/kubernetes";
import { startKubernetesTokenFile } from "@azfed/testing";
import type { PlatformScenario, ScenarioContext } from "../scenario";

/**
 * A pod of service account `default/azfed-example` on an AKS-like cluster, with the projected token
 * file and the variables the Azure Workload Identity webhook injects.
 *
 * @example
 * ```ts
 * const scenario = await startKubernetesScenario({ ca, entra, tenantId, clientId });
 * ```
 */
export async function startKubernetesScenario(context: ScenarioContext): Promise<PlatformScenario> {
  const tokenFile = await startKubernetesTokenFile({
    ca: context.ca,
    namespace: "default",
    serviceAccount: "azfed-example",
    tenantId: context.tenantId,
    clientId: context.clientId,
    authorityHost: `${context.entra.url}/`,
  });
  const issuer = tokenFile.issuer;
  return {
    platform: "kubernetes",
    title: "Kubernetes (Azure Workload Identity)",
    runsIn: "a pod of service account default/azfed-example on an AKS-like cluster",
    workload: "pod",
    services: [
      { name: "cluster OIDC issuer", url: issuer },
      { name: "projected token file", url: tokenFile.path },
    ],
    env: tokenFile.env(),
    fic: kubernetesFederatedCredential({ issuer, namespace: "default", serviceAccount: "azfed-example" }),
    // The most common AKS slip: the issuer without its trailing slash.
    mismatchedFic: kubernetesFederatedCredential({
      issuer: issuer.replace(/\/+$/, ""),
      namespace: "default",
      serviceAccount: "azfed-example",
    }),
    mismatch: "has the cluster's issuer without its trailing slash",
    close: () => tokenFile.close(),
  };
}
