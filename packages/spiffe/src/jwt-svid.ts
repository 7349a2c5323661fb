import {
  type AssertionClaims,
  type AssertionContext,
  decodeAssertion,
  decodeAssertionHeader,
  InvalidAssertionError,
} from "@azfed/core";
import { logger, warnOnTokenAudience } from "@azfed/core/provider";

/** A JWT-SVID is a few kilobytes; anything this long is not one. */
export const MAX_JWT_SVID_CHARS = 32 * 1024;

/** Why a JWT-SVID cannot be presented: the sentence that ends "… ; {fix}". @internal */
export interface JwtSvidProblem {
  readonly problem: "not-a-jwt" | "no-issuer" | "expired";
  readonly message: string;
}

/**
 * Reads a JWT-SVID's claims without verifying it (Entra does) and says what keeps it from being
 * exchanged: not a JWT, no `iss` (SPIRE writes `iss` only when the server's `jwt_issuer` is set), or
 * expired by `now`. The SVID itself never appears in the answer.
 *
 * @see spiffe/spire pkg/server/credtemplate/builder.go (commit ef8527ec91013c6c1b4741e0f6ac0786576e620e,
 *   checked 2026-12-07): `if b.config.JWTIssuer != "" { attributes.Claims["iss"] = b.config.JWTIssuer }`
 * @internal
 */
export function jwtSvidProblem(
  svid: string,
  now: number,
): { readonly claims: AssertionClaims } | JwtSvidProblem {
  if (svid.length > MAX_JWT_SVID_CHARS) {
    return { problem: "not-a-jwt", message: `is ${svid.length} characters long, far more than a JWT-SVID` };
  }
  let claims: AssertionClaims;
  try {
    claims = decodeAssertion(svid);
  } catch (error) {
    if (!(error instanceof InvalidAssertionError)) throw error;
    return (
      explainJwtSvid(error) ?? {
        problem: "not-a-jwt",
        message: `is not a JWT-SVID (${error.reason}: expected header.payload.signature in base64url with iss, sub and aud)`,
      }
    );
  }
  if (claims.exp !== undefined && claims.exp * 1000 <= now) {
    const ago = Math.round((now - claims.exp * 1000) / 1000);
    return {
      problem: "expired",
      message: `holds a JWT-SVID that expired at ${new Date(claims.exp * 1000).toISOString()} (${ago} s ago)`,
    };
  }
  return { claims };
}

/**
 * What a JWT-SVID without `iss` means: the SPIRE server's `jwt_issuer` is not set (SPIRE writes `iss`
 * only then); `undefined` for any other defect.
 *
 * @see spiffe/spire pkg/server/credtemplate/builder.go (commit ef8527ec91013c6c1b4741e0f6ac0786576e620e,
 *   checked 2026-12-07): `if b.config.JWTIssuer != "" { attributes.Claims["iss"] = b.config.JWTIssuer }`
 * @internal
 */
export function explainJwtSvid(
  error: InvalidAssertionError,
): { readonly problem: "no-issuer"; readonly message: string } | undefined {
  if (error.field !== "assertion.claims.iss") return undefined;
  return {
    problem: "no-issuer",
    message:
      "is a JWT-SVID without an iss claim, which Entra needs to find the federated credential; set the SPIRE server's jwt_issuer to the OIDC discovery provider's URL (the credential's issuer)",
  };
}

/**
 * Logs a signature algorithm Entra will refuse: any but RS256 (SPIRE's default JWT key is EC:
 * `jwt_key_type`). `where` names the file or the Workload API's address.
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-spiffe-spire
 *   ("Microsoft Entra ID supports external issuers whose tokens are signed with the RS256 algorithm.
 *   SPIRE issues JWT-SVIDs signed with EC (ES256) by default"; ms.date 08/12/2026, checked 2026-12-07)
 * @internal
 */
export function warnAboutAlgorithm(svid: string, where: string): void {
  const alg = decodeAssertionHeader(svid).alg;
  if (alg !== "RS256") {
    logger.warning(
      `spiffe: ${where} signed its JWT-SVID with ${typeof alg === "string" ? alg : "no algorithm"}; Entra accepts RS256: set jwt_key_type = "rsa-2048" in the SPIRE server configuration`,
    );
  }
}

/**
 * Logs what Entra will refuse in a JWT-SVID from the Workload API that is otherwise presentable: its
 * algorithm ({@link warnAboutAlgorithm}) and an audience other than the one asked for (core's
 * `warnOnTokenAudience`, the wording every provider shares).
 *
 * @internal
 */
export function warnAboutJwtSvid(
  svid: string,
  claims: AssertionClaims,
  context: Pick<AssertionContext, "audience">,
  where: string,
): void {
  warnAboutAlgorithm(svid, `the Workload API at ${where}`);
  warnOnTokenAudience(claims, context, `the JWT-SVID from ${where}`, {
    provider: "spiffe",
    writer: "the SPIRE agent",
  });
}
