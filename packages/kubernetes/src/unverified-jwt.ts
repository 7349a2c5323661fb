/**
 * The header and claims of a JWT, decoded without checking its signature: enough to read `exp`, `sub`
 * and `aud` of a token this process is about to present (Entra verifies the signature).
 *
 * @internal
 */
export interface UnverifiedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly claims: Readonly<Record<string, unknown>>;
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Decodes a compact JWS (`header.payload.signature`, base64url) whose header and payload are JSON
 * objects; `undefined` for anything else.
 *
 * @internal
 */
export function decodeUnverifiedJwt(token: string): UnverifiedJwt | undefined {
  if (!COMPACT_JWS.test(token)) return undefined;
  const [header, claims] = token.split(".", 2).map(decodeJsonObject);
  if (!header || !claims || typeof header.alg !== "string") return undefined;
  return { header, claims };
}

function decodeJsonObject(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
