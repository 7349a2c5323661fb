import type { Dispatcher } from "undici";
import { shorten } from "./bounded-text";
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
  /**
   * Epoch ms (real time) no retry wait may reach: a wait that would is not started. Default: now plus
   * `timeoutMs`. A caller whose own deadline comes before `timeoutMs` passes it here.
   */
  readonly deadline?: number;
  /**
   * The most bytes read of an answer's body (after decompression); a longer body is refused with an
   * {@link HttpRequestError} of reason `"too-large"`. Default {@link MAX_RESPONSE_BODY_BYTES}.
   */
  readonly maxBodyBytes?: number;
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
 * The most bytes {@link sendRequest} reads of an answer's body unless told otherwise: 1 MiB. Token
 * replies, OIDC tokens and discovery documents are a few kilobytes.
 *
 * @example
 * ```ts
 * await sendRequest({ url, maxBodyBytes: MAX_RESPONSE_BODY_BYTES / 4 });
 * ```
 */
export const MAX_RESPONSE_BODY_BYTES = 1024 * 1024;

/**
 * Why {@link sendRequest} had no usable answer:
 * - `network`: the connection failed on every attempt;
 * - `timeout`: the overall budget passed; `aborted`: the caller's signal fired;
 * - `too-large`: the body was longer than `maxBodyBytes` (not retried);
 * - `throttled`: the server asked to wait (`Retry-After`) longer than the budget or `maxDelayMs` allow;
 * - `certificate`: the server's TLS certificate was not trusted (not retried: retrying cannot help).
 *
 * @example
 * ```ts
 * const reason: HttpRequestFailure = "throttled";
 * ```
 */
export type HttpRequestFailure =
  | "network"
  | "timeout"
  | "aborted"
  | "too-large"
  | "throttled"
  | "certificate";

/**
 * Thrown by {@link sendRequest} when no usable HTTP answer was had: the network failed on every
 * attempt, the overall timeout passed, the caller aborted, the body was too large, the server
 * throttled for longer than the budget, or its certificate was not trusted. The message says which,
 * and what to do.
 *
 * @example
 * ```ts
 * try { await sendRequest({ url }); } catch (e) { if (e instanceof HttpRequestError) console.log(e.reason); }
 * ```
 */
export class HttpRequestError extends Error {
  override readonly name = "HttpRequestError";
  /** What went wrong: see {@link HttpRequestFailure}. */
  readonly reason: HttpRequestFailure;
  /** Attempts made, the first included. */
  readonly attempts: number;
  /** For `throttled`: how long the server asked to wait, in ms. */
  readonly retryAfterMs: number | undefined;
  /** For `throttled` and `too-large`: the HTTP status of the answer. */
  readonly statusCode: number | undefined;

  constructor(
    reason: HttpRequestFailure,
    url: string,
    attempts: number,
    cause?: unknown,
    details: { readonly statusCode?: number; readonly retryAfterMs?: number; readonly detail?: string } = {},
  ) {
    super(
      redact(
        `Request to ${safeUrl(url)} ${describeFailure(reason, cause, details)} after ${attempts} attempt(s)`,
      ),
      {
        cause,
      },
    );
    this.reason = reason;
    this.attempts = attempts;
    this.retryAfterMs = details.retryAfterMs;
    this.statusCode = details.statusCode;
  }
}

function describeFailure(
  reason: HttpRequestFailure,
  cause: unknown,
  details: { readonly statusCode?: number; readonly retryAfterMs?: number; readonly detail?: string },
): string {
  switch (reason) {
    case "timeout":
      return "timed out";
    case "aborted":
      return "was aborted";
    case "too-large":
      return `was refused: the answer (HTTP ${details.statusCode}) is ${details.detail}; no token, OIDC token or error reply is that large, so the wrong server (or a proxy) answered: check the URL and any proxy in between`;
    case "throttled":
      return `was throttled: the server answered HTTP ${details.statusCode} and asked to wait ${Math.ceil((details.retryAfterMs ?? 0) / 1000)} s (Retry-After), ${details.detail}. Not waiting: try again after ${retryTime(details.retryAfterMs ?? 0)}`;
    case "certificate":
      return `failed: the server's TLS certificate was not trusted (${cause instanceof Error ? describeNetworkError(cause) : String(cause)}). Not retried: ${certificateAdvice(networkErrorCode(cause))}`;
    default:
      return `failed: ${cause instanceof Error ? describeNetworkError(cause) : String(cause)}`;
  }
}

function retryTime(retryAfterMs: number): string {
  const at = Date.now() + retryAfterMs;
  return Number.isFinite(at) && at < 8.64e15 ? new Date(at).toISOString() : "a long while";
}

/** TLS verification failures: retrying cannot fix them; the message says what can. */
const CERTIFICATE_ERROR_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REVOKED",
  "CERT_SIGNATURE_FAILURE",
  "CERT_CHAIN_TOO_LONG",
  "INVALID_CA",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_TLS_CERT_ALTNAME_FORMAT",
]);

function certificateAdvice(code: string | undefined): string {
  const intercepted =
    "if the server should have a public certificate, a proxy or firewall between here and it is intercepting TLS (trust its CA, or have it let this host through)";
  if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID") {
    return `check this machine's clock; otherwise the server's certificate is out of date, or ${intercepted}`;
  }
  if (code?.startsWith("ERR_TLS_CERT_ALTNAME")) {
    return `the certificate is for another host name: check the URL (authorityHost, the platform's token URL), or ${intercepted}`;
  }
  return `if the server uses a private CA, trust it with NODE_EXTRA_CA_CERTS=/path/to/ca.pem (or pass a dispatcher that trusts it); ${intercepted}`;
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

/**
 * The wait a server asks for: `x-ms-retry-after-ms` (milliseconds), else `Retry-After` as delta
 * seconds or an HTTP date (RFC 9110 §10.2.3). Anything else (a negative number, a fraction, text that
 * only `Date.parse` would read, such as "-5" as the year −5) is ignored, so the backoff applies.
 */
function serverRetryDelayMs(headers: Headers | undefined, now: number): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("x-ms-retry-after-ms")?.trim();
  if (ms && ms.length <= 16 && /^\d+(\.\d+)?$/.test(ms)) return Number(ms);
  const retryAfter = headers.get("retry-after")?.trim();
  if (!retryAfter || retryAfter.length > 64) return undefined;
  if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
  if (!HTTP_DATE.test(retryAfter)) return undefined;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** IMF-fixdate and the two obsolete forms: a day name, then the date, then the time. */
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? [ 0-9A-Za-z-]+ \d\d:\d\d:\d\d( GMT| \d{4})?$/;

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
  const maxDelayMs = request.retry?.maxDelayMs ?? 30_000;
  const maxBodyBytes = request.maxBodyBytes ?? MAX_RESPONSE_BODY_BYTES;
  const timeoutMs = request.timeoutMs ?? 30_000;
  const deadline = request.deadline ?? Date.now() + timeoutMs;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const dispatcher = request.dispatcher ?? (await defaultDispatcher());
  const fetch = await fetchFor(dispatcher);
  const caller = request.caller ?? "azfed";
  let url = String(request.url);

  for (let attempt = 1; ; attempt++) {
    let response: UndiciResponse | undefined;
    let answer: HttpResponse | undefined;
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
      // The body is read inside the attempt: a connection reset mid-body is retried like one before it.
      if (!isRetryableStatus(response.status))
        answer = await readAnswer(response, url, maxBodyBytes, attempt);
    } catch (error) {
      if (error instanceof HttpRequestError) throw error;
      failure = error;
      response = undefined;
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
    if (answer) {
      logger.verbose(
        `${caller}: ${request.method ?? "GET"} ${safeUrl(url)} -> ${answer.status} in ${Date.now() - started} ms`,
      );
      return answer;
    }
    if (CERTIFICATE_ERROR_CODES.has(networkErrorCode(failure) ?? "")) {
      logger.verbose(`${caller}: ${safeUrl(url)}: TLS certificate not trusted; not retrying`);
      throw new HttpRequestError("certificate", url, attempt, failure);
    }

    const now = Date.now();
    const asked = serverRetryDelayMs(response?.headers, now);
    if (
      response &&
      asked !== undefined &&
      attempt <= maxRetries &&
      (asked > maxDelayMs || now + asked >= deadline)
    ) {
      await response.body?.cancel();
      const why =
        asked > maxDelayMs
          ? `more than retry.maxDelayMs (${maxDelayMs} ms) allows`
          : `more than the ${Math.max(0, Math.round((deadline - now) / 1000))} s left of the request's budget`;
      logger.verbose(
        `${caller}: ${safeUrl(url)} gave status ${response.status} asking to wait ${asked} ms; not waiting`,
      );
      throw new HttpRequestError("throttled", url, attempt, undefined, {
        statusCode: response.status,
        retryAfterMs: asked,
        detail: why,
      });
    }
    const delay = retryDelayMs(attempt, response?.headers, request.retry, now);
    const canRetry = attempt <= maxRetries && now + delay < deadline;
    const what = response ? `status ${response.status}` : `network error (${describeNetworkError(failure)})`;
    if (!canRetry) {
      logger.verbose(`${caller}: ${safeUrl(url)} gave ${what} on attempt ${attempt}; not retrying`);
      if (response) return readAnswer(response, url, maxBodyBytes, attempt, signal);
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

/**
 * Reads an answer's body, at most `maxBodyBytes` of it, as it streams in: a longer body (declared or
 * actual) is cancelled and refused. With `signal`, a failure while reading is final (no retry is left);
 * without, it is thrown as is for the retry loop to judge.
 */
async function readAnswer(
  response: UndiciResponse,
  url: string,
  maxBodyBytes: number,
  attempt: number,
  signal?: AbortSignal,
): Promise<HttpResponse> {
  const tooLarge = (detail: string): HttpRequestError =>
    new HttpRequestError("too-large", url, attempt, undefined, { statusCode: response.status, detail });
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBodyBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(`declared as ${declared} bytes, more than the ${maxBodyBytes} bytes azfed reads`);
  }
  let body = "";
  if (response.body) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let received = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.byteLength;
        if (received > maxBodyBytes) {
          await reader.cancel().catch(() => undefined);
          throw tooLarge(`longer than the ${maxBodyBytes} bytes azfed reads`);
        }
        body += decoder.decode(value, { stream: true });
      }
      body += decoder.decode();
    } catch (error) {
      if (error instanceof HttpRequestError || signal === undefined) throw error;
      throw new HttpRequestError(signal.aborted ? "timeout" : "network", url, attempt, error);
    }
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
  if (!(error instanceof Error)) return shorten(String(error), 500);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const text = [error.message, cause?.message, networkErrorCode(error)].filter(Boolean).join(": ");
  return redact(shorten(text, 500));
}

/** The `code` of a network error (undici puts the system's error in `cause`), e.g. `ECONNRESET`. */
function networkErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    if ("code" in current && typeof current.code === "string") return current.code;
    current = current.cause;
  }
  return undefined;
}
