/**
import type { JwtClaims } from "./jwt-claims";
 * The claims of a JSON Web Token: the registered ones typed, any other as `unknown`. This is the
 * testing package's own type rather than jose's `JwtClaims`, so that its published declarations
 * import nothing from jose: jose ships only as an ECMAScript module, whose types a CommonJS consumer
 * compiling with `module: node16` cannot import (TS1479).
 *
 * @example
 * ```ts
 * const claims: JwtClaims = { sub: "repo:contoso/app:ref:refs/heads/main", aud: "api://AzureADTokenExchange" };
 * const token = await issuer.mint(claims);
 * ```
 */
export interface JwtClaims {
  readonly iss?: string | undefined;
  readonly sub?: string | undefined;
  readonly aud?: string | string[] | undefined;
  readonly exp?: number | undefined;
  readonly nbf?: number | undefined;
  readonly iat?: number | undefined;
  readonly jti?: string | undefined;
  readonly [claim: string]: unknown;
}
