import { cacheUntilRejected } from "../async/cache-until-rejected";
import { CredentialUnavailableError } from "../errors/credential-unavailable-error";
import { InvalidInputError } from "../errors/invalid-input-error";
import { logger } from "../logger";
import { MAX_TIMER_MS } from "../provider/check-options";
import { checkClaimsChallenge } from "./claims-challenge";
import type { FederatedTokenCredentialOptions } from "./federated-token-credential-options";
import { createMsalTokenExchange, type TokenExchange } from "./msal-exchange";
import { type ResolvedCredentialOptions, resolveCredentialOptions } from "./resolve-credential-options";
import { type PlatformIdentity, withPlatformIdentity } from "./resolve-identity";
import { normalizeScopes } from "./scopes";
import { resolveRequestTenant } from "./tenant-id";
import { type CachedAccessToken, refreshAfterTimestamp, TokenCache } from "./token-cache";
import type { GetTokenOptions, TokenCredential } from "./token-credential";

interface TokenRequest {
  readonly scopes: readonly string[];
  readonly tenantId: string;
  readonly enableCae: boolean;
}

interface Identity {
  readonly tenantId: string;
  readonly clientId: string;
  readonly exchange: TokenExchange;
}

/**
 * A `TokenCredential` for any `@azure/*` client that exchanges an external OIDC token (GitHub
 * Actions, GitLab CI, Azure Pipelines, Kubernetes, Google Cloud, or your own) for a Microsoft Entra
 * access token through workload identity federation. No secret is stored anywhere.
 *
 * - Tokens are cached in memory per scopes, tenant and CAE; a cached `getToken` does no I/O.
 * - From `refreshAfterTimestamp` on, one background refresh runs while callers keep the cached token.
 * - Concurrent cache misses share one exchange (one assertion fetch, one token request).
 * - Refusals throw an {@link AuthenticationError} that explains itself; a missing platform, tenant
 *   or client id throws `CredentialUnavailableError`, so `ChainedTokenCredential` moves on.
 *
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/core";
 * import { githubActions } from "@azfed/github";
 * import { BlobServiceClient } from "@azure/storage-blob";
 *
 * const credential = new FederatedTokenCredential({ assertion: githubActions() }); // AZURE_TENANT_ID, AZURE_CLIENT_ID
 * const blobs = new BlobServiceClient("https://contoso.blob.core.windows.net", credential);
 * ```
 */
export class FederatedTokenCredential implements TokenCredential {
  readonly #options: ResolvedCredentialOptions;
  readonly #cache: TokenCache<TokenRequest>;
  #identity: Identity | undefined;
  /**
   * The last plain request (one scope string; no tenant, CAE or claims) and its cache key: a repeated
   * call with the same scope string looks the key up without validating and joining again.
   */
  #lastPlain: { readonly scope: string; readonly key: string } | undefined;
  /**
   * The identity, detected at the first `getToken`. A success is kept for the credential's life; a
   * failure is not, so a later call asks again (a probe that timed out, a variable set since).
   */
  readonly #resolveIdentity = cacheUntilRejected(() => this.#detectIdentity());

  /**
   * @throws {@link InvalidInputError} for a malformed option or environment variable (tenant id,
   *   client id, authority host, audience, ...), naming it.
   */
  constructor(options: FederatedTokenCredentialOptions) {
    this.#options = resolveCredentialOptions(options);
    this.#cache = new TokenCache<TokenRequest>({
      clock: this.#options.clock,
      fetch: (request, signal, claims) => this.#fetchToken(request, signal, claims),
      onBackgroundRefreshError: (error, request) =>
        logger.warning(
          `FederatedTokenCredential: background refresh for scopes ${request.scopes.join(" ")} in tenant ${request.tenantId} failed; ` +
            `the cached token is used until it expires: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
        ),
    });
  }

  /**
   * An access token for `scopes`: from the cache when it holds a valid one, else from an exchange.
   *
   * @param scopes - One scope or several, e.g. `"https://management.azure.com/.default"`.
   * @param options - `tenantId` (another tenant, if allowed), `claims` (a CAE challenge: skips the
   *   cache), `enableCae`, `abortSignal`, `requestOptions.timeout`.
   * @throws {@link AuthenticationError} when Entra refuses; `CredentialUnavailableError` when the
   *   platform, tenant or client id is missing or the tenant is not allowed; {@link InvalidInputError}
   *   for bad scopes, tenant id or claims challenge; the abort signal's reason when aborted; a `TimeoutError` when
   *   `requestOptions.timeout` passes.
   *
   * @example
   * ```ts
   * const { token, expiresOnTimestamp } = await credential.getToken("https://vault.azure.net/.default");
   * ```
   */
  async getToken(scopes: string | string[], options: GetTokenOptions = {}): Promise<CachedAccessToken> {
    const plain = isPlainRequest(scopes, options);
    if (plain && scopes === this.#lastPlain?.scope) {
      const cached = this.#cache.lookup(this.#lastPlain.key);
      if (cached) return cached;
    }
    const normalized = normalizeScopes(scopes);
    if (options.proofOfPossessionOptions) {
      throw new InvalidInputError({
        field: "getTokenOptions.proofOfPossessionOptions",
        value: "set",
        expected:
          "no proof-of-possession options: FederatedTokenCredential does not issue proof-of-possession (PoP) tokens",
      });
    }
    const identity = this.#identity ?? (await this.#resolveIdentity());
    const tenantId = resolveRequestTenant(
      identity.tenantId,
      options.tenantId,
      this.#options.additionallyAllowedTenants,
    );
    const enableCae = options.enableCae === true;
    const claims = checkClaimsChallenge(options.claims);
    const key = `${tenantId}\n${enableCae ? "cae" : "-"}\n${normalized.key}`;
    if (plain) this.#lastPlain = { scope: normalized.key, key };
    if (claims === undefined) {
      const cached = this.#cache.lookup(key);
      if (cached) return cached;
    }
    const { signal, dispose } = callerSignal(options);
    try {
      return await this.#cache.get(
        key,
        { scopes: normalized.list, tenantId, enableCae },
        { signal, ...(claims !== undefined ? { claims } : {}) },
      );
    } finally {
      dispose();
    }
  }

  /**
   * Asks the provider whether its platform is here, then settles the tenant and client ids; an
   * identity handed over settled (the `identity` option) is used as it is.
   */
  async #detectIdentity(): Promise<Identity> {
    const { provider, settled } = this.#options;
    let platform: PlatformIdentity | undefined;
    if (provider.detect && !settled) {
      const detection = await provider.detect(this.#options.env);
      if (!detection.available) {
        throw new CredentialUnavailableError(
          `FederatedTokenCredential: the ${provider.name} platform is not available here: ${detection.reason}`,
        );
      }
      platform = { name: provider.name, tenantId: detection.tenantId, clientId: detection.clientId };
    }
    // The options and the environment were read and checked when the credential was built; only
    // what the platform names is new, and only that is checked here.
    const { tenantId, clientId } = withPlatformIdentity(this.#options.identity, platform);
    if (tenantId === undefined) {
      throw new CredentialUnavailableError(
        "FederatedTokenCredential: no tenant id. Pass tenantId or set AZURE_TENANT_ID to the Directory (tenant) ID " +
          "of the app registration or managed identity.",
      );
    }
    if (clientId === undefined) {
      throw new CredentialUnavailableError(
        "FederatedTokenCredential: no client id. Pass clientId or set AZURE_CLIENT_ID to the Application (client) ID " +
          "of the app registration or managed identity.",
      );
    }
    const exchange = createMsalTokenExchange({ ...this.#options, tenantId, clientId });
    this.#identity = { tenantId, clientId, exchange };
    return this.#identity;
  }

  /** One exchange for the cache: bounded by `timeoutMs`, aborted when every waiting caller gave up. */
  async #fetchToken(request: TokenRequest, cacheSignal: AbortSignal, claims: string | undefined) {
    const identity = this.#identity as Identity;
    const { clock, timeoutMs, provider } = this.#options;
    const timeout = timeoutSignal(timeoutMs, "timeoutMs");
    const signal = AbortSignal.any([cacheSignal, timeout.signal]);
    try {
      const exchanged = await identity.exchange({
        scopes: request.scopes,
        tenantId: request.tenantId,
        enableCae: request.enableCae,
        ...(claims !== undefined ? { claims } : {}),
        signal,
        deadline: Date.now() + timeoutMs,
      });
      // The lifetimes count from when the request was sent, mapped onto the credential's clock.
      const issuedAt = clock() - (Date.now() - exchanged.sentAt);
      const expiresOnTimestamp = issuedAt + exchanged.expiresInMs;
      const token: CachedAccessToken = Object.freeze({
        token: exchanged.accessToken,
        expiresOnTimestamp,
        refreshAfterTimestamp: refreshAfterTimestamp(
          issuedAt,
          expiresOnTimestamp,
          exchanged.refreshInMs === undefined ? undefined : issuedAt + exchanged.refreshInMs,
        ),
        tokenType: "Bearer",
      });
      logger.info(
        `FederatedTokenCredential: token for scopes ${request.scopes.join(" ")} in tenant ${request.tenantId} ` +
          `(client id ${identity.clientId}, assertion from ${provider.name}${request.enableCae ? ", CAE" : ""}` +
          `${claims !== undefined ? ", claims challenge" : ""}); expires ${new Date(expiresOnTimestamp).toISOString()}, ` +
          `refresh after ${new Date(token.refreshAfterTimestamp).toISOString()}`,
      );
      return token;
    } finally {
      timeout.dispose();
    }
  }
}

/** The caller's abort signal and `requestOptions.timeout` as one signal (or none when neither is given). */
function callerSignal(options: GetTokenOptions): { signal: AbortSignal | undefined; dispose: () => void } {
  const signals: AbortSignal[] = [];
  const abortSignal = options.abortSignal;
  if (abortSignal) {
    if (abortSignal instanceof AbortSignal) {
      signals.push(abortSignal);
    } else {
      // An AbortSignalLike from another implementation: mirrored into a real AbortSignal.
      const controller = new AbortController();
      if (abortSignal.aborted) controller.abort(abortError());
      else abortSignal.addEventListener("abort", () => controller.abort(abortError()), { once: true });
      signals.push(controller.signal);
    }
  }
  const timeoutMs = options.requestOptions?.timeout;
  let dispose = (): void => undefined;
  // Longer than a timer can wait is longer than the credential's own timeoutMs (at most MAX_TIMER_MS):
  // ignored, not turned into a 1 ms timer.
  if (timeoutMs !== undefined && timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS) {
    const timeout = timeoutSignal(timeoutMs, "requestOptions.timeout");
    signals.push(timeout.signal);
    dispose = timeout.dispose;
  }
  if (signals.length === 0) return { signal: undefined, dispose };
  return { signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals), dispose };
}

/** A signal that aborts after `ms` with a `TimeoutError` naming the setting; its timer never keeps the process alive. */
function timeoutSignal(ms: number, setting: string): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(
    () =>
      controller.abort(
        new DOMException(
          `FederatedTokenCredential: getting a token took longer than ${ms} ms (${setting}).`,
          "TimeoutError",
        ),
      ),
    ms,
  );
  timer.unref?.();
  return { signal: controller.signal, dispose: () => clearTimeout(timer) };
}

function abortError(): DOMException {
  return new DOMException("FederatedTokenCredential: the token request was aborted.", "AbortError");
}

/** One scope string and no option that changes the cache key or bypasses the cache. */
function isPlainRequest(scopes: string | string[], options: GetTokenOptions): scopes is string {
  return (
    typeof scopes === "string" &&
    options.tenantId === undefined &&
    options.enableCae !== true &&
    !options.claims &&
    options.proofOfPossessionOptions === undefined
  );
}
