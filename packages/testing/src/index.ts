export {
  type AksIdentityBindingProxy,
  type AksIdentityBindingProxyOptions,
  type AksIdentityBindingProxyRequest,
  startAksIdentityBindingProxy,
} from "./aks-identity-binding-proxy";
export {
  type AzureDevOpsEmulator,
  type AzureDevOpsEmulatorOptions,
  type AzureDevOpsFault,
  type AzureDevOpsJobEnvOptions,
  type AzureDevOpsRecordedRequest,
  type AzureDevOpsServiceConnection,
  type AzureDevOpsSignInRequest,
  startAzureDevOpsEmulator,
} from "./azure-devops-emulator";
export { AZURITE_ACCOUNT_NAME, type AzuriteOptions, type RunningAzurite, startAzurite } from "./azurite";
export {
  type CaptureAzureLogsOptions,
  type CapturedAzureLogs,
  captureAzureLogs,
} from "./capture-azure-logs";
export {
  type ServerCertificate,
  separateCertificateAuthority,
  TEST_CA_DIRECTORY_ENV,
  type TestCertificateAuthority,
  type TestCertificateAuthorityOptions,
  testCertificateAuthority,
} from "./certificate-authority";
export { claimsOf } from "./claims-of";
export type {
  ConformanceCase,
  ConformanceExpected,
  ConformanceFact,
  ConformanceFile,
  ConformanceInput,
  ConformancePlatform,
  ConformanceRefusal,
  ConformanceSource,
  ConformanceVerdict,
} from "./conformance/conformance-case";
export {
  type ConformanceCaseFromTokenOptions,
  conformanceCaseFromToken,
} from "./conformance/conformance-case-from-token";
export { conformanceMismatches } from "./conformance/conformance-check";
export { conformanceCorpus, conformanceDefault, type DefaultKinds } from "./conformance/conformance-corpus";
export type {
  EntraApplicationRegistration,
  FederatedIdentityCredentialRecord,
} from "./entra-directory";
export {
  type EntraEmulator,
  type EntraEmulatorOptions,
  startEntraEmulator,
} from "./entra-emulator";
export type { EntraErrorBody } from "./entra-error";
export type { InjectedFault } from "./fault-injection";
export {
  type GcpMetadataEmulator,
  type GcpMetadataEmulatorOptions,
  type GcpMetadataEndpoint,
  type GcpMetadataFault,
  type GcpMetadataRequest,
  type GcpServiceAccount,
  startGcpMetadataEmulator,
} from "./gcp-metadata-emulator";
export {
  type GitHubActionsEmulator,
  type GitHubActionsEmulatorOptions,
  type GitHubActionsFault,
  type GitHubActionsJob,
  type GitHubTokenRequest,
  startGitHubActionsEmulator,
} from "./github-actions-emulator";
export {
  type GitLabIdTokenRequest,
  type GitLabJob,
  type GitLabJobEnvironment,
  type GitLabJobOptions,
  startGitLabJob,
} from "./gitlab-job";
export {
  type EchoedRequest,
  echoSecret,
  type HostileAnswer,
  type HostileFault,
  type SecretEcho,
} from "./hostile-fault";
export {
  type HttpsServerOptions,
  type RequestHandler,
  type RunningServer,
  startHttpsServer,
} from "./https-server";
export { InvalidEmulatorOptionError } from "./invalid-option-error";
export {
  type KubernetesTokenFile,
  type KubernetesTokenFileOptions,
  startKubernetesTokenFile,
  type WrittenKubernetesToken,
} from "./kubernetes-token-file";
export {
  type EmulatedManagedIdentity,
  type ManagedIdentityEmulator,
  type ManagedIdentityEmulatorOptions,
  type ManagedIdentitySource,
  type ManagedIdentityTokenRequest,
  startManagedIdentityEmulator,
} from "./managed-identity-emulator";
export {
  type MintOptions,
  type OidcIssuer,
  type OidcIssuerEndpoint,
  type OidcIssuerOptions,
  startOidcIssuer,
} from "./oidc-issuer";
export {
  type ContractDetection,
  type ContractProvider,
  type ProviderContractCheck,
  ProviderContractError,
  type ProviderContractSubject,
  providerContract,
} from "./provider-contract";
export {
  type ProviderEnvironmentCase,
  type ProviderEnvironmentSubject,
  type ProviderUnderTest,
  providerEnvironmentContract,
} from "./provider-environment-contract";
export { rejectionOf } from "./rejection-of";
export { type EntraEndpoint, REDACTED_VALUE, type RecordedRequest } from "./request-log";
export { SecretExposedError } from "./secret-exposed-error";
export { expectNoSecrets, exposedText } from "./secret-exposure";
export { expectNoSecretTrace } from "./secret-trace";
export type { EntraTokenResponse } from "./token-exchange";
