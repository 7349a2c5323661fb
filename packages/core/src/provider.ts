/**
 * `@azfed/core/provider`: the plumbing a provider package is built from, for provider authors (the
 * azfed packages and anyone writing an `AssertionProvider` of their own). What a user of a
 * credential reads (the credential, its options, errors, diagnosis, the FIC model and its validation)
 * is `@azfed/core`'s main entry; docs/architecture.md lists the split.
 *
 * - Option checks: {@link checkProviderOptions}, {@link checkMilliseconds}, {@link checkRetryOptions}.
 * - A platform's token over HTTP: {@link readPlatformToken}, {@link sendRequest} (with {@link networkErrorCode}, its failure's code), {@link defaultDispatcher}.
 * - FIC builders: {@link assembleFederatedCredential}, {@link requireSubjectPart}, {@link requireHttpsIssuer}.
 * - A platform's token in a file or a variable, read and checked one way: {@link TokenFile}, {@link readTokenVariable} and {@link presentTokenVariable} (with
 *   {@link TokenFacts}, the provider's words), {@link decodeToken}, {@link requireUnexpired}, {@link warnOnTokenAudience}.
 * - Bounded input and secrets kept out of text: {@link readBoundedFile}, {@link redact}, {@link scrubSecrets},
 *   {@link escapeControlCharacters}, {@link shellQuote}.
 * - The exchange's parts for a credential of another kind: {@link MsalNetworkClient}, {@link resolveIdentity}.
 * - Everything `@azfed/core`'s main entry exports (the credential, errors, diagnosis...), so that a
 *   provider package imports core from this one module: each ES module a process loads costs it 1-3 ms
 *   of CPU whatever its size (resolution, read, compile, link), and a Kubernetes pod's cold start
 *   (`@azfed/identity` and `@azfed/kubernetes`) then loads neither core's main entry module nor its
 *   resolution twice (docs/performance.md).
 *
 * @example
 * ```ts
 * import { checkProviderOptions, readPlatformToken } from "@azfed/core/provider";
 * ```
 *
 * @packageDocumentation
 */
export { abortable, abortReason } from "./async/abortable";
export { cacheUntilRejected } from "./async/cache-until-rejected";
export { scrubAndShorten, shorten } from "./bounded-text";
export { type Clock, requireClock } from "./clock";
export {
  cloudForAuthorityHost,
  cloudForExchangeAudience,
  entraIssuer,
  entraIssuerCloud,
  normalizeAuthorityHost,
} from "./clouds";
export {
  type FailedResponse,
  MsalNetworkClient,
  type MsalNetworkClientOptions,
  type MsalNetworkResponse,
  type MsalRequestOptions,
  type TokenLifetime,
} from "./credential/msal-network-client";
export { checkCredentialOptions } from "./credential/resolve-credential-options";
export { type PlatformIdentity, type ResolvedIdentity, resolveIdentity } from "./credential/resolve-identity";
export type { CachedAccessToken } from "./credential/token-cache";
export { MAX_TOKEN_LIFETIME_SECONDS, readTokenReply, type TokenReply } from "./credential/token-reply";
export { scrubCause } from "./errors/scrubbed-cause";
export { escapeControlCharacters } from "./escape-control-characters";
export {
  assembleFederatedCredential,
  type PlatformCredentialParts,
} from "./fic/assemble-federated-credential";
export {
  deriveFederatedCredentialName,
  requireFederatedCredentialName,
} from "./fic/federated-credential-name";
export { requireGitRefName } from "./fic/git-ref-name";
export { requireFicFieldLength, requireHttpsIssuer, requireSubjectPart } from "./fic/subject-part";
export {
  type BoundedFile,
  type BoundedFileOptions,
  describeFileType,
  readBoundedFile,
  readBoundedFileSync,
} from "./files/read-bounded-file";
export { GUID_PATTERN, isLowerCaseGuid } from "./guid";
export { defaultDispatcher } from "./http/default-dispatcher";
export { networkErrorCode } from "./http/http-request-error";
export { isRetryableStatus, retryDelayMs } from "./http/retry";
export {
  type HttpRequest,
  type HttpResponse,
  MAX_RESPONSE_BODY_BYTES,
  sendRequest,
} from "./http/send-request";
export { routedUrl } from "./http/token-request-route";
export type { ResponseHeaders } from "./http/transport";
// The main entry's surface too: see the list above (one module for core on a provider's path).
export * from "./index";
export { logger } from "./logger";
export { BITBUCKET_PIPELINES_UNMATCHABLE } from "./platform/bitbucket-pipelines-platform";
export { CIRCLECI_UNMATCHABLE } from "./platform/circleci-platform";
export {
  type EnvironmentSignal,
  environmentSignal,
  type SignalledPlatform,
  signalledPlatformLabel,
} from "./platform/environment-signal";
export { isAksIssuer } from "./platform/kubernetes-platform";
export { exchangeAudienceFor } from "./provider/assertion-provider";
export {
  checkMilliseconds,
  checkProviderOptions,
  checkRetryOptions,
  MAX_TIMER_MS,
} from "./provider/check-options";
export {
  decodeToken,
  type ExpectedAudience,
  requireUnexpired,
  type TokenAudienceClaim,
  tokenAudiences,
  warnOnTokenAudience,
} from "./provider/check-token";
export { providerEnvironment } from "./provider/provider-options";
export {
  type PlatformTokenProblem,
  type PlatformTokenRefusal,
  type PlatformTokenRequest,
  readPlatformToken,
} from "./provider/read-platform-token";
export { requestedAudience } from "./provider/requested-audience";
export { type TokenFacts, type TokenPlace, type TokenProblem, tokenError } from "./provider/token-facts";
export { MAX_TOKEN_FILE_BYTES, TokenFile } from "./provider/token-file";
export {
  presentTokenVariable,
  readTokenVariable,
  type TokenVariable,
  type TokenVariableCheck,
} from "./provider/token-variable";
export { REDACTED, redact } from "./redact";
export { scrubSecrets } from "./scrub-secrets";
export { shellQuote } from "./shell-quote";
