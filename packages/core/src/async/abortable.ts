/**
 * The part of an abort signal azfed reads: `AbortSignal`, or the `AbortSignalLike` of
 * `@azure/core-auth`'s `GetTokenOptions` (whose `reason` may be missing).
 *
 * @example
 * ```ts
 * const signal: AbortSignalLike = AbortSignal.timeout(5_000);
 * ```
 */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  /** Calls `listener` when the signal aborts. */
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean | undefined }): void;
  /** Stops calling `listener`. */
  removeEventListener(type: "abort", listener: () => void): void;
}

/**
 * Waits for `promise`, or rejects as soon as `signal` aborts, with the signal's reason (an
 * `AbortError` when it has none). Only the wait is abandoned: the work behind `promise` goes on, so
 * a shared promise stays intact for its other callers, and a rejection of `promise` after the caller left
 * is handled (never an unhandled rejection), even when the signal had aborted already. `onAbort` runs
 * when this caller leaves.
 *
 * @example
 * ```ts
 * const detected = detectPlatformOnce(); // shared by every caller
 * const selection = await abortable(detected, options.abortSignal);
 * ```
 */
export function abortable<T>(
  promise: Promise<T>,
  signal: AbortSignalLike | undefined,
  onAbort?: () => void,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    // Abandoned unwatched, a later rejection of `promise` would be unhandled (and end the process).
    promise.catch(() => undefined);
    onAbort?.();
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const leave = (): void => {
      onAbort?.();
      reject(abortReason(signal));
    };
    signal.addEventListener("abort", leave, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", leave);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", leave);
        reject(error);
      },
    );
  });
}

/**
 * Why `signal` aborted: its `reason`, or an `AbortError` for a signal that carries none.
 *
 * @example
 * ```ts
 * if (signal.aborted) throw abortReason(signal);
 * ```
 */
export function abortReason(signal: AbortSignalLike): unknown {
  return signal.reason ?? new DOMException("The operation was aborted.", "AbortError");
}
