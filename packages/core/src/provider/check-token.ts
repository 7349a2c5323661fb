import { type AssertionClaims, decodeAssertion, InvalidAssertionError } from "../fic/decode-assertion";
import { logger } from "../logger";
import { type TokenFacts, type TokenPlace, tokenError } from "./token-facts";

/**
 * The claims of the token `text` holds (trimmed: a file or a variable may end in a newline), or the
 * provider's typed error naming `place` (`the token file /path`, `the variable NAME`), never the text:
 * `empty`, `not-a-jwt` (core's `decodeAssertion`: three base64url parts with `iss`, `sub` and `aud`),
 * or a problem of the provider's own ({@link TokenFacts.explainInvalid}).
 *
 * @example
 * ```ts
 * const place: TokenPlace = { kind: "file", name: "/var/run/token" };
 * const { token, claims } = decodeToken(text, { place, shown: "the token file /var/run/token" }, facts);
 * ```
 */
export function decodeToken<P extends string>(
  text: string,
  where: { readonly place: TokenPlace; readonly shown: string },
  facts: TokenFacts<P>,
): { readonly token: string; readonly claims: AssertionClaims } {
  const { place, shown } = where;
  const token = text.trim();
  if (token === "") {
    throw tokenError(
      facts,
      place,
      "empty",
      `${shown} is empty; ${facts.writer} writes ${facts.token} there: ${facts.whenMissing}`,
    );
  }
  try {
    return { token, claims: decodeAssertion(token) };
  } catch (error) {
    if (!(error instanceof InvalidAssertionError)) throw error;
    const explained = facts.explainInvalid?.(error);
    if (explained) throw tokenError(facts, place, explained.problem, `${shown} ${explained.message}`, error);
    throw tokenError(
      facts,
      place,
      "not-a-jwt",
      `${shown} does not hold a JWT (${error.field}: ${error.reason}; expected header.payload.signature in base64url with iss, sub and aud); point ${facts.setting} at ${facts.token}`,
      error,
    );
  }
}

/**
 * Refuses a token whose `exp` has passed by `nowMs`, with the provider's typed error (`expired`)
 * saying when, why azfed cannot refresh it (a file its writer has not rewritten; a CI variable, fixed
 * for the job) and what to do ({@link TokenFacts.whenExpired}).
 *
 * @example
 * ```ts
 * const place: TokenPlace = { kind: "file", name: "/var/run/token" };
 * requireUnexpired(claims, { place, shown: "the token in /var/run/token" }, Date.now(), facts);
 * ```
 */
export function requireUnexpired<P extends string>(
  claims: Pick<AssertionClaims, "exp">,
  where: { readonly place: TokenPlace; readonly shown: string },
  nowMs: number,
  facts: TokenFacts<P>,
): void {
  if (claims.exp === undefined || claims.exp * 1000 > nowMs) return;
  const ago = Math.round((nowMs - claims.exp * 1000) / 1000);
  const why =
    where.place.kind === "file"
      ? `and the file has not been rotated; ${facts.writer} writes it and azfed cannot refresh it:`
      : `; it cannot be refreshed: a CI variable is fixed for the job (${facts.writer} sets it once):`;
  throw tokenError(
    facts,
    where.place,
    "expired",
    `${where.shown} expired at ${new Date(claims.exp * 1000).toISOString()} (${ago} s ago)${where.place.kind === "file" ? " " : ""}${why} ${facts.whenExpired}`,
  );
}

/**
 * The audience the exchange asks for, and the cloud's other convention when the user chose none.
 *
 * @example
 * ```ts
 * const expected: ExpectedAudience = { audience: context.audience, alternateAudience: context.alternateAudience };
 * ```
 */
export interface ExpectedAudience {
  readonly audience: string;
  readonly alternateAudience?: string | undefined;
}

/**
 * The `aud` claim as a token carries it: one audience or several.
 *
 * @example
 * ```ts
 * const claim: TokenAudienceClaim = { aud: ["api://AzureADTokenExchange"] };
 * ```
 */
export interface TokenAudienceClaim {
  readonly aud: string | readonly string[];
}

/**
 * The audiences of a token as a list (`aud` is a string or an array).
 *
 * @example
 * ```ts
 * tokenAudiences({ aud: "api://AzureADTokenExchange" }); // ["api://AzureADTokenExchange"]
 * ```
 */
export function tokenAudiences(claims: TokenAudienceClaim): readonly string[] {
  return typeof claims.aud === "string" ? [claims.aud] : claims.aud;
}

/**
 * Says so when a token whose audience its writer fixed (a file, a job variable) is not for the
 * audience asked for: an info line when it is for the cloud's other convention (presented as it is:
 * the federated credential must name that one), a warning otherwise (Entra will refuse it unless the
 * credential names that audience). The token is presented either way; `where` names the place.
 *
 * @example
 * ```ts
 * warnOnTokenAudience(claims, { audience: context.audience }, "the token file /var/run/token", facts);
 * ```
 */
export function warnOnTokenAudience<P extends string>(
  claims: TokenAudienceClaim,
  expected: ExpectedAudience | undefined,
  where: string,
  facts: Pick<TokenFacts<P>, "provider" | "writer" | "whenOtherAudience">,
): void {
  if (expected === undefined) return;
  const { audience, alternateAudience } = expected;
  const audiences = tokenAudiences(claims);
  if (audiences.includes(audience)) return;
  if (alternateAudience !== undefined && audiences.includes(alternateAudience)) {
    logger.info(
      `${facts.provider}: ${where} is for audience ${alternateAudience} (fixed by ${facts.writer}), the cloud's other convention than ${audience}; presenting it: the federated identity credential must name ${alternateAudience}`,
    );
    return;
  }
  const fix = facts.whenOtherAudience?.(audience) ?? "or give the credential the audience option it has";
  logger.warning(
    `${facts.provider}: ${where} is for audience ${JSON.stringify(claims.aud)}, not ${audience}; Entra will refuse it unless the federated identity credential names that audience (${fix})`,
  );
}
