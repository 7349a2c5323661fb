/**
 * `@azfed/core`: {@link FederatedTokenCredential} (a `TokenCredential` that exchanges a platform's
 * OIDC token for an Entra access token), its options, the provider contract a credential takes, the
 * errors it throws, the diagnosis of Entra's refusals, clouds, and the federated identity credential
 * model with its validation. The plumbing provider packages are built from is the subpath
 * `@azfed/core/provider`.
 *
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/core";
 *
 * const credential = new FederatedTokenCredential({
 *   tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
 *   clientId: "00000000-0000-0000-0000-000000000000",
 *   assertion: async () => "<the platform's OIDC token>",
 * });
 * ```
 *
 * @packageDocumentation
 */
export type { AbortSignalLike } from "./async/abortable";
export { DEFAULT_EXCHANGE_AUDIENCE, type EntraCloud, KNOWN_CLOUDS } from "./clouds";
export { FederatedTokenCredential } from "./credential/federated-token-credential";
export type { FederatedTokenCredentialOptions } from "./credential/federated-token-credential-options";
export type { IdentityOptions } from "./credential/resolve-identity";
export type { AccessToken, GetTokenOptions, TokenCredential } from "./credential/token-credential";
export { AuthenticationError, type EntraRefusal } from "./diagnosis/authentication-error";
export { type CredentialFix, type CredentialFixInput, credentialFix } from "./diagnosis/credential-fix";
export { diagnoseEntraError } from "./diagnosis/diagnose-entra-error";
export { type Diagnosis, formatDiagnosis } from "./diagnosis/diagnosis";
export type { EntraErrorContext } from "./diagnosis/diagnosis-facts";
export { type EntraErrorDescription, parseEntraErrorDescription } from "./diagnosis/entra-error-description";
export { AssertionFetchError } from "./errors/assertion-fetch-error";
export { CredentialUnavailableError } from "./errors/credential-unavailable-error";
export { InvalidInputError } from "./errors/invalid-input-error";
export { ScrubbedCause } from "./errors/scrubbed-cause";
export type { FederatedCredentialChoices } from "./fic/assemble-federated-credential";
export {
  type AzFederatedCredentialCommands,
  azFederatedCredentialCommands,
  type FederatedCredentialTarget,
} from "./fic/az-federated-credential-commands";
export {
  type ClaimCondition,
  ClaimsMatchingExpressionSyntaxError,
  evaluateClaimsMatchingExpression,
  matchesWildcardPattern,
  type ParsedClaimsMatchingExpression,
  parseClaimsMatchingExpression,
} from "./fic/claims-matching-expression";
export {
  type AssertionClaims,
  decodeAssertion,
  decodeAssertionHeader,
  InvalidAssertionError,
  type InvalidAssertionReason,
} from "./fic/decode-assertion";
export { MAX_FIC_FIELD_LENGTH } from "./fic/entra-fic-limits";
export {
  type CredentialClaims,
  federatedCredentialFromClaims,
  federatedCredentialName,
} from "./fic/federated-credential-from-claims";
export type {
  ClaimsMatchingExpression,
  FederatedIdentityCredential,
} from "./fic/federated-identity-credential";
export {
  type FederatedCredentialMatch,
  type FieldDifference,
  matchFederatedCredential,
} from "./fic/match-federated-credential";
export type {
  FicProblem,
  FicRule,
  FicValidationOptions,
  FicValidationResult,
} from "./fic/validation/fic-problem";
export {
  validateFederatedIdentityCredential,
  validateFederatedIdentityCredentials,
} from "./fic/validation/validate-federated-identity-credential";
export { BoundedFileError, type BoundedFileProblem } from "./files/bounded-file-error";
export { HttpRequestError, type HttpRequestFailure } from "./http/http-request-error";
export type { RetryOptions } from "./http/retry";
export type { TokenRequestRoute } from "./http/token-request-route";
export { TokenRequestRouteError } from "./http/token-request-route-error";
export { issuerPlatform } from "./platform/issuer-platform";
export type { IssuerPlatform } from "./platform/platform";
export type {
  AssertionCallback,
  AssertionContext,
  AssertionProvider,
  Detection,
} from "./provider/assertion-provider";
export type { ProviderOptions } from "./provider/provider-options";
