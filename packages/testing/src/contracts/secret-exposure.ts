import { inspect } from "node:util";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import { SecretExposedError } from "./secret-exposed-error";

/** How far down a chain of causes {@link exposedText} follows. */
const MAX_CAUSES = 8;

/**
 * Everything an error can show a person or a log, as one text to search: for the error and each of
 * its causes (and the `errors` of an `AggregateError`), its message, stack, `String(error)` and
 * `JSON.stringify(error)` (which lists its own enumerable properties), plus `util.inspect` of the
 * whole error, which is what `console.log(error)` prints. Anything thrown that is not an `Error` is
 * shown as its string and JSON forms.
 *
 * @example
 * ```ts
 * import { exposedText } from "@azfed/testing";
 *
 * const error = await credential.getToken(scope).catch((caught: unknown) => caught);
 * expect(exposedText(error)).not.toContain(assertion);
 * ```
 */
export function exposedText(error: unknown): string {
  const parts: string[] = [inspect(error, { depth: MAX_CAUSES, breakLength: Number.POSITIVE_INFINITY })];
  const seen = new Set<unknown>();
  const pending: { value: unknown; depth: number }[] = [{ value: error, depth: 0 }];
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    const { value, depth } = next;
    if (value === undefined || value === null || seen.has(value) || depth > MAX_CAUSES) continue;
    seen.add(value);
    parts.push(String(value), safeJson(value));
    if (value instanceof Error) {
      parts.push(value.message, value.stack ?? "");
      pending.push({ value: value.cause, depth: depth + 1 });
      if (value instanceof AggregateError) {
        for (const inner of value.errors) pending.push({ value: inner, depth: depth + 1 });
      }
    }
  }
  return parts.join("\n");
}

/**
 * Throws a {@link SecretExposedError} when any of `texts` contains any of `secrets`: an exact string,
 * or anything a regular expression matches (e.g. `/eyJ[\w-]+\.eyJ/` for any JWT at all). A secret
 * that is a JWT also counts as exposed when only its signature part shows, so a token cut short or
 * half-masked is caught too. The error names which secret (by position and length) and which text,
 * never the secret itself.
 *
 * @example
 * ```ts
 * import { captureAzureLogs, expectNoSecrets, exposedText } from "@azfed/testing";
 *
 * const logs = captureAzureLogs();
 * const error = await credential.getToken(scope).catch((caught: unknown) => caught);
 * logs.restore();
 * expectNoSecrets([exposedText(error), logs.text()], [requestToken, assertion, /eyJ[\w-]+\.eyJ/]);
 * ```
 */
export function expectNoSecrets(texts: string | Iterable<string>, secrets: Iterable<string | RegExp>): void {
  const searched = typeof texts === "string" ? [texts] : [...texts];
  let index = 0;
  for (const secret of secrets) {
    for (const [position, text] of searched.entries()) {
      const exposure = findExposure(text, secret, `secrets[${index}]`);
      if (exposure !== undefined) {
        throw new SecretExposedError(
          `${exposure.what} appears in text ${position + 1} of ${searched.length}, at offset ${exposure.offset}`,
        );
      }
    }
    index++;
  }
}

/** Where `secret` (or the signature of a JWT secret) shows in `text`, described without revealing it. */
function findExposure(
  text: string,
  secret: string | RegExp,
  field: string,
): { what: string; offset: number } | undefined {
  if (secret instanceof RegExp) {
    const offset = text.search(secret);
    return offset === -1 ? undefined : { what: `text matching ${field} ${secret}`, offset };
  }
  if (typeof secret !== "string" || secret === "") {
    throw new InvalidEmulatorOptionError({
      field,
      value: secret,
      expected: "a non-empty string or a RegExp",
      fix: "pass the secret itself; an empty string means the test never obtained the secret it checks for",
    });
  }
  const start = secret.length >= 16 ? `, starting ${JSON.stringify(secret.slice(0, 4))}` : "";
  const described = `${field} (a secret of ${secret.length} characters${start})`;
  const whole = text.indexOf(secret);
  if (whole !== -1) return { what: described, offset: whole };
  const signature = jwtSignature(secret);
  const part = signature === undefined ? -1 : text.indexOf(signature);
  return part === -1 ? undefined : { what: `the JWT signature of ${described}`, offset: part };
}

/** The third part of a compact JWS, when `value` looks like one and the part is long enough to be unique. */
function jwtSignature(value: string): string | undefined {
  const parts = value.split(".");
  const signature = parts[2];
  if (parts.length !== 3 || signature === undefined || !/^[A-Za-z0-9_-]{16,}$/.test(signature))
    return undefined;
  return signature;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch (error) {
    return `(JSON.stringify failed: ${error instanceof Error ? error.message : String(error)})`;
  }
}
