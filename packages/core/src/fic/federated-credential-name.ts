import { InvalidInputError } from "../errors/invalid-input-error";
import { FIC_NAME_MAX_LENGTH, FIC_NAME_MIN_LENGTH, FIC_NAME_PATTERN } from "./entra-fic-limits";

const HASH_LENGTH = 8;

/**
 * A federated identity credential name Entra accepts, built from readable parts joined with `-`:
 * every run of characters Entra refuses (anything but letters, digits, `_` and `-`) becomes one
 * `-`, runs of `-` are collapsed, leading characters that are not a letter or digit and trailing
 * `-` are dropped, and a name shorter than 3 characters is prefixed with `fic`. A name longer than
 * 120 characters is cut and ends with an 8-character hash of all the parts, so distinct long inputs
 * keep distinct names. The same parts always give the same name.
 *
 * @example
 * ```ts
 * deriveFederatedCredentialName(["gitlab", "contoso/web", "branch", "main"]);
 * // "gitlab-contoso-web-branch-main"
 * deriveFederatedCredentialName(["kubernetes", "payments", "x".repeat(200)]);
 * // "kubernetes-payments-xxxx…xxxx-f8235c10": 120 characters, the last 8 a hash of the parts
 * ```
 */
export function deriveFederatedCredentialName(parts: readonly string[]): string {
  const readable = parts
    .join("-")
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "")
    .replace(/(?<!-)-+$/, "");
  const name =
    readable.length >= FIC_NAME_MIN_LENGTH ? readable : readable === "" ? "fic" : `fic-${readable}`;
  if (name.length <= FIC_NAME_MAX_LENGTH) return name;
  const hash = process
    .getBuiltinModule("node:crypto")
    .createHash("sha256")
    .update(parts.join("\u0000"))
    .digest("hex")
    .slice(0, HASH_LENGTH);
  const head = name.slice(0, FIC_NAME_MAX_LENGTH - HASH_LENGTH - 1).replace(/(?<!-)-+$/, "");
  return `${head}-${hash}`;
}

/**
 * Checks a federated identity credential name given by the caller against Entra's rule (3 to 120
 * characters of letters, digits, `_` and `-`, starting with a letter or digit) and returns it
 * unchanged; anything else is an {@link InvalidInputError} on the field `name`.
 *
 * @example
 * ```ts
 * requireFederatedCredentialName("deploy-main"); // "deploy-main"
 * requireFederatedCredentialName("deploy main"); // throws InvalidInputError: Invalid name: got "deploy main"; ...
 * ```
 */
export function requireFederatedCredentialName(value: unknown): string {
  if (typeof value !== "string" || !FIC_NAME_PATTERN.test(value)) {
    throw new InvalidInputError({
      field: "name",
      value,
      expected: `${FIC_NAME_MIN_LENGTH} to ${FIC_NAME_MAX_LENGTH} characters of letters, digits, "_" and "-", starting with a letter or digit`,
      fix: "leave name out to have one derived, or replace the other characters with - (a credential's name cannot be changed once it is created)",
    });
  }
  return value;
}
