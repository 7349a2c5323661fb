import type { EntraRefusal } from "../errors/authentication-error";
import { redact } from "../redact";

/**
 * Reads a failed token response. Entra answers with JSON; a proxy or gateway in between may answer
 * with anything, which is described without being quoted.
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
export function parseEntraErrorBody(statusCode: number, body: string): EntraRefusal {
  let json: unknown;
  try {
    json = JSON.parse(body);
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
  const description = typeof fields.error_description === "string" ? redact(fields.error_description) : "";
  const codes = Array.isArray(fields.error_codes)
    ? fields.error_codes.filter((code): code is number => typeof code === "number" && Number.isInteger(code))
    : [];
  const fromDescription = [...description.matchAll(/AADSTS(\d+)/g)].map((match) => Number(match[1]));
  return {
    statusCode,
    errorCode: fields.error as string,
    errorDescription:
      description || `Microsoft Entra ID answered HTTP ${statusCode} ${fields.error as string}.`,
    aadsts: codes.length > 0 ? codes : [...new Set(fromDescription)],
    correlationId: optionalString(fields.correlation_id),
    traceId: optionalString(fields.trace_id),
    timestamp: optionalString(fields.timestamp),
  };
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}
