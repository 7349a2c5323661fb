import type { Dispatcher } from "undici";
import { logger } from "../logger";
import { defaultDispatcher, type Fetch, fetchFor } from "./default-dispatcher";
import { describeNetworkError, HttpRequestError, safeUrl } from "./http-request-error";
import { isRetryableStatus, type RetryOptions, retryDelayMs } from "./retry";

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
