import { decodeAssertion, InvalidAssertionError } from "@azfed/core";

/**
 * The claims azfed reads from a GitLab ID token before handing it to Entra.
 *
 * @internal
 */
export interface IdTokenClaims {
  readonly iss: string;
  readonly aud: readonly string[];
  readonly exp?: number | undefined;
}

/**
 * Reads `iss`, `aud` and `exp` from a JWT without verifying it (core's `decodeAssertion`), or
 * `undefined` when the value is not one: job variables hold many other things.
 *
 * @internal
 */
export function readIdTokenClaims(value: string): IdTokenClaims | undefined {
  if (!value.startsWith("eyJ")) return undefined;
  try {
    const claims = decodeAssertion(value);
    return {
      iss: claims.iss,
      aud: typeof claims.aud === "string" ? [claims.aud] : claims.aud,
      ...(claims.exp !== undefined ? { exp: claims.exp } : {}),
    };
  } catch (error) {
    if (error instanceof InvalidAssertionError) return undefined;
    throw error;
  }
}
