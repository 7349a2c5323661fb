/**
 * The variables the Azure Workload Identity mutating webhook injects into a pod labelled
 * `azure.workload.identity/use: "true"`.
 *
 * @example
 * ```ts
 * const path = process.env[WORKLOAD_IDENTITY_ENV.tokenFile];
 * ```
 */
export const WORKLOAD_IDENTITY_ENV = Object.freeze({
  /** The projected token file's path (it changed between webhook versions: read it, don't assume it). */
  tokenFile: "AZURE_FEDERATED_TOKEN_FILE",
  /** From the service account's `azure.workload.identity/client-id` annotation. */
  clientId: "AZURE_CLIENT_ID",
  /** From the annotation `azure.workload.identity/tenant-id`, or the webhook's configured tenant. */
  tenantId: "AZURE_TENANT_ID",
  /** The Entra authority host, e.g. `https://login.microsoftonline.com/` (with a trailing slash). */
  authorityHost: "AZURE_AUTHORITY_HOST",
} as const);

/**
 * Where Kubernetes mounts the default service-account credentials in a pod, with the `namespace` file.
 *
 * @example
 * ```ts
 * readFileSync(`${SERVICE_ACCOUNT_DIRECTORY}/namespace`, "utf8"); // "payments"
 * ```
 */
export const SERVICE_ACCOUNT_DIRECTORY = "/var/run/secrets/kubernetes.io/serviceaccount";

/**
 * What a pod needs for the webhook to inject the variables, in words a person can act on.
 *
 * @internal
 */
export const WEBHOOK_SETUP_HINT =
  'label the pod azure.workload.identity/use: "true" and annotate its service account with azure.workload.identity/client-id: <client id>, then recreate the pod so the Azure Workload Identity webhook injects AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_AUTHORITY_HOST';
