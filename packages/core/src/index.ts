export {
  type AssertionCallback,
  type AssertionContext,
  type AssertionProvider,
  type Detection,
  exchangeAudienceFor,
} from "./assertion-provider";
export { AuthenticationError, type EntraRefusal } from "./authentication-error";
export {
  type AzFederatedCredentialCommands,
  azFederatedCredentialCommands,
  type FederatedCredentialTarget,
} from "./az-federated-credential-commands";
export {
  type ClaimCondition,
  ClaimsMatchingExpressionSyntaxError,
  evaluateClaimsMatchingExpression,
  matchesWildcardPattern,
  type ParsedClaimsMatchingExpression,
  parseClaimsMatchingExpression,
} from "./claims-matching-expression";
export {
  cloudForAuthorityHost,
  cloudForExchangeAudience,
  DEFAULT_EXCHANGE_AUDIENCE,
  type EntraCloud,
  KNOWN_CLOUDS,
  normalizeAuthorityHost,
} from "./clouds";
export {
  type AssertionClaims,
  decodeAssertion,
  decodeAssertionHeader,
  InvalidAssertionError,
  type InvalidAssertionReason,
} from "./decode-assertion";
export { type Diagnosis, diagnoseEntraError, type EntraErrorContext, formatDiagnosis } from "./diagnosis";
export { type EntraErrorDescription, parseEntraErrorDescription } from "./entra-error-description";
export { AssertionFetchError, CredentialUnavailableError, InvalidInputError } from "./errors";
export {
  type CredentialClaims,
  federatedCredentialFromClaims,
  federatedCredentialName,
} from "./federated-credential-from-claims";
export { deriveFederatedCredentialName, requireFederatedCredentialName } from "./federated-credential-name";
export type { ClaimsMatchingExpression, FederatedIdentityCredential } from "./federated-identity-credential";
export { FederatedTokenCredential, type FederatedTokenCredentialOptions } from "./federated-token-credential";
export {
  defaultDispatcher,
  type HttpRequest,
  HttpRequestError,
  type HttpResponse,
  isRetryableStatus,
  type RetryOptions,
  retryDelayMs,
  sendRequest,
} from "./http-request";
export { type IssuerPlatform, isAksIssuer, issuerPlatform } from "./issuer-platform";
export { logger } from "./logger";
export {
  type FederatedCredentialMatch,
  type FieldDifference,
  matchFederatedCredential,
} from "./match-federated-credential";
export { REDACTED, redact } from "./redact";
export { MAX_FIC_FIELD_LENGTH, requireFicFieldLength, requireSubjectPart } from "./subject-part";
export type { CachedAccessToken } from "./token-cache";
export {
  type FailedResponse,
  type TokenLifetime,
  UndiciNetworkModule,
  type UndiciNetworkModuleOptions,
} from "./undici-network-module";
export {
  type FicProblem,
  type FicRule,
  type FicValidationOptions,
  type FicValidationResult,
  validateFederatedIdentityCredential,
  validateFederatedIdentityCredentials,
} from "./validate-federated-identity-credential";
