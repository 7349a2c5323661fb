import { InvalidInputError } from "./errors/invalid-input-error";

/**
 * The current time in milliseconds since the epoch, as `Date.now` gives it. Options that check
 * expiry take one, so tests can move time instead of waiting for it.
 *
 * @example
 * ```ts
 * let now = Date.parse("2026-01-01T00:00:00Z");
 * const clock: Clock = () => now;
 * now += 60_000; // a minute later, at once
 * ```
 */
export type Clock = () => number;

/**
 * Checks a `clock` option: `Date.now` when it is `undefined`, the function itself when it is one.
 *
 * @throws `InvalidInputError` naming `field` when the value is not a function.
 *
 * @example
 * ```ts
 * const clock = requireClock("clock", options.clock); // Date.now unless the caller gave one
 * ```
 */
export function requireClock(field: string, value: unknown): Clock {
  if (value === undefined) return Date.now;
  if (typeof value !== "function") {
    throw new InvalidInputError({
      field,
      value,
      expected: "a function returning the time in epoch milliseconds, such as Date.now",
      fix: `leave ${field} out to use Date.now, or pass () => milliseconds`,
    });
  }
  return value as Clock;
}
