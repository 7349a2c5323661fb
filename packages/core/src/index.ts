export { type AbortSignalLike, abortable, abortReason } from "./async/abortable";
export { cacheUntilRejected } from "./async/cache-until-rejected";
export { scrubAndShorten, shorten } from "./bounded-text";
export { type Clock, requireClock } from "./clock";
export {
  cloudForAuthorityHost,
  cloudForExchangeAudience,
  DEFAULT_EXCHANGE_AUDIENCE,
  type EntraCloud,
  entraIssuer,
  entraIssuerCloud,
  KNOWN_CLOUDS,
  normalizeAuthorityHost,
} from "./clouds";
export { FederatedTokenCredential } from "./credential/federated-token-credential";
export type { FederatedTokenCredentialOptions } from "./credential/federated-token-credential-options";
export {
  type FailedResponse,
  MsalNetworkClient,
  type MsalNetworkClientOptions,
  type MsalNetworkResponse,
  type MsalRequestOptions,
  type TokenLifetime,
} from "./credential/msal-network-client";
export { checkCredentialOptions } from "./credential/resolve-credential-options";
export {
  type IdentityOptions,
  type PlatformIdentity,
  type ResolvedIdentity,
  resolveIdentity,
} from "./credential/resolve-identity";
export type { CachedAccessToken } from "./credential/token-cache";
export type { AccessToken, GetTokenOptions, TokenCredential } from "./credential/token-credential";
export { MAX_TOKEN_LIFETIME_SECONDS, readTokenReply, type TokenReply } from "./credential/token-reply";
export { AuthenticationError, type EntraRefusal } from "./diagnosis/authentication-error";
export {
  type CredentialFix,
  type CredentialFixInput,
  credentialFix,
} from "./diagnosis/credential-fix";
export { diagnoseEntraError } from "./diagnosis/diagnose-entra-error";
export { type Diagnosis, formatDiagnosis } from "./diagnosis/diagnosis";
export type { EntraErrorContext } from "./diagnosis/diagnosis-facts";
export { type EntraErrorDescription, parseEntraErrorDescription } from "./diagnosis/entra-error-description";
export { AssertionFetchError } from "./errors/assertion-fetch-error";
export { CredentialUnavailableError } from "./errors/credential-unavailable-error";
export { InvalidInputError } from "./errors/invalid-input-error";
export { ScrubbedCause, scrubCause } from "./errors/scrubbed-cause";
export { escapeControlCharacters } from "./escape-control-characters";
export {
  assembleFederatedCredential,
  type FederatedCredentialChoices,
  type PlatformCredentialParts,
} from "./fic/assemble-federated-credential";
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
export {
  deriveFederatedCredentialName,
  requireFederatedCredentialName,
} from "./fic/federated-credential-name";
export type {
  ClaimsMatchingExpression,
  FederatedIdentityCredential,
} from "./fic/federated-identity-credential";
export { requireGitRefName } from "./fic/git-ref-name";
export {
  type FederatedCredentialMatch,
  type FieldDifference,
  matchFederatedCredential,
} from "./fic/match-federated-credential";
export { requireFicFieldLength, requireHttpsIssuer, requireSubjectPart } from "./fic/subject-part";
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
export {
  type BoundedFile,
  type BoundedFileOptions,
  describeFileType,
  readBoundedFile,
  readBoundedFileSync,
} from "./files/read-bounded-file";
export { GUID_PATTERN } from "./guid";
export { defaultDispatcher } from "./http/default-dispatcher";
export { HttpRequestError, type HttpRequestFailure } from "./http/http-request-error";
export { isRetryableStatus, type RetryOptions, retryDelayMs } from "./http/retry";
export {
  type HttpRequest,
  type HttpResponse,
  MAX_RESPONSE_BODY_BYTES,
  sendRequest,
} from "./http/send-request";
export { routedUrl, type TokenRequestRoute } from "./http/token-request-route";
export { TokenRequestRouteError } from "./http/token-request-route-error";
export type { ResponseHeaders } from "./http/transport";
export { logger } from "./logger";
export { issuerPlatform } from "./platform/issuer-platform";
export { isAksIssuer } from "./platform/kubernetes-platform";
export type { IssuerPlatform } from "./platform/platform";
export {
  type AssertionCallback,
  type AssertionContext,
  type AssertionProvider,
  type Detection,
  exchangeAudienceFor,
} from "./provider/assertion-provider";
export {
  checkMilliseconds,
  checkProviderOptions,
  checkRetryOptions,
  MAX_TIMER_MS,
} from "./provider/check-options";
export { type ProviderOptions, providerEnvironment } from "./provider/provider-options";
export {
  type PlatformTokenProblem,
  type PlatformTokenRefusal,
  type PlatformTokenRequest,
  readPlatformToken,
} from "./provider/read-platform-token";
export { REDACTED, redact } from "./redact";
export { scrubSecrets } from "./scrub-secrets";
export { shellQuote } from "./shell-quote";
