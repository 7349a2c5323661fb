/**
 * TLS verification failures (Node's and OpenSSL's codes): retrying cannot fix them, so they are not
 * retried, and the error says what can.
 */
export const CERTIFICATE_ERROR_CODES: ReadonlySet<string> = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REVOKED",
  "CERT_SIGNATURE_FAILURE",
  "CERT_CHAIN_TOO_LONG",
  "INVALID_CA",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_TLS_CERT_ALTNAME_FORMAT",
]);

/** What to do about a TLS certificate that was not trusted, by its error code. */
export function certificateAdvice(code: string | undefined): string {
  const intercepted =
    "if the server should have a public certificate, a proxy or firewall between here and it is intercepting TLS (trust its CA, or have it let this host through)";
  if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID") {
    return `check this machine's clock; otherwise the server's certificate is out of date, or ${intercepted}`;
  }
  if (code?.startsWith("ERR_TLS_CERT_ALTNAME")) {
    return `the certificate is for another host name: check the URL (authorityHost, the platform's token URL), or ${intercepted}`;
  }
  return `if the server uses a private CA, trust it with NODE_EXTRA_CA_CERTS=/path/to/ca.pem (or pass a dispatcher that trusts it); ${intercepted}`;
}
