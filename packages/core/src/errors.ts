import { redact } from "./redact";

/**
 * Thrown when a credential cannot be used here at all: a platform is absent, or a tenant or client id
 * is missing. Its `name` is exactly `"CredentialUnavailableError"`, so `@azure/identity`'s
 * `ChainedTokenCredential` moves on to the next credential.
 *
 * @example
 * ```ts
 * try {
 *   await credential.getToken("https://storage.azure.com/.default");
 * } catch (error) {
 *   if (error instanceof CredentialUnavailableError) console.log("not on a supported platform");
 * }
 * ```
 */
export class CredentialUnavailableError extends Error {
  override readonly name = "CredentialUnavailableError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(redact(message), options);
  }
}

/**
 * Thrown for a malformed input: names the field, the value (secrets redacted), what was expected and
 * how to fix it.
 *
 * @example
 * ```ts
 * throw new InvalidInputError({
 *   field: "tenantId",
 *   value: "contoso tenant",
 *   expected: "a GUID or a domain name matching ^[0-9a-zA-Z.-]+$",
 *   fix: "use the Directory (tenant) ID shown on the app registration's Overview page",
 * });
 * ```
 */
export class InvalidInputError extends TypeError {
  override readonly name = "InvalidInputError";
  /** The option, argument or property that is wrong, e.g. `tenantId` or `scopes[0]`. */
  readonly field: string;
  /** The offending value, redacted and shortened for display. */
  readonly value: string;
  /** What was expected instead. */
  readonly expected: string;

  constructor(details: { field: string; value: unknown; expected: string; fix?: string }) {
    const shown = describeValue(details.value);
    super(
      redact(
        `Invalid ${details.field}: got ${shown}; expected ${details.expected}.${details.fix ? ` Fix: ${details.fix}.` : ""}`,
      ),
    );
    this.field = details.field;
    this.value = redact(shown);
    this.expected = details.expected;
  }
}

/**
 * Thrown when a platform's token service answers with something other than a token: a status, an
 * HTML page, a body without the expected field. Carries the platform and the HTTP status; never the
 * token or the request token.
 *
 * @example
 * ```ts
 * throw new AssertionFetchError({
 *   provider: "github-actions",
 *   message: "the token service answered 401 Unauthorized; expected 200 with JSON { value }",
 *   statusCode: 401,
 * });
 * ```
 */
export class AssertionFetchError extends Error {
  /** `"AssertionFetchError"`, or a subclass's own name (such as `"KubernetesTokenFileError"`). */
  override readonly name: string = "AssertionFetchError";
  /** The provider's name, e.g. "github-actions". */
  readonly provider: string;
  /** The HTTP status the platform answered with, when there was an answer. */
  readonly statusCode: number | undefined;

  constructor(details: { provider: string; message: string; statusCode?: number; cause?: unknown }) {
    super(redact(`${details.provider}: ${details.message}`), { cause: details.cause });
    this.provider = details.provider;
    this.statusCode = details.statusCode;
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "string") {
    const shown = value.length > 120 ? `${value.slice(0, 117)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  try {
    const json = JSON.stringify(value);
    return json.length > 120 ? `${json.slice(0, 117)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
