import {
  assembleFederatedCredential,
  type FederatedCredentialChoices,
  type FederatedIdentityCredential,
  logger,
  requireHttpsIssuer,
} from "@azfed/core/provider";
import { kubernetesIssuerWarnings } from "./kubernetes-issuer-warnings";
import { kubernetesSubject } from "./kubernetes-subject";

/**
 * What {@link kubernetesFederatedCredential} needs: the cluster's issuer and the service account.
 *
 * @example
 * ```ts
 * const options: KubernetesFederatedCredentialOptions = {
 *   issuer: "https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/",
 *   namespace: "payments",
 *   serviceAccount: "api",
 * };
 * ```
 */
export interface KubernetesFederatedCredentialOptions extends FederatedCredentialChoices {
  /**
   * The cluster's OIDC issuer URL, exactly as its tokens carry it in `iss`. AKS:
   * `az aks show -g <group> -n <cluster> --query oidcIssuerProfile.issuerUrl -o tsv` (with the trailing slash).
   */
  readonly issuer: string;
  /** The pod's namespace. */
  readonly namespace: string;
  /** The pod's `serviceAccountName`. */
  readonly serviceAccount: string;
}

/**
 * The federated identity credential that lets pods running as a Kubernetes service account exchange
 * their projected token. Logs a warning (through azfed's logger) for each problem
 * {@link kubernetesIssuerWarnings} finds with the issuer, such as an AKS issuer without its trailing slash.
 *
 * @example
 * ```ts
 * const fic = kubernetesFederatedCredential({
 *   issuer: "https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/",
 *   namespace: "payments",
 *   serviceAccount: "api",
 * });
 * // { name: "kubernetes-payments-api", subject: "system:serviceaccount:payments:api",
 * //   audiences: ["api://AzureADTokenExchange"], issuer: "https://eastus.oic...111111111111/", description: ... }
 * ```
 */
export function kubernetesFederatedCredential(
  options: KubernetesFederatedCredentialOptions,
): FederatedIdentityCredential {
  const issuer = requireHttpsIssuer("issuer", options?.issuer, {
    expected: "the cluster's OIDC issuer URL",
    fix: "on AKS, copy it from `az aks show -g <group> -n <cluster> --query oidcIssuerProfile.issuerUrl -o tsv`",
  });
  const subject = kubernetesSubject(options);
  const credential = assembleFederatedCredential(
    {
      platform: "kubernetes",
      issuer,
      subject,
      summary: `Kubernetes service account ${options.serviceAccount} in namespace ${options.namespace}`,
    },
    options,
  );
  for (const warning of kubernetesIssuerWarnings(issuer))
    logger.warning(`kubernetesFederatedCredential: ${warning}`);
  return credential;
}
