import { InvalidInputError } from "../errors/invalid-input-error";
import { httpsIssuerProblem, MAX_FIC_FIELD_LENGTH } from "./entra-fic-limits";

// Unicode category Cc: the C0 and C1 control characters and DEL.
const CONTROL_CHARACTER = /\p{Cc}/u;

/**
 * The first control character (NUL, CR, LF, ESC, DEL, …: Unicode category Cc) in an issuer, subject,
 * audience or name, escaped for a message (`"\\n"`), or `undefined` when there is none. The one rule
 * the builders (through {@link requireSubjectPart}) and the FIC validator share: no token carries
 * such a value, so a credential holding one never matches.
 *
 * @example
 * ```ts
 * controlCharacterIn("repo:contoso/app\nx"); // "\\n"
 * controlCharacterIn("repo:contoso/app"); // undefined
 * ```
 */
export function controlCharacterIn(value: string): string | undefined {
  const found = CONTROL_CHARACTER.exec(value)?.[0];
  return found === undefined ? undefined : JSON.stringify(found).slice(1, -1);
}

/**
 * Checks one part of a subject, issuer or name given to a builder, and returns it unchanged: it must be
 * a non-empty string, without leading or trailing whitespace or control characters, and match
 * `pattern` when one is given. Nothing is trimmed or altered: a bad value is an
 * {@link InvalidInputError} that names the field.
 *
 * @example
 * ```ts
 * const repository = requireSubjectPart("repository", options.repository, {
 *   pattern: /^[^/]+\/[^/]+$/,
 *   expected: 'a repository as "owner/repo"',
 * });
 * ```
 */
export function requireSubjectPart(
  field: string,
  value: unknown,
  rule: { pattern?: RegExp | undefined; expected?: string | undefined; fix?: string | undefined } = {},
): string {
  const expected = rule.expected ?? "a non-empty string";
  if (typeof value !== "string" || value.length === 0) {
    throw new InvalidInputError({ field, value, expected, fix: rule.fix ?? `pass ${field}` });
  }
  if (value.trim() !== value) {
    throw new InvalidInputError({
      field,
      value,
      expected: `${expected} without leading or trailing whitespace`,
      fix: "remove the surrounding whitespace (Entra compares subjects and issuers exactly)",
    });
  }
  if (controlCharacterIn(value) !== undefined) {
    throw new InvalidInputError({
      field,
      value,
      expected: `${expected} without control characters`,
      fix: "remove line breaks, tabs and other control characters",
    });
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    throw new InvalidInputError({ field, value, expected, ...(rule.fix ? { fix: rule.fix } : {}) });
  }
  return value;
}

/**
 * Checks that a built subject (or issuer) fits Entra's 600-character limit, and returns it.
 *
 * @example
 * ```ts
 * return requireFicFieldLength("subject", `repo:${repository}:environment:${environment}`);
 * ```
 */
export function requireFicFieldLength(field: string, value: string): string {
  if (value.length > MAX_FIC_FIELD_LENGTH) {
    throw new InvalidInputError({
      field,
      value,
      expected: `at most ${MAX_FIC_FIELD_LENGTH} characters (this one has ${value.length})`,
      fix: "shorten the names that make it up; Entra refuses longer values",
    });
  }
  return value;
}

/**
 * Checks an issuer given to a builder and returns it unchanged: a string without surrounding
 * whitespace or control characters, an `https://` URL with no credentials, query or fragment (the
 * rule of {@link httpsIssuerProblem}), of at most 600 characters. `hint` says what this platform's
 * issuer looks like and where to find it.
 *
 * @example
 * ```ts
 * const issuer = requireHttpsIssuer("issuer", options.issuer, {
 *   expected: "the cluster's OIDC issuer URL",
 *   fix: "on AKS, copy it from `az aks show --query oidcIssuerProfile.issuerUrl -o tsv`",
 * });
 * ```
 */
export function requireHttpsIssuer(
  field: string,
  value: unknown,
  hint: { readonly expected?: string; readonly fix?: string } = {},
): string {
  const expected = `${hint.expected ?? "the issuer URL"}: an https:// URL without query or fragment, exactly as the tokens carry it in iss`;
  const fix = hint.fix ?? "copy the iss claim of a token";
  const issuer = requireSubjectPart(field, value, { expected, fix });
  const problem = httpsIssuerProblem(issuer);
  if (problem !== undefined) {
    throw new InvalidInputError({ field, value, expected: `${expected} (${problem})`, fix });
  }
  return requireFicFieldLength(field, issuer);
}
