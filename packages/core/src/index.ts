export type { AssertionCallback, AssertionContext, AssertionProvider, Detection } from "./assertion-provider";
export {
  cloudForAuthorityHost,
  cloudForExchangeAudience,
  DEFAULT_EXCHANGE_AUDIENCE,
  type EntraCloud,
  KNOWN_CLOUDS,
  normalizeAuthorityHost,
} from "./clouds";
export { AssertionFetchError, CredentialUnavailableError, InvalidInputError } from "./errors";
export type { ClaimsMatchingExpression, FederatedIdentityCredential } from "./federated-identity-credential";
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
export { logger } from "./logger";
export { REDACTED, redact } from "./redact";
