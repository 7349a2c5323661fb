import type { Dispatcher } from "undici";
import { logger } from "../logger";
import { MAX_TIMER_MS } from "../provider/check-options";
import { CERTIFICATE_ERROR_CODES } from "./certificate-error";
import { defaultDispatcher, isLocalEndpoint, transportFor } from "./default-dispatcher";
import { describeNetworkError, HttpRequestError, networkErrorCode, safeUrl } from "./http-request-error";
import { isRetryableStatus, type RetryOptions, retryDelayMs, serverRetryDelayMs } from "./retry";
import type { ResponseHeaders, TransportResponse } from "./transport";

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
  readonly method?: "GET" | "POST" | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly body?: string | undefined;
  /** Aborts the request and any wait between retries. */
  readonly signal?: AbortSignal | undefined;
  /** The overall budget for all attempts and waits. Default 30 s. */
  readonly timeoutMs?: number | undefined;
  /**
   * Epoch ms (real time) no retry wait may reach: a wait that would is not started. Default: now plus
   * `timeoutMs`. A caller whose own deadline comes before `timeoutMs` passes it here.
   */
  readonly deadline?: number | undefined;
  /**
   * The most bytes read of an answer's body (after decompression); a longer body is refused with an
   * {@link HttpRequestError} of reason `"too-large"`. Default {@link MAX_RESPONSE_BODY_BYTES}.
   */
  readonly maxBodyBytes?: number | undefined;
  readonly retry?: RetryOptions | undefined;
  /** An undici dispatcher (proxy, custom CA). Default: {@link defaultDispatcher}. */
  readonly dispatcher?: Dispatcher | undefined;
  /** Names the caller in log lines, e.g. "github-actions". */
  readonly caller?: string | undefined;
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
  readonly headers: ResponseHeaders;
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

const MAX_REDIRECTS = 5;

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
  // A timer longer than 2^31-1 ms fires after 1 ms: a longer budget (e.g. a caller's deadline) is capped.
  const timeout = AbortSignal.timeout(Math.min(timeoutMs, MAX_TIMER_MS));
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  // Loopback and link-local endpoints (IMDS, App Service's identity endpoint) never go through a proxy.
  const dispatcher =
    request.dispatcher ?? (isLocalEndpoint(String(request.url)) ? undefined : await defaultDispatcher());
  const send = transportFor(dispatcher);
  const caller = request.caller ?? "azfed";
  let url = String(request.url);
  const secrets = requestSecrets(request);

  for (let attempt = 1; ; attempt++) {
    let response: TransportResponse | undefined;
    let answer: HttpResponse | undefined;
    let failure: unknown;
    const started = Date.now();
    try {
      for (let redirects = 0; ; redirects++) {
        response = await send({
          url,
          method: request.method ?? "GET",
          ...(request.headers ? { headers: request.headers } : {}),
          ...(request.body !== undefined ? { body: request.body } : {}),
          signal,
        });
        const location = response.headers.get("location");
        if (response.status < 300 || response.status >= 400 || !location || redirects >= MAX_REDIRECTS) break;
        const next = new URL(location, url);
        if (next.origin !== new URL(url).origin) break;
        await response.cancel();
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
        { secrets },
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
      throw new HttpRequestError("certificate", url, attempt, failure, { secrets });
    }

    const now = Date.now();
    const asked = serverRetryDelayMs(response?.headers, now);
    if (
      response &&
      asked !== undefined &&
      attempt <= maxRetries &&
      (asked > maxDelayMs || now + asked >= deadline)
    ) {
      await response.cancel();
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
      if (response) return readAnswer(response, url, maxBodyBytes, attempt, { signal, secrets });
      throw new HttpRequestError("network", url, attempt, failure, { secrets });
    }
    logger.verbose(`${caller}: ${safeUrl(url)} gave ${what} on attempt ${attempt}; retrying in ${delay} ms`);
    await response?.cancel();
    try {
      await sleep(delay, signal);
    } catch {
      throw new HttpRequestError(
        request.signal?.aborted ? "aborted" : "timeout",
        url,
        attempt,
        request.signal?.reason,
        { secrets },
      );
    }
  }
}

/**
 * The secrets a request carries, for {@link HttpRequestError} to scrub from what it keeps of a
 * transport's error (whose raw bytes may echo the request): its header values (a bearer token,
 * `X-IDENTITY-HEADER`), its body and each of its form fields (`client_assertion`).
 */
function requestSecrets(request: HttpRequest): string[] {
  const secrets = Object.values(request.headers ?? {});
  if (request.body) {
    secrets.push(request.body);
    for (const value of new URLSearchParams(request.body).values()) secrets.push(value);
  }
  return secrets;
}

/**
 * Reads an answer's body, at most `maxBodyBytes` of it, as it streams in: a longer body (declared or
 * actual) is cancelled and refused. With `final`, a failure while reading is final (no retry is left);
 * without, it is thrown as is for the retry loop to judge.
 */
async function readAnswer(
  response: TransportResponse,
  url: string,
  maxBodyBytes: number,
  attempt: number,
  final?: { readonly signal: AbortSignal; readonly secrets: readonly string[] },
): Promise<HttpResponse> {
  const tooLarge = (detail: string): HttpRequestError =>
    new HttpRequestError("too-large", url, attempt, undefined, { statusCode: response.status, detail });
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBodyBytes) {
    await response.cancel();
    throw tooLarge(`declared as ${declared} bytes, more than the ${maxBodyBytes} bytes azfed reads`);
  }
  let body = "";
  const decoder = new TextDecoder();
  let received = 0;
  try {
    for (let chunk = await response.read(); chunk !== undefined; chunk = await response.read()) {
      received += chunk.byteLength;
      if (received > maxBodyBytes) {
        await response.cancel();
        throw tooLarge(`longer than the ${maxBodyBytes} bytes azfed reads`);
      }
      body += decoder.decode(chunk, { stream: true });
    }
    body += decoder.decode();
  } catch (error) {
    if (error instanceof HttpRequestError || final === undefined) throw error;
    throw new HttpRequestError(final.signal.aborted ? "timeout" : "network", url, attempt, error, {
      secrets: final.secrets,
    });
  }
  return {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
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
