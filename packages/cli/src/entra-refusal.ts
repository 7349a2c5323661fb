import type { AuthenticationError } from "@azfed/core";

/**
 * Entra's codes for a refusal, for the one-line headline above the library's diagnosis:
 * `AADSTS7002138 (invalid_client)`.
 *
 * @example
 * ```ts
 * console.error(`Entra refused the exchange: ${refusalCodes(error)}`);
 * console.error(formatDiagnosis(error.diagnosis));
 * ```
 */
export function refusalCodes(error: AuthenticationError): string {
  const codes = error.aadsts.map((code) => `AADSTS${code}`).join(", ");
  return codes === "" ? error.errorCode : `${codes} (${error.errorCode})`;
}
