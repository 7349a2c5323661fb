import { CredentialUnavailableError } from "../errors/credential-unavailable-error";
import type { AssertionClaims } from "../fic/decode-assertion";
import { logger } from "../logger";
import {
  decodeToken,
  type ExpectedAudience,
  requireUnexpired,
  type TokenAudienceClaim,
  tokenAudiences,
  warnOnTokenAudience,
} from "./check-token";
import { type TokenFacts, type TokenPlace, tokenError } from "./token-facts";
import { MAX_TOKEN_FILE_BYTES } from "./token-file";

/**
 * A token read from an environment variable by {@link readTokenVariable}: the variable's name, the
 * token (trimmed) and its claims, read without verifying the signature (Entra does).
 *
 * @example
 * ```ts
 * const found: TokenVariable = readTokenVariable("TFC_WORKLOAD_IDENTITY_TOKEN", process.env, facts);
 * ```
 */
export interface TokenVariable {
  readonly variable: string;
  readonly token: string;
  readonly claims: AssertionClaims;
}

/**
 * Reads the token a platform put in the environment variable `name` (HCP Terraform's
 * `TFC_WORKLOAD_IDENTITY_TOKEN`, a GitLab `id_tokens:` variable, `SPACELIFT_OIDC_TOKEN`), the one way
 * every provider shares: an unset or empty variable is a `CredentialUnavailableError` saying who sets
 * it ({@link TokenFacts.whenMissing}); a value over 64 KiB (bytes, the bound of a token file) or not a
 * JWT (`decodeAssertion`) is the provider's typed error naming the variable, never its value.
 *
 * @example
 * ```ts
 * const found = readTokenVariable("TFC_WORKLOAD_IDENTITY_TOKEN", process.env, facts);
 * const token = presentTokenVariable(found, { nowMs: Date.now() }, facts);
 * ```
 */
export function readTokenVariable<P extends string>(
  name: string,
  env: NodeJS.ProcessEnv,
  facts: TokenFacts<P>,
): TokenVariable {
  const value = env[name];
  if (value === undefined || value === "") {
    throw new CredentialUnavailableError(
      `${facts.provider}: the variable ${name} is not set; ${facts.writer} sets it: ${facts.whenMissing}`,
    );
  }
  const place: TokenPlace = { kind: "variable", name };
  const bytes = Buffer.byteLength(value);
  if (bytes > MAX_TOKEN_FILE_BYTES) {
    throw tokenError(
      facts,
      place,
      "unreadable",
      `the variable ${name} holds ${bytes} bytes, far more than a token (at most ${MAX_TOKEN_FILE_BYTES}); point ${facts.setting} at the variable ${facts.writer} sets`,
    );
  }
  return { variable: name, ...decodeToken(value, { place, shown: `the variable ${name}` }, facts) };
}

/**
 * How {@link presentTokenVariable} checks a token: the time `exp` is checked against, and the audience
 * asked for: `require` refuses a token for another audience (a job with several tokens picks by it),
 * `warn` presents it with a log line (its writer fixed it).
 *
 * @example
 * ```ts
 * const check: TokenVariableCheck = { nowMs: Date.now(), expected: { audience: context.audience }, audience: "require" };
 * ```
 */
export interface TokenVariableCheck {
  readonly nowMs: number;
  readonly expected?: ExpectedAudience | undefined;
  readonly audience?: "require" | "warn" | undefined;
}

/**
 * The token of `found`, once its audience and `exp` are checked: a token for another audience is a
 * `CredentialUnavailableError` (`require`, with {@link TokenFacts.whenOtherAudience}) or a log line
 * (`warn`); an expired one is the provider's typed error (`expired`) saying it cannot be refreshed, a
 * CI variable being fixed for the job, and what to do ({@link TokenFacts.whenExpired}).
 *
 * @example
 * ```ts
 * const token = presentTokenVariable(found, { nowMs: clock(), expected: context, audience: "require" }, facts);
 * ```
 */
export function presentTokenVariable<P extends string>(
  found: {
    readonly variable: string;
    readonly token: string;
    readonly claims: TokenAudienceClaim & Pick<AssertionClaims, "exp">;
  },
  check: TokenVariableCheck,
  facts: TokenFacts<P>,
): string {
  const { variable, claims } = found;
  const where = `the token in ${variable}`;
  if (check.expected !== undefined && check.audience === "require") {
    const { audience, alternateAudience } = check.expected;
    const audiences = tokenAudiences(claims);
    if (!audiences.includes(audience) && !(alternateAudience && audiences.includes(alternateAudience))) {
      const fix =
        facts.whenOtherAudience?.(audience) ??
        "give the credential the audience your federated credential uses";
      throw new CredentialUnavailableError(
        `${facts.provider}: ${where} has aud ${audiences.join(", ") || "(none)"}, but the exchange expects ${audience}. ${fix}`,
      );
    }
  } else {
    warnOnTokenAudience(claims, check.expected, where, facts);
  }
  requireUnexpired(claims, { place: { kind: "variable", name: variable }, shown: where }, check.nowMs, facts);
  const { exp } = claims;
  logger.verbose(
    `${facts.provider}: using ${where}${exp === undefined ? "" : ` (expires in ${Math.round(exp - check.nowMs / 1000)} s)`}`,
  );
  return found.token;
}
