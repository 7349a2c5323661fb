import { abortable } from "../async/abortable";
import type { AccessToken } from "./token-credential";

/**
 * An access token as the cache keeps it and `getToken` returns it (frozen).
 *
 * @example
 * ```ts
 * const token: CachedAccessToken = await credential.getToken("https://vault.azure.net/.default");
 * setTimeout(refresh, token.refreshAfterTimestamp - Date.now());
 * ```
 */
export interface CachedAccessToken extends AccessToken {
  readonly token: string;
  readonly expiresOnTimestamp: number;
  /** From this time on, the next `getToken` starts one background refresh and still returns this token. */
  readonly refreshAfterTimestamp: number;
  readonly tokenType: "Bearer";
}

const FIVE_MINUTES = 5 * 60_000;

/**
 * When a token should be refreshed: at Entra's `refresh_in` when it sent one, else after half the
 * token's lifetime, and never later than 5 minutes before expiry. A token that lives less than
 * 10 minutes cannot satisfy both the half-life and the 5-minute rule; it is refreshed after half its
 * life, so that short-lived tokens do not trigger a refresh on every call.
 *
 * @param issuedAt - When the token was requested, epoch ms.
 * @param expiresOnTimestamp - When it expires, epoch ms.
 * @param refreshOnTimestamp - `issuedAt + refresh_in`, when Entra sent `refresh_in`.
 *
 * @example
 * ```ts
 * const hour = 3_600_000;
 * refreshAfterTimestamp(0, hour); // 1_800_000 (half of an hour-long token)
 * refreshAfterTimestamp(0, 24 * hour, 12 * hour); // 43_200_000 (refresh_in)
 * refreshAfterTimestamp(0, hour, hour); // 3_300_000 (5 minutes before expiry)
 * ```
 */
export function refreshAfterTimestamp(
  issuedAt: number,
  expiresOnTimestamp: number,
  refreshOnTimestamp?: number,
): number {
  const halfLife = issuedAt + (expiresOnTimestamp - issuedAt) / 2;
  const fiveMinutesBefore = expiresOnTimestamp - FIVE_MINUTES;
  const latest = Math.max(fiveMinutesBefore, halfLife);
  const preferred = refreshOnTimestamp ?? halfLife;
  return Math.round(Math.max(issuedAt, Math.min(preferred, latest)));
}

/**
 * Fetches a token for a cache miss. `signal` aborts when every caller waiting for it has given up;
 * `claims` is set when a caller passed a CAE claims challenge.
 *
 * @example
 * ```ts
 * const fetchToken: TokenFetcher<{ scopes: string[] }> = (request, signal, claims) =>
 *   exchange({ ...request, claims, signal });
 * ```
 */
export type TokenFetcher<R> = (
  request: R,
  signal: AbortSignal,
  claims?: string,
) => Promise<CachedAccessToken>;

/**
 * Options of a {@link TokenCache}.
 *
 * @example
 * ```ts
 * const options: TokenCacheOptions<Request> = { fetch: exchange, clock: () => fakeNow };
 * ```
 */
export interface TokenCacheOptions<R> {
  readonly fetch: TokenFetcher<R>;
  /** Epoch ms; default `Date.now`. Tests pass a controlled clock. */
  readonly clock?: (() => number) | undefined;
  /** After a failed background refresh, wait this long (clock time) before trying again. Default 30 s. */
  readonly refreshRetryDelayMs?: number | undefined;
  /** Told about a failed background refresh; the cached token keeps being served until it expires. */
  readonly onBackgroundRefreshError?: ((error: unknown, request: R) => void) | undefined;
}

interface Entry<R> {
  readonly token: CachedAccessToken;
  readonly request: R;
  refreshAt: number;
}

interface Flight {
  readonly key: string;
  readonly controller: AbortController;
  readonly promise: Promise<CachedAccessToken>;
  waiters: number;
}

/**
 * An in-memory token cache with single-flight fetching and refresh-ahead:
 * - a hit returns the cached token synchronously, with no I/O;
 * - concurrent misses for one key share one fetch, which is aborted only when every waiting caller
 *   has aborted;
 * - from `refreshAfterTimestamp` on, a hit starts one background refresh and keeps returning the cached
 *   token; if the refresh fails, the cached token is served until it expires (and a refresh is tried
 *   again after `refreshRetryDelayMs`);
 * - a call with `claims` skips the cache and replaces the entry.
 *
 * @example
 * ```ts
 * const cache = new TokenCache({ fetch: (request, signal) => exchange(request, signal) });
 * const token = cache.lookup(key) ?? (await cache.get(key, request, { signal }));
 * ```
 */
export class TokenCache<R> {
  readonly #fetch: TokenFetcher<R>;
  readonly #clock: () => number;
  readonly #refreshRetryDelayMs: number;
  readonly #onBackgroundRefreshError: ((error: unknown, request: R) => void) | undefined;
  readonly #entries = new Map<string, Entry<R>>();
  readonly #flights = new Map<string, Flight>();

  constructor(options: TokenCacheOptions<R>) {
    this.#fetch = options.fetch;
    this.#clock = options.clock ?? Date.now;
    this.#refreshRetryDelayMs = options.refreshRetryDelayMs ?? 30_000;
    this.#onBackgroundRefreshError = options.onBackgroundRefreshError;
  }

  /**
   * The cached, unexpired token for `key`, or `undefined`. Starts a background refresh when the
   * token is due for one. Never does I/O itself.
   */
  lookup(key: string): CachedAccessToken | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    const now = this.#clock();
    if (now >= entry.token.expiresOnTimestamp) {
      this.#entries.delete(key);
      return undefined;
    }
    if (now >= entry.refreshAt && !this.#flights.has(key)) this.#refreshInBackground(key, entry, now);
    return entry.token;
  }

  /**
   * The token for `key`: from the cache, from a fetch already under way for the same key, or from a
   * new fetch of `request`. With `claims`, always a new fetch whose token replaces the entry.
   * `signal` stops this caller's wait (and the fetch, when no other caller waits for it).
   */
  get(
    key: string,
    request: R,
    options: { signal?: AbortSignal | undefined; claims?: string | undefined } = {},
  ): Promise<CachedAccessToken> {
    const { signal, claims } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (claims === undefined) {
      const hit = this.lookup(key);
      if (hit) return Promise.resolve(hit);
      const running = this.#flights.get(key);
      if (running) return join(running, signal, this.#flights);
    }
    const flight = this.#start(key, request, claims, claims === undefined);
    return join(flight, signal, this.#flights);
  }

  /** Forgets every cached token (fetches under way still complete and fill the cache). */
  clear(): void {
    this.#entries.clear();
  }

  /** How many tokens are cached. */
  get size(): number {
    return this.#entries.size;
  }

  #start(key: string, request: R, claims: string | undefined, shared: boolean): Flight {
    const controller = new AbortController();
    const promise = this.#fetch(request, controller.signal, claims).then((token) => {
      this.#entries.set(key, { token, request, refreshAt: token.refreshAfterTimestamp });
      return token;
    });
    const flight: Flight = { key, controller, promise, waiters: 0 };
    // Settled whatever happens, so a fetch nobody waits for any more never rejects unhandled.
    promise.then(
      () => this.#forget(flight),
      () => this.#forget(flight),
    );
    if (shared) this.#flights.set(key, flight);
    return flight;
  }

  #forget(flight: Flight): void {
    if (this.#flights.get(flight.key) === flight) this.#flights.delete(flight.key);
  }

  #refreshInBackground(key: string, entry: Entry<R>, now: number): void {
    // Pushed forward before starting: a failed refresh is not retried before this.
    entry.refreshAt = now + this.#refreshRetryDelayMs;
    const flight = this.#start(key, entry.request, undefined, true);
    flight.waiters = 1; // the cache itself waits: callers' aborts never cancel a background refresh
    flight.promise.catch((error: unknown) => this.#onBackgroundRefreshError?.(error, entry.request));
  }
}

function join(
  flight: Flight,
  signal: AbortSignal | undefined,
  flights: Map<string, Flight>,
): Promise<CachedAccessToken> {
  flight.waiters++;
  // A caller that cannot abort keeps the fetch alive; the last waiter to leave aborts it.
  return abortable(flight.promise, signal, () => {
    flight.waiters--;
    if (flight.waiters === 0) {
      if (flights.get(flight.key) === flight) flights.delete(flight.key);
      // Stryker disable next-line OptionalChaining: abortable calls this only once `signal` has aborted, so it is defined
      flight.controller.abort(signal?.reason);
    }
  });
}
