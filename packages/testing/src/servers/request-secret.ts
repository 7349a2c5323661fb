import { timingSafeEqual } from "node:crypto";
import { InvalidEmulatorOptionError } from "../invalid-option-error";

/**
 * What an emulator makes of a request's `Authorization` header: the job's secret, another one, or
 * none. Emulators record this instead of the header, so no secret reaches a request log.
 *
 * @internal
 */
export type SecretHeaderCheck = "valid" | "invalid" | "missing";

/**
 * Checks an `Authorization` header of the form `{scheme} {secret}` (the scheme's case ignored)
 * against the expected secret, in constant time.
 *
 * @example
 * ```ts
 * checkSecretHeader(request.headers.authorization, "Bearer", requestToken); // "valid"
 * checkSecretHeader(undefined, "Token", accessToken); // "missing"
 * ```
 *
 * @internal
 */
export function checkSecretHeader(
  header: string | undefined,
  scheme: string,
  secret: string,
): SecretHeaderCheck {
  if (header === undefined) return "missing";
  const trimmed = header.trim();
  const separator = trimmed.search(/\s/);
  if (separator < 0 || trimmed.slice(0, separator).toLowerCase() !== scheme.toLowerCase()) return "invalid";
  const value = trimmed.slice(separator).trimStart();
  if (value === "" || /\s/.test(value)) return "invalid";
  return sameSecret(value, secret) ? "valid" : "invalid";
}

/**
 * Whether a secret a request carried is the expected one, compared in constant time.
 *
 * @example
 * ```ts
 * sameSecret(tokenFromHeader, emulator.token); // true or false, in the same time
 * ```
 *
 * @internal
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks a secret an emulator is given (a request token, an agent access token): at least 8
 * printable ASCII characters without spaces. The error names the length, never the value.
 *
 * @example
 * ```ts
 * const requestToken = checkSecretOption("requestToken", options.requestToken ?? randomBytes(20).toString("hex"));
 * ```
 *
 * @internal
 */
export function checkSecretOption(field: string, value: string): string {
  if (typeof value !== "string" || !/^[\x21-\x7e]{8,}$/.test(value)) {
    throw new InvalidEmulatorOptionError({
      field,
      value: typeof value === "string" ? `${value.length} characters` : value,
      expected: "at least 8 printable ASCII characters without spaces",
      fix: "leave it out for a random one",
    });
  }
  return value;
}
