import { InvalidInputError } from "../errors/invalid-input-error";

/** The longest claims challenge taken: Entra's CAE challenges are a few hundred characters. */
const MAX_CLAIMS_LENGTH = 16 * 1024;

/**
 * The `claims` of `getToken` checked before anything is sent: `undefined` for none (an empty string is
 * no challenge), else the string itself, which must be a JSON object whose members are JSON objects
 * (`{"access_token":{"nbf":{"essential":true,"value":"1702682181"}}}`), at most 16 KiB.
 *
 * A claims challenge arrives base64-encoded in a resource's `WWW-Authenticate` header, and the Azure
 * SDK's pipeline hands it to the credential decoded. msal-node parses it and refuses anything but a
 * JSON object with a bare `invalid_claims`, and throws a `TypeError` when a member it adds to
 * (`id_token`, `access_token`) is not an object; both then read as a refusal by Entra though nothing was
 * sent. This says which value is wrong instead.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClaimsParameter (OpenID Connect Core 1.0
 *   incorporating errata set 2, section 5.5: the `claims` request parameter is a JSON object whose
 *   top-level members, `userinfo` and `id_token`, are JSON objects)
 * @see https://learn.microsoft.com/entra/identity-platform/claims-challenge (as served, read 2026-12-07:
 *   `WWW-Authenticate`'s `claims` is required with `error="insufficient_claims"`, "a quoted string
 *   containing a base 64 encoded claims request"; its example decodes to an `access_token` member)
 * @see msal-node 7.2.1 `lib/msal-node.cjs` `parseClaims` and `buildMergedClaims` (`invalid_claims`; the
 *   `id_token` and `access_token` members written into)
 *
 * @example
 * ```ts
 * checkClaimsChallenge('{"access_token":{"nbf":{"essential":true,"value":"1702682181"}}}'); // the same string
 * checkClaimsChallenge("eyJhY2Nlc3NfdG9rZW4iOnt9fQ=="); // throws InvalidInputError: still base64-encoded
 * ```
 */
export function checkClaimsChallenge(claims: unknown): string | undefined {
  if (claims === undefined || claims === "") return undefined;
  const refuse = (expected: string, fix: string): never => {
    throw new InvalidInputError({ field: "getTokenOptions.claims", value: claims, expected, fix });
  };
  const fix =
    "pass the claims challenge decoded from the resource's WWW-Authenticate header (its base64 `claims` value, decoded to JSON), or leave claims unset";
  if (typeof claims !== "string") return refuse("a claims challenge as a JSON string", fix);
  if (claims.length > MAX_CLAIMS_LENGTH) {
    return refuse(
      `a claims challenge of at most ${MAX_CLAIMS_LENGTH} characters (got ${claims.length})`,
      fix,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(claims);
  } catch {
    return refuse("a claims challenge in JSON (a base64-encoded challenge must be decoded first)", fix);
  }
  if (!isJsonObject(parsed) || !Object.values(parsed).every(isJsonObject)) {
    return refuse(
      'a JSON object whose members are JSON objects, e.g. {"access_token":{"nbf":{"essential":true,"value":"1702682181"}}}',
      fix,
    );
  }
  return claims;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
