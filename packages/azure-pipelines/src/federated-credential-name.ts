import { createHash } from "node:crypto";
import { InvalidInputError } from "@azfed/core";

const MAX_NAME_LENGTH = 120;
const VALID_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;

/**
 * A federated identity credential name derived from readable parts: characters Entra refuses become
 * `-`, and a name longer than 120 characters is shortened with an 8-character hash of the full
 * name, so two long names stay distinct.
 *
 * @internal
 */
export function deriveFederatedCredentialName(parts: readonly string[]): string {
  const readable = parts
    .join("-")
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "")
    .replace(/-+$/, "");
  const name = readable.length >= 3 ? readable : ["fic", readable].filter(Boolean).join("-");
  if (name.length <= MAX_NAME_LENGTH) return name;
  const hash = createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 8);
  return `${name.slice(0, MAX_NAME_LENGTH - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/**
 * Checks a name given for a federated identity credential, and returns it unchanged.
 *
 * @internal
 */
export function requireFederatedCredentialName(name: unknown): string {
  if (typeof name !== "string" || !VALID_NAME.test(name)) {
    throw new InvalidInputError({
      field: "name",
      value: name,
      expected: "3 to 120 characters of letters, digits, '_' and '-', starting with a letter or digit",
      fix: "leave name out to have one derived, or shorten and simplify it",
    });
  }
  return name;
}
