import { shorten } from "./bounded-text";
import { type Diagnosis, formatDiagnosis } from "./diagnosis";
import { redact } from "./redact";
import { scrubSecrets } from "./scrub-secrets";

/**
 * What Microsoft Entra ID said when it refused a token request, read from its JSON error body
 * (`error`, `error_description`, `error_codes`, `correlation_id`, `trace_id`, `timestamp`).
 *
 * @example
 * ```ts
 * const refusal: EntraRefusal = parseEntraErrorBody(400, body);
 * refusal.aadsts; // [700213]
 * ```
 */
export interface EntraRefusal {
  /** The HTTP status of the answer; `undefined` when the request failed before an answer (in MSAL). */
  readonly statusCode: number | undefined;
  /** The OAuth `error`, e.g. `invalid_client`; `http_<status>` when the body was not Entra's JSON. */
  readonly errorCode: string;
  /** Entra's `error_description` (redacted), or a sentence describing a non-JSON answer. */
  readonly errorDescription: string;
  /** The AADSTS numbers, from `error_codes` or else from the description. */
  readonly aadsts: readonly number[];
  readonly correlationId: string | undefined;
  readonly traceId: string | undefined;
  readonly timestamp: string | undefined;
}

/**
 * Reads a failed token response. Entra answers with JSON; a proxy or gateway in between may answer
 * with anything, which is described without being quoted. Each field is shortened (the description
 * to 4096 characters, the others to 64), redacted, and cleaned of the exact `secrets` given (the
 * assertion presented, say), whole or in part.
 *
 * @example
 * ```ts
 * const refusal = parseEntraErrorBody(
 *   401,
 *   '{"error":"invalid_client","error_description":"AADSTS700213: No matching federated identity record found for presented assertion subject ...","error_codes":[700213]}',
 * );
 * refusal.errorCode; // "invalid_client"
 * refusal.aadsts; // [700213]
 * ```
 */
export function parseEntraErrorBody(
  statusCode: number,
  body: string,
  secrets: readonly (string | undefined)[] = [],
): EntraRefusal {
  let json: unknown;
  try {
    json = JSON.parse(body.length > MAX_ERROR_BODY_CHARACTERS ? "" : body);
  } catch {
    json = undefined;
  }
  if (typeof json !== "object" || json === null || typeof (json as { error?: unknown }).error !== "string") {
    return {
      statusCode,
      errorCode: `http_${statusCode}`,
      errorDescription: `The authority answered HTTP ${statusCode} without Microsoft Entra ID's JSON error body.`,
      aadsts: [],
      correlationId: undefined,
      traceId: undefined,
      timestamp: undefined,
    };
  }
  const fields = json as Record<string, unknown>;
  // Every field is text from outside: shortened before any pattern runs over it, then scrubbed.
  const clean = (value: string, maxLength: number): string =>
    redact(scrubSecrets(shorten(value, maxLength), secrets));
  const description =
    typeof fields.error_description === "string"
      ? clean(fields.error_description, MAX_DESCRIPTION_LENGTH)
      : "";
  const codes = Array.isArray(fields.error_codes)
    ? fields.error_codes.filter((code): code is number => typeof code === "number" && Number.isInteger(code))
    : [];
  const fromDescription = [...description.matchAll(/AADSTS(\d+)/g)].map((match) => Number(match[1]));
  return {
    statusCode,
    errorCode: clean(fields.error as string, MAX_ID_LENGTH),
    errorDescription:
      description ||
      `Microsoft Entra ID answered HTTP ${statusCode} ${clean(fields.error as string, MAX_ID_LENGTH)}.`,
    aadsts: codes.length > 0 ? codes : [...new Set(fromDescription)],
    correlationId: optionalString(fields.correlation_id, clean),
    traceId: optionalString(fields.trace_id, clean),
    timestamp: optionalString(fields.timestamp, clean),
  };
}

/** Larger bodies are not parsed (the HTTP layer already stops reading at 1 MiB). */
const MAX_ERROR_BODY_CHARACTERS = 1024 * 1024;
/** Entra's descriptions run to a few hundred characters, plus the values they quote (600 at most each). */
const MAX_DESCRIPTION_LENGTH = 4096;
/** Error codes, correlation and trace ids (GUIDs) and timestamps are short. */
const MAX_ID_LENGTH = 64;

/**
 * Thrown when Microsoft Entra ID refuses to exchange the external token. Carries Entra's answer
 * (`statusCode`, `errorCode`, the `aadsts` numbers, `correlationId`, `traceId`, `timestamp`) and a
 * {@link Diagnosis}: which of issuer, subject or audience did not match, the likely cause and the fix.
 * Its message is Entra's description followed by the diagnosis; nothing secret is in it (the
 * presented assertion is decoded for the diagnosis, never included).
 *
 * @example
 * ```ts
 * try {
 *   await credential.getToken("https://management.azure.com/.default");
 * } catch (error) {
 *   if (error instanceof AuthenticationError) {
 *     console.error(error.aadsts, error.correlationId);
 *     console.error(error.diagnosis.fix.join("\n"));
 *   }
 * }
 * ```
 */
export class AuthenticationError extends Error {
  override readonly name = "AuthenticationError";
  /** The HTTP status Entra answered with (400, 401, ...); `undefined` when MSAL failed before sending. */
  readonly statusCode: number | undefined;
  /** The OAuth `error` code, e.g. `invalid_client`. */
  readonly errorCode: string;
  /** Entra's `error_description`, redacted. */
  readonly errorDescription: string;
  /** The AADSTS error numbers, e.g. `[700213]`. */
  readonly aadsts: readonly number[];
  /** Entra's `correlation_id`: quote it, with `traceId` and `timestamp`, in a support request. */
  readonly correlationId: string | undefined;
  readonly traceId: string | undefined;
  readonly timestamp: string | undefined;
  /** What went wrong in plain words, the likely causes and the fix. */
  readonly diagnosis: Diagnosis;

  constructor(refusal: EntraRefusal, diagnosis: Diagnosis, options?: { cause?: unknown }) {
    super(redact(`${refusal.errorDescription}\n\n${formatDiagnosis(diagnosis)}`), options);
    this.statusCode = refusal.statusCode;
    this.errorCode = refusal.errorCode;
    this.errorDescription = refusal.errorDescription;
    this.aadsts = Object.freeze([...refusal.aadsts]);
    this.correlationId = refusal.correlationId;
    this.traceId = refusal.traceId;
    this.timestamp = refusal.timestamp;
    this.diagnosis = diagnosis;
  }
}

function optionalString(
  value: unknown,
  clean: (value: string, maxLength: number) => string,
): string | undefined {
  return typeof value === "string" && value.length > 0 ? clean(value, MAX_ID_LENGTH) : undefined;
}
