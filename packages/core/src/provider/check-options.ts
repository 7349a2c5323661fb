import { InvalidInputError } from "../errors/invalid-input-error";
import type { RetryOptions } from "../http/retry";
import type { ProviderOptions } from "./provider-options";

/**
 * The longest delay a Node.js timer runs: 2^31−1 ms (about 24.8 days). `setTimeout` and
 * `AbortSignal.timeout` fire after 1 ms instead for anything longer, so no time option may exceed it.
 *
 * @see https://nodejs.org/api/timers.html#settimeoutcallback-delay-args (a delay larger than
 *   2147483647 is set to 1; note added by nodejs/node#3512, commit 7fd8f13; seen on Node v20.20 here:
 *   `TimeoutOverflowWarning: 3000000000 does not fit into a 32-bit signed integer`)
 *
 * @example
 * ```ts
 * setTimeout(done, Math.min(ms, MAX_TIMER_MS));
 * ```
 */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * The one check of a duration option (`timeoutMs`, `detectTimeoutMs`, `probeTimeoutMs`,
 * `retry.baseDelayMs`, `retry.maxDelayMs`, ...): `undefined` (the caller's default applies), or a
 * finite number of milliseconds greater than 0 and at most {@link MAX_TIMER_MS}. Fractions are
 * allowed, as timers allow them.
 *
 * @param field - The option's name as the caller wrote it, e.g. `timeoutMs` or `retry.maxDelayMs`.
 * @returns the value, or `undefined` when it is `undefined`.
 * @throws `InvalidInputError` naming `field`.
 *
 * @example
 * ```ts
 * const timeoutMs = checkMilliseconds("timeoutMs", options.timeoutMs) ?? 30_000;
 * checkMilliseconds("timeoutMs", 3e9); // throws: longer than a timer can wait
 * ```
 */
export function checkMilliseconds(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw new InvalidInputError({
      field,
      value,
      expected: `a positive number of milliseconds, finite and at most ${MAX_TIMER_MS} (about 24.8 days, the longest a Node.js timer waits)`,
      fix: `leave ${field} out for its default, or pass a number of milliseconds such as 10000`,
    });
  }
  return value;
}

/**
 * The one check of a `retry` option: `undefined`, or an object whose `maxRetries` is an integer
 * ≥ 0 and whose `baseDelayMs` and `maxDelayMs` pass {@link checkMilliseconds}.
 *
 * @throws `InvalidInputError` naming the field, e.g. `retry.maxRetries`.
 *
 * @example
 * ```ts
 * const retry = checkRetryOptions(options.retry); // RetryOptions | undefined
 * checkRetryOptions({ maxRetries: -1 }); // throws InvalidInputError (retry.maxRetries)
 * ```
 */
export function checkRetryOptions(retry: unknown, field = "retry"): RetryOptions | undefined {
  if (retry === undefined) return undefined;
  if (typeof retry !== "object" || retry === null || Array.isArray(retry)) {
    throw new InvalidInputError({
      field,
      value: retry,
      expected: "an object such as { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 30000 }",
      fix: `leave ${field} out for 3 retries with backoff from 500 ms up to 30 s`,
    });
  }
  const { maxRetries, baseDelayMs, maxDelayMs } = retry as RetryOptions;
  if (maxRetries !== undefined && (!Number.isSafeInteger(maxRetries) || maxRetries < 0)) {
    throw new InvalidInputError({
      field: `${field}.maxRetries`,
      value: maxRetries,
      expected: "an integer >= 0 (retries after the first attempt)",
      fix: `leave ${field}.maxRetries out for 3, or pass 0 to never retry`,
    });
  }
  checkMilliseconds(`${field}.baseDelayMs`, baseDelayMs);
  checkMilliseconds(`${field}.maxDelayMs`, maxDelayMs);
  return retry as RetryOptions;
}

/**
 * The one check of the options every provider factory shares ({@link ProviderOptions}): `env` an
 * object, `dispatcher` an undici dispatcher, `retry` by {@link checkRetryOptions}, `timeoutMs` by
 * {@link checkMilliseconds}. Every built-in provider factory calls it first, so a bad value fails at
 * construction with the same `InvalidInputError` whichever provider got it; a new provider
 * calls it too (docs/adding-a-platform.md).
 *
 * @returns the options, unchanged.
 * @throws `InvalidInputError` naming the malformed option.
 *
 * @example
 * ```ts
 * export function myPlatform(options: MyPlatformOptions = {}): AssertionProvider {
 *   checkProviderOptions(options);
 *   return { name: "my-platform", getAssertion: (ctx) => fetchMyToken(options, ctx) };
 * }
 * ```
 */
export function checkProviderOptions<T extends ProviderOptions>(options: T): T {
  if (typeof options !== "object" || options === null) {
    throw new InvalidInputError({
      field: "options",
      value: options,
      expected: "an options object, or nothing",
      fix: "pass an object such as { timeoutMs: 10000 }, or call the factory without arguments",
    });
  }
  const { env, dispatcher } = options;
  if (env !== undefined && (typeof env !== "object" || env === null)) {
    throw new InvalidInputError({
      field: "env",
      value: env,
      expected: "an object of environment variables, such as process.env",
      fix: "leave env out to read process.env",
    });
  }
  if (
    dispatcher !== undefined &&
    (typeof dispatcher !== "object" || dispatcher === null || typeof dispatcher.dispatch !== "function")
  ) {
    throw new InvalidInputError({
      field: "dispatcher",
      value: dispatcher,
      expected: "an undici Dispatcher (an Agent, ProxyAgent or EnvHttpProxyAgent)",
      fix: "leave dispatcher out to use the default (proxy variables honoured)",
    });
  }
  checkRetryOptions(options.retry);
  checkMilliseconds("timeoutMs", options.timeoutMs);
  return options;
}
