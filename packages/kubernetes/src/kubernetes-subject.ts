import { requireFicFieldLength } from "@azfed/core/provider";
import { requireNamespaceName, requireServiceAccountName } from "./kubernetes-names";

/**
 * The Kubernetes service account whose projected token a pod presents.
 *
 * @example
 * ```ts
 * const options: KubernetesSubjectOptions = { namespace: "payments", serviceAccount: "api" };
 * ```
 */
export interface KubernetesSubjectOptions {
  /** The pod's namespace, e.g. `payments` (a DNS-1123 label, at most 63 characters). */
  readonly namespace: string;
  /** The pod's `serviceAccountName`, e.g. `api` (a DNS-1123 subdomain, at most 253 characters). */
  readonly serviceAccount: string;
}

const SUBJECT_PREFIX = "system:serviceaccount:";

/**
 * The `sub` of a service account's projected token, `system:serviceaccount:{namespace}:{serviceAccount}`:
 * the subject a federated identity credential must carry. Both names are checked the way the API
 * server checks them, so a name Kubernetes would refuse is an `InvalidInputError` naming the field.
 *
 * @example
 * ```ts
 * kubernetesSubject({ namespace: "payments", serviceAccount: "api" });
 * // "system:serviceaccount:payments:api"
 * ```
 */
export function kubernetesSubject(options: KubernetesSubjectOptions): string {
  const namespace = requireNamespaceName("namespace", options?.namespace);
  const serviceAccount = requireServiceAccountName("serviceAccount", options?.serviceAccount);
  return requireFicFieldLength("subject", `${SUBJECT_PREFIX}${namespace}:${serviceAccount}`);
}

/**
 * Splits a service-account subject back into its namespace and name, or `undefined` when `subject` is
 * not of the form `system:serviceaccount:{namespace}:{serviceAccount}`.
 *
 * @internal
 */
export function parseKubernetesSubject(subject: string): KubernetesSubjectOptions | undefined {
  if (!subject.startsWith(SUBJECT_PREFIX)) return undefined;
  const [namespace, serviceAccount, ...rest] = subject.slice(SUBJECT_PREFIX.length).split(":");
  if (!namespace || !serviceAccount || rest.length > 0) return undefined;
  return { namespace, serviceAccount };
}
