import type { Detection } from "@azfed/core/provider";
import { WEBHOOK_SETUP_HINT, WORKLOAD_IDENTITY_ENV } from "./workload-identity-environment";

/**
 * Whether a pod is set up for Azure Workload Identity: the token file is named (by `tokenFilePath` or
 * `AZURE_FEDERATED_TOKEN_FILE`) and exists. When available, the client and tenant ids the webhook
 * injected are returned; when not, the reason says what is missing and how to add it.
 *
 * @example
 * ```ts
 * const detection = detectKubernetes(process.env);
 * if (!detection.available) console.error(detection.reason);
 * ```
 */
export function detectKubernetes(env: NodeJS.ProcessEnv, tokenFilePath?: string): Detection {
  const path = tokenFilePath ?? (env[WORKLOAD_IDENTITY_ENV.tokenFile] || undefined);
  if (path === undefined) {
    const where = env.KUBERNETES_SERVICE_HOST
      ? "this pod has no AZURE_FEDERATED_TOKEN_FILE"
      : "AZURE_FEDERATED_TOKEN_FILE is not set (and KUBERNETES_SERVICE_HOST is not either: this does not look like a Kubernetes pod)";
    return { available: false, reason: `${where}: ${WEBHOOK_SETUP_HINT}, or pass tokenFilePath` };
  }
  const source = tokenFilePath === undefined ? WORKLOAD_IDENTITY_ENV.tokenFile : "tokenFilePath";
  if (!process.getBuiltinModule("node:fs").existsSync(path)) {
    return {
      available: false,
      reason: `${source} names ${path}, which does not exist: check the pod's projected service-account token volume (the webhook mounts it when the pod is labelled azure.workload.identity/use: "true")`,
    };
  }
  const clientId = env[WORKLOAD_IDENTITY_ENV.clientId] || undefined;
  const tenantId = env[WORKLOAD_IDENTITY_ENV.tenantId] || undefined;
  const missing = [
    clientId
      ? undefined
      : `${WORKLOAD_IDENTITY_ENV.clientId} (annotate the service account with azure.workload.identity/client-id)`,
    tenantId
      ? undefined
      : `${WORKLOAD_IDENTITY_ENV.tenantId} (annotate it with azure.workload.identity/tenant-id)`,
  ].filter((item) => item !== undefined);
  return {
    available: true,
    reason: `${source} names ${path}${missing.length ? `; not set: ${missing.join(", ")}, unless the credential is given them` : ""}`,
    ...(clientId ? { clientId } : {}),
    ...(tenantId ? { tenantId } : {}),
  };
}
