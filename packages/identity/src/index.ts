/**
 * `@azfed/identity`: one install for Azure workload identity federation on GitHub Actions, GitLab CI,
 * Azure Pipelines, Kubernetes and Google Cloud. {@link DefaultFederatedCredential} detects the
 * platform; everything from `@azfed/core` and the five provider packages is re-exported by name, so a
 * bundler keeps only what you use.
 *
 * @example
 * ```ts
 * import { DefaultFederatedCredential } from "@azfed/identity";
 * import { SecretClient } from "@azure/keyvault-secrets";
 *
 * const secrets = new SecretClient("https://contoso.vault.azure.net", new DefaultFederatedCredential());
 * ```
 *
 * @packageDocumentation
 */

// Azure Pipelines provider and subject builders.
export {
  AZURE_DEVOPS_APPLICATION_ID,
  type AzurePipelinesEntraIssuerOptions,
  type AzurePipelinesEntraSubjectOptions,
  type AzurePipelinesFederatedCredentialCommonOptions,
  type AzurePipelinesFederatedCredentialOptions,
  type AzurePipelinesIssuerOptions,
  type AzurePipelinesOptions,
  type AzurePipelinesSubjectFromEnvironmentOptions,
  type AzurePipelinesSubjectOptions,
  type AzurePipelinesSubjectsFromEnvironment,
  azurePipelines,
  azurePipelinesEntraIssuer,
  azurePipelinesEntraSubject,
  azurePipelinesFederatedCredential,
  azurePipelinesIssuer,
  azurePipelinesSubject,
  azurePipelinesSubjectFromEnvironment,
} from "@azfed/azure-pipelines";
// Core: FederatedTokenCredential, the provider contract, errors, diagnosis, FIC model and validation
// (the plumbing for provider authors is `@azfed/core/provider`, not re-exported here).
export {
  type AbortSignalLike,
  type AccessToken,
  type AssertionCallback,
  type AssertionClaims,
  type AssertionContext,
  AssertionFetchError,
  type AssertionProvider,
  AuthenticationError,
  type AzFederatedCredentialCommands,
  azFederatedCredentialCommands,
  BoundedFileError,
  type BoundedFileProblem,
  type ClaimCondition,
  type ClaimsMatchingExpression,
  ClaimsMatchingExpressionSyntaxError,
  type CredentialClaims,
  type CredentialFix,
  type CredentialFixInput,
  CredentialUnavailableError,
  credentialFix,
  DEFAULT_EXCHANGE_AUDIENCE,
  type Detection,
  type Diagnosis,
  decodeAssertion,
  decodeAssertionHeader,
  diagnoseEntraError,
  type EntraCloud,
  type EntraErrorContext,
  type EntraErrorDescription,
  type EntraRefusal,
  evaluateClaimsMatchingExpression,
  type FederatedCredentialChoices,
  type FederatedCredentialMatch,
  type FederatedCredentialTarget,
  type FederatedIdentityCredential,
  FederatedTokenCredential,
  type FederatedTokenCredentialOptions,
  type FicProblem,
  type FicRule,
  type FicValidationOptions,
  type FicValidationResult,
  type FieldDifference,
  federatedCredentialFromClaims,
  federatedCredentialName,
  formatDiagnosis,
  type GetTokenOptions,
  HttpRequestError,
  type HttpRequestFailure,
  type IdentityOptions,
  InvalidAssertionError,
  type InvalidAssertionReason,
  InvalidInputError,
  type IssuerPlatform,
  issuerPlatform,
  KNOWN_CLOUDS,
  MAX_FIC_FIELD_LENGTH,
  matchesWildcardPattern,
  matchFederatedCredential,
  type ParsedClaimsMatchingExpression,
  type ProviderOptions,
  parseClaimsMatchingExpression,
  parseEntraErrorDescription,
  type RetryOptions,
  ScrubbedCause,
  type TokenCredential,
  type TokenRequestRoute,
  TokenRequestRouteError,
  validateFederatedIdentityCredential,
  validateFederatedIdentityCredentials,
} from "@azfed/core";
// Google Cloud provider and subject builders.
export {
  DEFAULT_METADATA_HOST,
  DEFAULT_PROBE_HOSTS,
  GCP_ENVIRONMENT_HINTS,
  GCP_ISSUER,
  type GcpAssertionProvider,
  type GcpFederatedCredentialOptions,
  type GcpOptions,
  type GcpSubjectOptions,
  gcp,
  gcpFederatedCredential,
  gcpIssuer,
  gcpSubject,
  METADATA_HOST_ENV,
  METADATA_IP_ENV,
  METADATA_SERVER_DETECTION_ENV,
} from "@azfed/gcp";
// GitHub Actions provider and subject builders.
export {
  detectGitHubActions,
  GITHUB_ISSUER,
  GITHUB_PULL_REQUEST_EVENTS,
  type GitHubActionsOptions,
  type GitHubApiOptions,
  type GitHubFederatedCredentialOptions,
  type GitHubIssuerOptions,
  type GitHubJobSubject,
  type GitHubOidcCustomization,
  type GitHubSubjectFromEnvironmentOptions,
  type GitHubSubjectOptions,
  type GitHubSubjectSettings,
  githubActions,
  githubFederatedCredential,
  githubIssuer,
  githubSubject,
  githubSubjectFromEnvironment,
  githubSubjectFromRepository,
  readGitHubSubjectSettings,
  withGitHubSubjectSettings,
} from "@azfed/github";
// GitLab CI provider and subject builders.
export {
  ALLOWED_GITLAB_SUB_CLAIM_COMPONENTS,
  DEFAULT_GITLAB_SUB_CLAIM_COMPONENTS,
  GITLAB_COM_URL,
  type GitLabFederatedCredentialOptions,
  type GitLabIssuerOptions,
  type GitLabOptions,
  type GitLabSubClaimComponent,
  type GitLabSubjectFromEnvironmentOptions,
  type GitLabSubjectOptions,
  gitlab,
  gitlabFederatedCredential,
  gitlabIssuer,
  gitlabSubject,
  gitlabSubjectFromEnvironment,
} from "@azfed/gitlab";
// Kubernetes (Azure Workload Identity) provider and subject builders.
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

// Azure managed identity provider (used only when named) and subject builders.
export {
  ENTRA_ISSUER_HOSTS,
  MANAGED_IDENTITY_CLIENT_ID_ENV,
  type ManagedIdentityAssertionProvider,
  type ManagedIdentityFederatedCredentialOptions,
  type ManagedIdentityIssuerOptions,
  type ManagedIdentityOptions,
  type ManagedIdentitySubjectOptions,
  managedIdentity,
  managedIdentityFederatedCredential,
  managedIdentityIssuer,
  managedIdentitySubject,
} from "@azfed/managed-identity";

// This package: the credential that detects the platform.
export {
  DefaultFederatedCredential,
  type DefaultFederatedCredentialOptions,
  type DefaultFederatedCredentialSelection,
} from "./default-federated-credential";
export {
  DEFAULT_PROVIDER_NAMES,
  type DefaultProviderName,
  defaultProviders,
  NAMED_ONLY_PROVIDER_NAMES,
  namedOnlyProviders,
  type SharedProviderOptions,
} from "./default-providers";
export {
  type DetectionReport,
  findProvider,
  type ProviderSearch,
  type ProviderSelection,
  type SelectProviderOptions,
  selectProvider,
} from "./select-provider";
