/**
 * A JWT-shaped string with the given header and payload and a made-up signature: enough for code
 * that decodes without verifying (diagnosis, matching). Tokens Entra must accept come from the
 * emulator's OIDC issuer instead.
 */
export function unsignedJwt(
  payload: unknown,
  header: unknown = { alg: "RS256", typ: "JWT", kid: "test-key" },
): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode(header)}.${encode(payload)}.${Buffer.from(`signature-of-${JSON.stringify(payload)}`).toString("base64url")}`;
}
