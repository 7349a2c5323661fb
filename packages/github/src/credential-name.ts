import { InvalidInputError } from "@azfed/core";

const VALID_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;

/**
 * Checks a federated identity credential name given by the caller against Entra's rules: 3 to 120
 * characters of letters, digits, `-` and `_`, starting with a letter or digit.
 *
 * @internal
 */
export function requireCredentialName(value: unknown): string {
  if (typeof value !== "string" || !VALID_NAME.test(value)) {
    throw new InvalidInputError({
      field: "name",
      value,
      expected: '3 to 120 characters of letters, digits, "-" and "_", starting with a letter or digit',
      fix: "leave name out to have one derived from the subject, or replace the other characters with -",
    });
  }
  return value;
}
