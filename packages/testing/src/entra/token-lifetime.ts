import { InvalidEmulatorOptionError } from "../invalid-option-error";

/** Entra sends `refresh_in` only for tokens that live longer than this (half their lifetime). */
const TWO_HOURS = 7200;
/** The longest lifetime the emulator issues, and the largest `refresh_in` it sends: two days. */
const MAX_SECONDS = 86_400 * 2;

/** A whole number of seconds from `least` to two days, or an {@link InvalidEmulatorOptionError}. */
function checkSeconds(
  seconds: number,
  least: number,
  refusal: { readonly field: string; readonly expected: string; readonly fix: string },
): number {
  if (!Number.isInteger(seconds) || seconds < least || seconds > MAX_SECONDS) {
    throw new InvalidEmulatorOptionError({ ...refusal, value: seconds });
  }
  return seconds;
}

/**
 * The lifetime of an access token the emulator issues, checked: a whole number of seconds from 60 to
 * 172800.
 *
 * @internal
 */
export function checkLifetime(seconds: number): number {
  return checkSeconds(seconds, 60, {
    field: "tokenLifetimeSeconds",
    expected: "a whole number of seconds from 60 to 172800",
    fix: "pass e.g. 3599 (Entra's usual) or 86399 (a managed identity's)",
  });
}

/**
 * A `refresh_in` to send with every token, checked: a whole number of seconds from 0 to 172800 (0 and
 * values at or above `expires_in` are allowed, to test how a client treats a reply Entra would not
 * send), or `undefined` for Entra's own rule.
 *
 * @internal
 */
export function checkRefreshIn(seconds: number | undefined): number | undefined {
  if (seconds === undefined) return undefined;
  return checkSeconds(seconds, 0, {
    field: "refreshInSeconds",
    expected: "a whole number of seconds from 0 to 172800, or undefined for Entra's rule",
    fix: "pass e.g. 600 (refresh 10 minutes after issue), or undefined (half the lifetime, above two hours)",
  });
}

/**
 * The `refresh_in` of a token reply: the one set, else Entra's rule (half the lifetime, sent only for
 * lifetimes over two hours); `undefined` when none is sent.
 *
 * @internal
 */
export function refreshInFor(
  lifetimeSeconds: number,
  refreshInSeconds: number | undefined,
): number | undefined {
  if (refreshInSeconds !== undefined) return refreshInSeconds;
  return lifetimeSeconds > TWO_HOURS ? Math.floor(lifetimeSeconds / 2) : undefined;
}
