import { redact } from "../redact";
import { type Diagnosis, formatDiagnosis } from "./diagnosis";

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
