import type { ResponseHeaders } from "./transport";

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
  readonly maxRetries?: number | undefined;
  /** The first backoff step. Default 500 ms. */
  readonly baseDelayMs?: number | undefined;
  /** No single wait is longer than this, whatever the server asks. Default 30 s. */
  readonly maxDelayMs?: number | undefined;
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

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
  headers?: ResponseHeaders,
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
export function serverRetryDelayMs(headers: ResponseHeaders | undefined, now: number): number | undefined {
  if (!headers) return undefined;
  // Headers strips the whitespace around a value: https://fetch.spec.whatwg.org/#concept-header-value-normalize
  const ms = headers.get("x-ms-retry-after-ms");
  if (ms && ms.length <= 16 && /^\d+(\.\d+)?$/.test(ms)) return Number(ms);
  const retryAfter = headers.get("retry-after");
  if (!retryAfter || retryAfter.length > 64) return undefined;
  if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
  if (!HTTP_DATE.test(retryAfter)) return undefined;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** IMF-fixdate and the two obsolete forms: a day name, then the date, then the time. */
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? [ 0-9A-Za-z-]+ \d\d:\d\d:\d\d( GMT| \d{4})?$/;
