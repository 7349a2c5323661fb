/**
 * The claims of a JWT, decoded WITHOUT verifying its signature: for tests that look at the token an
 * emulator or a provider gave them. Throws when `jwt` is not three dot-separated parts whose second
 * is base64url-encoded JSON object.
 *
 * @example
 * ```ts
 * import { claimsOf } from "@azfed/testing";
 *
 * const token = await provider.getAssertion({ audience: "api://AzureADTokenExchange" });
 * expect(claimsOf(token)).toMatchObject({ aud: "api://AzureADTokenExchange", sub: github.subject });
 * ```
 */
export function claimsOf(jwt: string): Record<string, unknown> {
  const parts = jwt.split(".");
  if (parts.length !== 3)
    throw new Error(`expected a JWT (header.payload.signature), got ${parts.length} part(s)`);
  const claims: unknown = JSON.parse(Buffer.from(parts[1] ?? "", "base64url").toString("utf8"));
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) {
    throw new Error("expected the JWT's payload to be a JSON object");
  }
  return claims as Record<string, unknown>;
}
