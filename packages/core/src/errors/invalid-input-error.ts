import { redact } from "../redact";

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

  constructor(details: { field: string; value: unknown; expected: string; fix?: string | undefined }) {
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
