import {
  DEFAULT_EXCHANGE_AUDIENCE,
  deriveFederatedCredentialName,
  type FederatedIdentityCredential,
  logger,
  requireFederatedCredentialName,
  requireFicFieldLength,
  requireSubjectPart,
} from "@azfed/core";
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
export interface KubernetesFederatedCredentialOptions {
  /**
   * The cluster's OIDC issuer URL, exactly as its tokens carry it in `iss`. AKS:
   * `az aks show -g <group> -n <cluster> --query oidcIssuerProfile.issuerUrl -o tsv` (with the trailing slash).
   */
  readonly issuer: string;
  /** The pod's namespace. */
  readonly namespace: string;
  /** The pod's `serviceAccountName`. */
  readonly serviceAccount: string;
  /** The projected token's audience. Default `api://AzureADTokenExchange`. */
  readonly audience?: string | undefined;
  /** The credential's name (immutable once created). Default `kubernetes-{namespace}-{serviceAccount}`, each dot written as `_`. */
  readonly name?: string | undefined;
  /** Default: a sentence naming the namespace and service account. */
  readonly description?: string | undefined;
}

const HTTPS_URL = /^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;

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
  const issuer = requireFicFieldLength(
    "issuer",
    requireSubjectPart("issuer", options?.issuer, {
      pattern: HTTPS_URL,
      expected: "the cluster's OIDC issuer URL, starting with https://",
      fix: "on AKS, copy it from `az aks show -g <group> -n <cluster> --query oidcIssuerProfile.issuerUrl -o tsv`",
    }),
  );
  const subject = kubernetesSubject(options);
  const audience = requireFicFieldLength(
    "audience",
    requireSubjectPart("audience", options.audience ?? DEFAULT_EXCHANGE_AUDIENCE, {
      expected: "the projected token's audience, e.g. api://AzureADTokenExchange",
    }),
  );
  const name =
    options.name === undefined
      ? // Service account names may hold dots but never "_": writing each dot as "_" keeps "my.sa" and
        // "my-sa" apart where the "-" that core puts for a refused character would not.
        deriveFederatedCredentialName([
          "kubernetes",
          options.namespace,
          options.serviceAccount.replaceAll(".", "_"),
        ])
      : requireFederatedCredentialName(options.name);
  for (const warning of kubernetesIssuerWarnings(issuer))
    logger.warning(`kubernetesFederatedCredential: ${warning}`);
  return {
    name,
    issuer,
    subject,
    audiences: [audience],
    description:
      options.description ??
      `Kubernetes service account ${options.serviceAccount} in namespace ${options.namespace}`,
  };
}
