import { createHash } from "node:crypto";
import { InvalidInputError } from "@azfed/core";

const MAX_NAME_LENGTH = 120;
const VALID_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;

/**
 * A federated identity credential name built from `parts`: characters Entra refuses become `-`, and
 * when that lost information or the name is longer than 120 characters, a short hash of the parts
 * keeps distinct inputs apart.
 *
 * @internal
 */
export function deriveFederatedCredentialName(parts: readonly string[]): string {
  const joined = parts.join("-");
  const cleaned = joined
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "");
  if (cleaned === joined && cleaned.length <= MAX_NAME_LENGTH && VALID_NAME.test(cleaned)) return cleaned;
  const hash = createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 8);
  const head = cleaned.slice(0, MAX_NAME_LENGTH - hash.length - 1).replace(/-+$/, "");
  return head ? `${head}-${hash}` : `fic-${hash}`;
}

/**
 * Checks a federated identity credential name given by the caller: 3–120 characters of
 * `[A-Za-z0-9_-]`, the first alphanumeric.
 *
 * @internal
 */
export function requireFederatedCredentialName(value: unknown): string {
  if (typeof value !== "string" || !VALID_NAME.test(value)) {
    throw new InvalidInputError({
      field: "name",
      value,
      expected: "3 to 120 characters of A-Z, a-z, 0-9, _ or -, starting with a letter or digit",
      fix: "leave name out to have one derived, or pick one matching that pattern (it cannot be changed later)",
    });
  }
  return value;
}
