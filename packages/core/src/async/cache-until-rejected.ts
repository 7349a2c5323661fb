/**
 * Starts `start()` at the first call and hands the same promise to every later caller, until it
 * rejects: a failure is not remembered, so the next call starts again (a probe that timed out, a
 * module that failed to load, a variable set since). A success is kept for good.
 *
 * @example
 * ```ts
 * const loadMsal = cacheUntilRejected(() => import("@azure/msal-node"));
 * const msal = await loadMsal(); // loaded once; loaded again only if this attempt failed
 * ```
 */
export function cacheUntilRejected<T>(start: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= start().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
