import { redact } from "../redact";
import { CERTIFICATE_ERROR_CODES } from "./certificate-error";
import { describeNetworkError, safeUrl } from "./http-request-error";

/**
 * Thrown when a token request on a {@link TokenRequestRoute} got no answer: the route's endpoint was
 * unreachable, its certificate was not signed by the route's CA, did not name the route's server
 * name, or the endpoint ended the TLS handshake (a server name it does not serve). The message names
 * the route's settings; the underlying `HttpRequestError` is the `cause`.
 *
 * @example
 * ```ts
 * try {
 *   await credential.getToken("https://vault.azure.net/.default");
 * } catch (error) {
 *   if (error instanceof TokenRequestRouteError) console.error(error.code, error.message);
 * }
 * ```
 */
export class TokenRequestRouteError extends Error {
  override readonly name = "TokenRequestRouteError";
  /** The network or TLS error code (`UNABLE_TO_VERIFY_LEAF_SIGNATURE`, `ECONNREFUSED`, ...), if any. */
  readonly code: string | undefined;

  constructor(description: string, url: string, cause: unknown) {
    const code = errorCode(cause);
    super(
      redact(
        `The token request to ${description} at ${safeUrl(url)} failed: ${meaning(code)} (${cause instanceof Error ? describeNetworkError(cause) : String(cause)})`,
      ),
      { cause },
    );
    this.code = code;
  }
}

function meaning(code: string | undefined): string {
  if (code?.startsWith("ERR_TLS_CERT_ALTNAME")) {
    return "its TLS certificate does not name the server name (SNI) this route sends; check the server name it was given";
  }
  if (code && CERTIFICATE_ERROR_CODES.has(code)) {
    return "its TLS certificate is not signed by the CA this route trusts; check the CA it was given";
  }
  if (code === "ECONNRESET" || code?.startsWith("ERR_SSL_")) {
    return "the endpoint ended the TLS handshake, as it does for a server name (SNI) it does not serve; check the server name it was given";
  }
  return "the endpoint could not be reached";
}

/** The first `code` in an error's cause chain. */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 6; depth++) {
    if ("code" in current && typeof current.code === "string") return current.code;
    current = current.cause;
  }
  return undefined;
}
