import {
  type KubernetesFederatedCredentialOptions,
  type KubernetesSubjectOptions,
  kubernetesFederatedCredential,
  kubernetesSubject,
} from "@azfed/identity";
import { Option } from "commander";
import type { CliPlatform } from "./cli-platform";

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
export const kubernetesPlatform: CliPlatform = {
  name: "kubernetes",
  aliases: ["k8s", "aks"],
  provider: "kubernetes",
  title: "Kubernetes",
  subjectOptions: () => [
    new Option("--namespace <name>", "the pod's namespace"),
    new Option("--service-account <name>", "the pod's service account"),
  ],
  credentialOptions: () => [
    new Option(
      "--issuer <url>",
      "the cluster's OIDC issuer, exactly (AKS: az aks show -g <group> -n <cluster> --query oidcIssuerProfile.issuerUrl -o tsv)",
    ),
  ],
  subject: (values) => kubernetesSubject(values as unknown as KubernetesSubjectOptions),
  federatedCredential: (values) =>
    kubernetesFederatedCredential(values as unknown as KubernetesFederatedCredentialOptions),
  flexible: false,
  subjectExamples: ["azfed subject kubernetes --namespace apps --service-account api"],
  credentialExamples: [
    "azfed fic kubernetes --issuer https://eastus.oic.prod-aks.azure.com/<tenant-id>/<guid>/ --namespace apps --service-account api --format az --identity deployer --resource-group rg-app",
    "azfed fic kubernetes --issuer https://oidc.example.com --namespace apps --service-account api --format bicep",
  ],
};
