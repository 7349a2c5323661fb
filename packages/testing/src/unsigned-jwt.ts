/**
 * A JWT-shaped string with the given payload and header and a made-up signature (base64url of
 * `signature-of-<payload JSON>`, so two payloads never share one): enough for code that decodes
 * without verifying (diagnosis, matching, redaction, a subject shown by `azfed doctor`). A token Entra
 * must accept comes from an emulator's OIDC issuer instead.
 *
 * @param payload - The claims, encoded as given (any JSON value, to test a payload that is not an object).
 * @param header - The JOSE header; `{ alg: "RS256", typ: "JWT", kid: "test-key" }` unless given.
 *
 * @example
 * ```ts
 * const token = unsignedJwt({ sub: "repo:contoso/app:ref:refs/heads/main", aud: "api://AzureADTokenExchange" });
 * await writeFile(tokenFile, token);
 * ```
 */
export function unsignedJwt(
  payload: unknown,
  header: unknown = { alg: "RS256", typ: "JWT", kid: "test-key" },
): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const signature = Buffer.from(`signature-of-${JSON.stringify(payload)}`).toString("base64url");
  return `${encode(header)}.${encode(payload)}.${signature}`;
}
