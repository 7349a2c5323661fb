import { decodeAssertion, InvalidAssertionError } from "@azfed/core";

/**
 * A JWT's `exp` (seconds since the epoch), read without verification (core's `decodeAssertion`);
 * `undefined` when the value is not a JWT or has no `exp`.
 *
 * @internal
 */
export function tokenExpiry(jwt: string): number | undefined {
  try {
    return decodeAssertion(jwt).exp;
  } catch (error) {
    if (error instanceof InvalidAssertionError) return undefined;
    throw error;
  }
}
