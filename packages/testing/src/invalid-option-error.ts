/**
 * Thrown when an emulator, the certificate authority or the OIDC issuer is given a bad option or
 * configuration: names the field, the value, what was expected and how to fix it.
 *
 * @example
 * ```ts
 * try {
 *   entra.addApplication({ clientId: "" });
 * } catch (error) {
 *   if (error instanceof InvalidEmulatorOptionError) console.log(error.field); // "clientId"
 * }
 * ```
 */
export class InvalidEmulatorOptionError extends TypeError {
  override readonly name = "InvalidEmulatorOptionError";
  /** The option or configuration property that is wrong, e.g. `applications[0].clientId`. */
  readonly field: string;
  /** What was expected instead. */
  readonly expected: string;

  constructor(details: {
    field: string;
    value: unknown;
    expected: string;
    fix?: string | undefined;
    cause?: unknown;
  }) {
    super(
      `Invalid ${details.field}: got ${describe(details.value)}; expected ${details.expected}.${
        details.fix ? ` Fix: ${details.fix}.` : ""
      }`,
      { cause: details.cause },
    );
    this.field = details.field;
    this.expected = details.expected;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  let text: string;
  try {
    text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
