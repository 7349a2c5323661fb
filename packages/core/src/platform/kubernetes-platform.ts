import type { Platform } from "./platform";

const AKS_ISSUER = /^https:\/\/[^/\s]+\.oic\.prod-aks\.azure\.com\//i;

/**
 * Kubernetes (Azure Workload Identity): the cluster's service account issuer, recognised for AKS
 * (`https://{region}.oic.prod-aks.azure.com/{tenant}/{guid}/`, with its trailing slash) or by the
 * subject `system:serviceaccount:{namespace}:{service account}`.
 *
 * @see https://learn.microsoft.com/en-us/azure/aks/use-oidc-issuer
 * @see https://azure.github.io/azure-workload-identity/docs/installation/self-managed-clusters/oidc-issuer.html
 */
export const KUBERNETES_PLATFORM: Platform = {
  id: "kubernetes",
  label: "Kubernetes",
  credentialNamePrefix: "kubernetes",
  subjectPrefix: /^system:serviceaccount:/,
  // Namespace and service account; a service account's dots are written "_", which its name can never
  // hold, so "my.sa" and "my-sa" keep different credential names.
  credentialNameParts: (subject) => {
    const [namespace = "", ...account] = subject.replace(/^system:serviceaccount:/, "").split(":");
    return [namespace, account.join(":").replaceAll(".", "_")];
  },
  issued: (issuer, subject) =>
    isAksIssuer(issuer.text) || subject?.startsWith("system:serviceaccount:") === true,
  subjectShapeWarning(subject) {
    if (!subject.startsWith("system:serviceaccount:")) return undefined;
    const parts = subject.split(":");
    return parts.length !== 4 || parts[2] === "" || parts[3] === ""
      ? {
          rule: "kubernetes-subject-shape",
          message:
            "a service account's subject is system:serviceaccount:{namespace}:{service account}. Fix: name both the namespace and the service account",
        }
      : undefined;
  },
  subjectDifference(presented, expected) {
    const token = presented.match(/^system:serviceaccount:([^:]*):([^:]*)$/);
    const credential = expected.match(/^system:serviceaccount:([^:]*):([^:]*)$/);
    if (!token || !credential) return undefined;
    if (token[1] !== credential[1]) {
      return `different namespace: the pod runs in ${token[1]}, the credential is for ${credential[1]}`;
    }
    return `different service account: the pod uses ${token[2]}, the credential is for ${credential[2]}`;
  },
  subjectCauses(subject) {
    const [, , namespace, account] = subject.split(":");
    return [
      `The credential must name namespace ${JSON.stringify(namespace ?? "")} and service account ${JSON.stringify(account ?? "")} exactly (system:serviceaccount:{namespace}:{service account}).`,
    ];
  },
  expiredTokenCauses: [
    "The projected service account token file was read once and cached; kubelet rewrites it, so it must be read again for each exchange.",
  ],
};

/**
 * Whether an issuer is an AKS cluster's OIDC issuer (`https://{region}.oic.prod-aks.azure.com/...`),
 * whose tokens carry the issuer with a trailing slash.
 *
 * @see https://learn.microsoft.com/en-us/azure/aks/use-oidc-issuer
 *
 * @example
 * ```ts
 * isAksIssuer("https://westeurope.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/"); // true
 * ```
 */
export function isAksIssuer(issuer: string): boolean {
  return AKS_ISSUER.test(issuer.trim());
}
