import type { Dispatcher } from "undici";
import { logger } from "./logger";
import { redact } from "./redact";

/**
 * How a request is retried. Retries happen on 408, 429, 500, 502, 503, 504 and network errors, with
 * exponential backoff and full jitter, honouring `Retry-After` and `x-ms-retry-after-ms`.
 *
 * @example
 * ```ts
 * const retry: RetryOptions = { maxRetries: 5, baseDelayMs: 200, maxDelayMs: 10_000 };
 * ```
 */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  readonly maxRetries?: number;
  /** The first backoff step. Default 500 ms. */
  readonly baseDelayMs?: number;
  /** No single wait is longer than this, whatever the server asks. Default 30 s. */
  readonly maxDelayMs?: number;
}

/**
 * One HTTP request made through {@link sendRequest}.
 *
 * @example
 * ```ts
 * const request: HttpRequest = {
 *   url: "https://example.test/token?audience=api%3A%2F%2FAzureADTokenExchange",
 *   headers: { authorization: `Bearer ${requestToken}` },
 *   timeoutMs: 10_000,
 * };
 * ```
 */
export interface HttpRequest {
  readonly url: string | URL;
  readonly method?: "GET" | "POST";
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Aborts the request and any wait between retries. */
  readonly signal?: AbortSignal;
  /** The overall budget for all attempts and waits. Default 30 s. */
  readonly timeoutMs?: number;
  readonly retry?: RetryOptions;
  /** An undici dispatcher (proxy, custom CA). Default: {@link defaultDispatcher}. */
  readonly dispatcher?: Dispatcher;
  /** Names the caller in log lines, e.g. "github-actions". */
  readonly caller?: string;
}

/**
 * The final answer to an {@link HttpRequest}, after retries and same-origin redirects.
 *
 * @example
 * ```ts
 * const response = await sendRequest({ url });
 * if (response.status !== 200) throw new Error(`status ${response.status}`);
 * const json = JSON.parse(response.body);
 * ```
 */
export interface HttpResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: string;
  /** The URL that answered (after same-origin redirects). */
  readonly url: string;
}

/**
 * Thrown by {@link sendRequest} when no HTTP answer was had: the network failed on every attempt,
 * the overall timeout passed, or the caller aborted.
 *
 * @example
 * ```ts
 * try { await sendRequest({ url }); } catch (e) { if (e instanceof HttpRequestError) console.log(e.reason); }
 * ```
 */
export class HttpRequestError extends Error {
  override readonly name = "HttpRequestError";
  /** "network", "timeout" or "aborted". */
  readonly reason: "network" | "timeout" | "aborted";
  /** Attempts made, the first included. */
  readonly attempts: number;

  constructor(reason: HttpRequestError["reason"], url: string, attempts: number, cause?: unknown) {
    const what =
      reason === "timeout"
        ? "timed out"
        : reason === "aborted"
          ? "was aborted"
          : `failed: ${cause instanceof Error ? describeNetworkError(cause) : String(cause)}`;
    super(redact(`Request to ${safeUrl(url)} ${what} after ${attempts} attempt(s)`), { cause });
    this.reason = reason;
    this.attempts = attempts;
  }
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const MAX_REDIRECTS = 5;

/**
 * Whether an HTTP status is worth retrying: 408, 429, 500, 502, 503 and 504.
 *
 * @example
 * ```ts
 * isRetryableStatus(429); // true
 * isRetryableStatus(400); // false
 * ```
 */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status);
}

/**
 * How long to wait before retry number `attempt` (1 for the first retry): the server's
 * `x-ms-retry-after-ms` or `Retry-After` (seconds or an HTTP date) when present, else exponential
 * backoff with full jitter; never more than `maxDelayMs`.
 *
 * @example
 * ```ts
 * retryDelayMs(1, new Headers({ "retry-after": "2" })); // 2000
 * ```
 */
export function retryDelayMs(
  attempt: number,
  headers?: Headers,
  options: RetryOptions = {},
  now: number = Date.now(),
): number {
  const maxDelay = options.maxDelayMs ?? 30_000;
  const fromServer = serverRetryDelayMs(headers, now);
  if (fromServer !== undefined) return Math.min(fromServer, maxDelay);
  const ceiling = Math.min(maxDelay, (options.baseDelayMs ?? 500) * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

function serverRetryDelayMs(headers: Headers | undefined, now: number): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("x-ms-retry-after-ms");
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Number(ms);
  const retryAfter = headers.get("retry-after")?.trim();
  if (!retryAfter) return undefined;
  if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

type Undici = typeof import("undici");
type Fetch = Undici["fetch"];
let undiciModule: Promise<Undici> | undefined;
let sharedProxyAgent: { readonly settings: string; readonly agent: Dispatcher } | undefined;

const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"];

/** undici, loaded at the first request that needs it, so that importing azfed stays cheap. */
function loadUndici(): Promise<Undici> {
  undiciModule ??= import("undici");
  return undiciModule;
}

/**
 * The dispatcher used when none is given: undici's `EnvHttpProxyAgent` when `HTTPS_PROXY`,
 * `HTTP_PROXY` (or their lower-case forms) are set, honouring `NO_PROXY`; otherwise `undefined`
 * (Node's own fetch and its global dispatcher). One agent is shared while the variables stay the same.
 *
 * @example
 * ```ts
 * await sendRequest({ url, dispatcher: await defaultDispatcher() });
 * ```
 */
export async function defaultDispatcher(
  env: NodeJS.ProcessEnv = process.env,
): Promise<Dispatcher | undefined> {
  if (!(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy)) return undefined;
  const settings = JSON.stringify(PROXY_VARIABLES.map((name) => env[name] ?? null));
  if (sharedProxyAgent?.settings !== settings) {
    const { EnvHttpProxyAgent } = await loadUndici();
    const variable = (upper: string): string | undefined => env[upper] ?? env[upper.toLowerCase()];
    const agent = new EnvHttpProxyAgent({
      ...(variable("HTTP_PROXY") ? { httpProxy: variable("HTTP_PROXY") } : {}),
      ...(variable("HTTPS_PROXY") ? { httpsProxy: variable("HTTPS_PROXY") } : {}),
      ...(variable("NO_PROXY") !== undefined ? { noProxy: variable("NO_PROXY") } : {}),
    });
    sharedProxyAgent = { settings, agent };
  }
  return sharedProxyAgent.agent;
}

/**
 * The fetch for a request: undici's when a dispatcher applies (its own, or the proxy agent), so the
 * dispatcher and the fetch come from the same undici; otherwise Node's built-in fetch, which costs
 * nothing to load (the undici package takes some 200 ms to import).
 */
async function fetchFor(dispatcher: Dispatcher | undefined): Promise<Fetch> {
  if (dispatcher === undefined) return globalThis.fetch as unknown as Fetch;
  return (await loadUndici()).fetch;
}

/**
 * Sends an HTTP request with retries, an overall timeout and abort support. Non-2xx answers are
 * returned, not thrown: the caller knows what its platform's answers mean. Redirects are followed
 * only within the same origin, so a bearer credential never travels to another host; a cross-origin
 * redirect is returned as the 3xx answer.
 *
 * @example
 * ```ts
 * const response = await sendRequest({
 *   url: `${requestUrl}&audience=${encodeURIComponent(audience)}`,
 *   headers: { authorization: `Bearer ${requestToken}` },
 *   signal,
 *   caller: "github-actions",
 * });
 * ```
 */
export async function sendRequest(request: HttpRequest): Promise<HttpResponse> {
  const maxRetries = request.retry?.maxRetries ?? 3;
  const timeoutMs = request.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const dispatcher = request.dispatcher ?? (await defaultDispatcher());
  const fetch = await fetchFor(dispatcher);
  const caller = request.caller ?? "azfed";
  let url = String(request.url);

  for (let attempt = 1; ; attempt++) {
    let response: UndiciResponse | undefined;
    let failure: unknown;
    const started = Date.now();
    try {
      for (let redirects = 0; ; redirects++) {
        response = await fetch(url, {
          method: request.method ?? "GET",
          headers: request.headers,
          body: request.body,
          signal,
          redirect: "manual",
          ...(dispatcher ? { dispatcher } : {}),
        });
        const location = response.headers.get("location");
        if (response.status < 300 || response.status >= 400 || !location || redirects >= MAX_REDIRECTS) break;
        const next = new URL(location, url);
        if (next.origin !== new URL(url).origin) break;
        await response.body?.cancel();
        url = next.href;
      }
    } catch (error) {
      failure = error;
    }

    if (signal.aborted) {
      const reason = request.signal?.aborted ? "aborted" : "timeout";
      throw new HttpRequestError(
        reason,
        url,
        attempt,
        request.signal?.aborted ? request.signal.reason : failure,
      );
    }
    if (response && !isRetryableStatus(response.status)) {
      logger.verbose(
        `${caller}: ${request.method ?? "GET"} ${safeUrl(url)} -> ${response.status} in ${Date.now() - started} ms`,
      );
      return toHttpResponse(response, url, signal);
    }

    const delay = retryDelayMs(attempt, response?.headers, request.retry);
    const canRetry = attempt <= maxRetries && Date.now() + delay < deadline;
    const what = response ? `status ${response.status}` : `network error (${describeNetworkError(failure)})`;
    if (!canRetry) {
      logger.verbose(`${caller}: ${safeUrl(url)} gave ${what} on attempt ${attempt}; not retrying`);
      if (response) return toHttpResponse(response, url, signal);
      throw new HttpRequestError("network", url, attempt, failure);
    }
    logger.verbose(`${caller}: ${safeUrl(url)} gave ${what} on attempt ${attempt}; retrying in ${delay} ms`);
    await response?.body?.cancel();
    try {
      await sleep(delay, signal);
    } catch {
      throw new HttpRequestError(
        request.signal?.aborted ? "aborted" : "timeout",
        url,
        attempt,
        request.signal?.reason,
      );
    }
  }
}

type UndiciResponse = Awaited<ReturnType<Fetch>>;

async function toHttpResponse(
  response: UndiciResponse,
  url: string,
  signal: AbortSignal,
): Promise<HttpResponse> {
  let body: string;
  try {
    body = await response.text();
  } catch (error) {
    throw new HttpRequestError(signal.aborted ? "timeout" : "network", url, 1, error);
  }
  return {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers as Headers,
    body,
    url,
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** The URL without its query string, which may carry identifiers users do not want in logs. */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return "<invalid URL>";
  }
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = cause && "code" in cause ? String((cause as { code: unknown }).code) : undefined;
  return redact([error.message, cause?.message, code].filter(Boolean).join(": "));
}
