/**
 * `@azfed/identity`: one install for Azure workload identity federation on GitHub Actions, GitLab CI,
 * Azure Pipelines, Kubernetes, Google Cloud and more. {@link DefaultFederatedCredential} detects the
 * platform and imports only the provider package it selects; `@azfed/core`'s user surface is
 * re-exported by name. Each provider package it depends on has a subpath of its own, so importing
 * this entry loads none of them: `@azfed/identity/azure-pipelines`, `@azfed/identity/github`,
 * `@azfed/identity/gitlab`, `@azfed/identity/kubernetes`, `@azfed/identity/gcp` and
 * `@azfed/identity/managed-identity`.
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
} from "@azfed/core/provider";

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
