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
export {
  type CaptureAzureLogsOptions,
  type CapturedAzureLogs,
  captureAzureLogs,
} from "./contracts/capture-azure-logs";
export { claimsOf } from "./contracts/claims-of";
export {
  type ContractDetection,
  type ContractProvider,
  type ProviderContractCheck,
  ProviderContractError,
  type ProviderContractSubject,
  providerContract,
} from "./contracts/provider-contract";
export {
  type ProviderEnvironmentCase,
  type ProviderEnvironmentSubject,
  type ProviderUnderTest,
  providerEnvironmentContract,
} from "./contracts/provider-environment-contract";
export { rejectionOf } from "./contracts/rejection-of";
export { SecretExposedError } from "./contracts/secret-exposed-error";
export { expectNoSecrets, exposedText } from "./contracts/secret-exposure";
export { expectNoSecretTrace } from "./contracts/secret-trace";
export type {
  EntraApplicationRegistration,
  FederatedIdentityCredentialRecord,
} from "./entra/entra-directory";
export {
  type EntraEmulator,
  type EntraEmulatorOptions,
  startEntraEmulator,
} from "./entra/entra-emulator";
export type { EntraErrorBody } from "./entra/entra-error";
export { type EntraEndpoint, REDACTED_VALUE, type RecordedRequest } from "./entra/request-log";
export type { EntraTokenResponse } from "./entra/token-exchange";
export {
  type FileHooks,
  type PlatformEmulators,
  type PlatformEmulatorsOptions,
  startPlatformEmulators,
  usePlatformEmulators,
} from "./fixtures/platform-emulators";
export { InvalidEmulatorOptionError } from "./invalid-option-error";
export type { JwtClaims } from "./jwt-claims";
export {
  type AksIdentityBindingProxy,
  type AksIdentityBindingProxyOptions,
  type AksIdentityBindingProxyRequest,
  startAksIdentityBindingProxy,
} from "./platforms/aks-identity-binding-proxy";
export {
  type AwsStsEmulator,
  type AwsStsEmulatorOptions,
  type AwsStsRefusal,
  type AwsStsRequest,
  startAwsStsEmulator,
} from "./platforms/aws-sts-emulator";
export { type AzureDevOpsEmulator, startAzureDevOpsEmulator } from "./platforms/azure-devops-emulator";
export type {
  AzureDevOpsEmulatorOptions,
  AzureDevOpsFault,
  AzureDevOpsJobEnvOptions,
  AzureDevOpsRecordedRequest,
  AzureDevOpsServiceConnection,
  AzureDevOpsSignInRequest,
} from "./platforms/azure-devops-model";
export {
  type BuildkiteAgentEmulator,
  type BuildkiteAgentEmulatorOptions,
  type BuildkiteTokenRequest,
  startBuildkiteAgentEmulator,
} from "./platforms/buildkite-agent-emulator";
export type { BuildkiteJob } from "./platforms/buildkite-job";
export type { GcpMetadataFault } from "./platforms/gcp-metadata-answers";
export {
  type GcpMetadataEmulator,
  type GcpMetadataEmulatorOptions,
  type GcpMetadataEndpoint,
  type GcpMetadataRequest,
  type GcpServiceAccount,
  startGcpMetadataEmulator,
} from "./platforms/gcp-metadata-emulator";
export {
  type GitHubActionsEmulator,
  type GitHubActionsEmulatorOptions,
  type GitHubActionsFault,
  type GitHubTokenRequest,
  startGitHubActionsEmulator,
} from "./platforms/github-actions-emulator";
export type { GitHubActionsJob } from "./platforms/github-actions-model";
export {
  type GitHubRestApiEmulator,
  type GitHubRestApiEmulatorOptions,
  type GitHubRestRepository,
  type GitHubRestRequest,
  startGitHubRestApiEmulator,
} from "./platforms/github-rest-api-emulator";
export {
  type GitLabIdTokenRequest,
  type GitLabJob,
  type GitLabJobEnvironment,
  type GitLabJobOptions,
  startGitLabJob,
} from "./platforms/gitlab-job";
export {
  type JenkinsBuild,
  type JenkinsBuildOptions,
  startJenkinsBuild,
} from "./platforms/jenkins-build";
export {
  type KubernetesTokenFile,
  type KubernetesTokenFileOptions,
  startKubernetesTokenFile,
  type WrittenKubernetesToken,
} from "./platforms/kubernetes-token-file";
export {
  type EmulatedManagedIdentity,
  type ManagedIdentityEmulator,
  type ManagedIdentityEmulatorOptions,
  type ManagedIdentitySource,
  type ManagedIdentityTokenRequest,
  startManagedIdentityEmulator,
} from "./platforms/managed-identity-emulator";
export {
  type MintOptions,
  type OidcIssuer,
  type OidcIssuerEndpoint,
  type OidcIssuerMisconfiguration,
  type OidcIssuerOptions,
  startOidcIssuer,
} from "./platforms/oidc-issuer";
export { type SpaceliftRun, type SpaceliftRunOptions, startSpaceliftRun } from "./platforms/spacelift-run";
export {
  type SpireIdentity,
  type SpireWorkloadApi,
  type SpireWorkloadApiOptions,
  startSpireWorkloadApi,
  type WorkloadApiFault,
  type WorkloadApiRequestRecord,
} from "./platforms/spire-workload-api";
export { startTerraformRun, type TerraformRun, type TerraformRunOptions } from "./platforms/terraform-run";
export {
  AZURITE_ACCOUNT_NAME,
  type AzuriteOptions,
  type RunningAzurite,
  startAzurite,
} from "./servers/azurite";
export {
  type ServerCertificate,
  separateCertificateAuthority,
  TEST_CA_DIRECTORY_ENV,
  type TestCertificateAuthority,
  type TestCertificateAuthorityOptions,
  testCertificateAuthority,
} from "./servers/certificate-authority";
export { type ChildWorkLimit, limitChildWork } from "./servers/child-work-limit";
export type { InjectedFault } from "./servers/fault-injection";
export {
  type EchoedRequest,
  echoSecret,
  type HostileAnswer,
  type HostileFault,
  type SecretEcho,
} from "./servers/hostile-fault";
export {
  type HttpsServerOptions,
  type RequestHandler,
  type RunningServer,
  startHttpsServer,
} from "./servers/https-server";
export {
  blobServiceClientTrusting,
  type StorageBlobSdk,
  type StoragePipelineLike,
  type TrustingBlobServiceClientOptions,
} from "./servers/trusting-blob-service-client";
export { unsignedJwt } from "./unsigned-jwt";
