import {
  type KubernetesFederatedCredentialOptions,
  kubernetesFederatedCredential,
  kubernetesSubject,
} from "@azfed/identity/kubernetes";
import { definePlatform } from "./define-platform";
import { textFlag } from "./platform-flags";

/**
 * Kubernetes (Azure Workload Identity) for `azfed subject kubernetes` and `azfed fic kubernetes`
 * (builders from `@azfed/kubernetes`).
 *
 * @example
 * ```ts
 * kubernetesPlatform.subject({ namespace: "apps", serviceAccount: "api" });
 * // "system:serviceaccount:apps:api"
 * ```
 */
export const kubernetesPlatform = definePlatform<KubernetesFederatedCredentialOptions>({
  name: "kubernetes",
  aliases: ["k8s", "aks"],
  provider: "kubernetes",
  title: "Kubernetes",
  subjectFlags: {
    namespace: textFlag("<name>", "the pod's namespace"),
    serviceAccount: textFlag("<name>", "the pod's service account"),
  },
  credentialFlags: {
    issuer: textFlag(
      "<url>",
      "the cluster's OIDC issuer, exactly (AKS: az aks show -g <group> -n <cluster> --query oidcIssuerProfile.issuerUrl -o tsv)",
    ),
  },
  subject: kubernetesSubject,
  federatedCredential: kubernetesFederatedCredential,
  flexible: false,
  subjectExamples: ["azfed subject kubernetes --namespace apps --service-account api"],
  credentialExamples: [
    "azfed fic kubernetes --issuer https://eastus.oic.prod-aks.azure.com/<tenant-id>/<guid>/ --namespace apps --service-account api --format az --identity deployer --resource-group rg-app",
    "azfed fic kubernetes --issuer https://oidc.example.com --namespace apps --service-account api --format bicep",
  ],
});
