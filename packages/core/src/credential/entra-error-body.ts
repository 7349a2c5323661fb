import { scrubAndShorten } from "../bounded-text";
import type { EntraRefusal } from "../diagnosis/authentication-error";

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
  // Every field is text from outside: scrubbed whole (every pattern is linear, the body at most 1 MiB),
  // then shortened, so a secret straddling the cut leaves nothing behind.
  const clean = (value: string, maxLength: number): string => scrubAndShorten(value, maxLength, secrets);
  const description =
    typeof fields.error_description === "string"
      ? clean(fields.error_description, MAX_DESCRIPTION_LENGTH)
      : "";
  const codes = Array.isArray(fields.error_codes)
    ? fields.error_codes.filter((code): code is number => Number.isInteger(code))
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

function optionalString(
  value: unknown,
  clean: (value: string, maxLength: number) => string,
): string | undefined {
  return typeof value === "string" && value.length > 0 ? clean(value, MAX_ID_LENGTH) : undefined;
}
