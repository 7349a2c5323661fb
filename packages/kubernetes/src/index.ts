export { detectKubernetes } from "./detect-kubernetes";
export { IDENTITY_BINDING_ENV } from "./identity-binding-proxy";
export {
  type KubernetesFederatedCredentialOptions,
  kubernetesFederatedCredential,
} from "./kubernetes-federated-credential";
export { kubernetesIssuerWarnings } from "./kubernetes-issuer-warnings";
export { type KubernetesAssertionProvider, type KubernetesOptions, kubernetes } from "./kubernetes-provider";
export { type KubernetesSubjectOptions, kubernetesSubject } from "./kubernetes-subject";
export {
  type KubernetesSubjectFromEnvironment,
  type KubernetesSubjectFromEnvironmentOptions,
  kubernetesSubjectFromEnvironment,
} from "./kubernetes-subject-from-environment";
export { KubernetesTokenFileError, type KubernetesTokenFileProblem } from "./kubernetes-token-file-error";
export { SERVICE_ACCOUNT_DIRECTORY, WORKLOAD_IDENTITY_ENV } from "./workload-identity-environment";
