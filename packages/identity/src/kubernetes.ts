/**
 * `@azfed/identity/kubernetes`: the Kubernetes provider (`kubernetes()`), its subject builders and
 * `kubernetesFederatedCredential()`, re-exported by name from `@azfed/kubernetes` (a dependency of
 * `@azfed/identity`). A subpath of its own, so importing `@azfed/identity` loads no provider package:
 * `DefaultFederatedCredential` imports the one it selects.
 *
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/identity";
 * import { kubernetes } from "@azfed/identity/kubernetes";
 *
 * const credential = new FederatedTokenCredential({
 *   tenantId: process.env.AZURE_TENANT_ID,
 *   clientId: process.env.AZURE_CLIENT_ID,
 *   assertion: kubernetes(),
 * });
 * ```
 *
 * @packageDocumentation
 */

export {
  detectKubernetes,
  IDENTITY_BINDING_ENV,
  type KubernetesAssertionProvider,
  type KubernetesFederatedCredentialOptions,
  type KubernetesOptions,
  type KubernetesSubjectFromEnvironment,
  type KubernetesSubjectFromEnvironmentOptions,
  type KubernetesSubjectOptions,
  KubernetesTokenFileError,
  type KubernetesTokenFileProblem,
  kubernetes,
  kubernetesFederatedCredential,
  kubernetesIssuerWarnings,
  kubernetesSubject,
  kubernetesSubjectFromEnvironment,
  SERVICE_ACCOUNT_DIRECTORY,
  WORKLOAD_IDENTITY_ENV,
} from "@azfed/kubernetes";
