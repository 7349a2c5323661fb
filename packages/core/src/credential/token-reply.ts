import { shorten } from "../bounded-text";
import { AuthenticationError } from "../diagnosis/authentication-error";
import { scrubSecrets } from "../scrub-secrets";

/**
 * The longest token lifetime azfed accepts, in seconds: two days. Entra's access tokens live 60 to 90
 * minutes, up to 28 hours with continuous access evaluation, and 24 hours for a managed identity.
 *
 * @see https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#token-lifetime
 *
 * @example
 * ```ts
 * if (expiresIn > MAX_TOKEN_LIFETIME_SECONDS) throw new Error("implausible token lifetime");
 * ```
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 2 * 24 * 3600;

/**
 * The parts of a successful token reply azfed uses, checked.
 *
 * @example
 * ```ts
 * const { accessToken, expiresInSeconds } = readTokenReply(JSON.parse(body));
 * ```
 */
export interface TokenReply {
  readonly accessToken: string;
  /** `expires_in`: from 1 s to {@link MAX_TOKEN_LIFETIME_SECONDS}. */
  readonly expiresInSeconds: number;
  /** `refresh_in`, when sent and usable (positive, below `expires_in`); otherwise `undefined`. */
  readonly refreshInSeconds: number | undefined;
}

/**
 * Reads and checks a token endpoint's successful reply (`access_token`, `expires_in`, `refresh_in`),
 * as RFC 6749 §5.1 and Entra define them: `access_token` a non-empty string, `expires_in` a positive
 * number of seconds (Entra's v1 endpoints send it as a numeric string) no larger than two days. A reply
 * that is not so is refused: caching it would mean a request per call (an expired token) or a token
 * kept for years.
 *
 * @throws `AuthenticationError` with `errorCode` `"invalid_token_reply"`, naming the field, the
 *   value received (shortened, with the access token removed) and what was expected.
 *
 * @example
 * ```ts
 * readTokenReply({ access_token: "eyJ0eXAi…", expires_in: 3599 }).expiresInSeconds; // 3599
 * readTokenReply({ access_token: "eyJ0eXAi…", expires_in: -100 }); // throws AuthenticationError naming expires_in
 * ```
 */
export function readTokenReply(reply: unknown): TokenReply {
  // null, an array or a primitive has none of the fields: each reads as undefined and is refused below.
  const fields = (reply ?? {}) as Record<string, unknown>;
  const accessToken = fields.access_token;
  const secret = typeof accessToken === "string" ? accessToken : undefined;
  // Visible ASCII only (RFC 6749 §A.12 VSCHAR, without the space a bearer header cannot carry): a CR,
  // LF or escape in it would reach the terminal of `azfed token` and every header it is put in.
  if (typeof accessToken !== "string" || !ACCESS_TOKEN_CHARACTERS.test(accessToken)) {
    throw invalidTokenReply(
      "access_token",
      accessToken,
      "a non-empty string of visible ASCII characters (the access token; no spaces or control characters)",
      secret,
    );
  }
  const expiresIn = seconds(fields.expires_in);
  if (expiresIn === undefined || expiresIn < 1 || expiresIn > MAX_TOKEN_LIFETIME_SECONDS) {
    throw invalidTokenReply(
      "expires_in",
      fields.expires_in,
      `a number of seconds from 1 to ${MAX_TOKEN_LIFETIME_SECONDS} (the token's lifetime)`,
      secret,
    );
  }
  const refreshIn = seconds(fields.refresh_in) ?? 0;
  return {
    accessToken,
    expiresInSeconds: expiresIn,
    refreshInSeconds: refreshIn > 0 && refreshIn < expiresIn ? refreshIn : undefined,
  };
}

const ACCESS_TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;

/** A number of seconds, sent as a JSON number or a decimal string; anything else is `undefined`. */
function seconds(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.length <= 20 && /^\d+(\.\d+)?$/.test(value.trim())) {
    return Number(value); // Number() ignores the whitespace around the digits
  }
  return undefined;
}

function invalidTokenReply(
  field: string,
  value: unknown,
  expected: string,
  accessToken: string | undefined,
): AuthenticationError {
  const shown =
    value === undefined
      ? "no such field"
      : shorten(scrubSecrets(JSON.stringify(value) ?? typeof value, [accessToken]), 80);
  const description = `The token endpoint answered 200 with an unusable ${field}: got ${shown}; expected ${expected}.`;
  return new AuthenticationError(
    {
      statusCode: 200,
      errorCode: "invalid_token_reply",
      errorDescription: description,
      aadsts: [],
      correlationId: undefined,
      traceId: undefined,
      timestamp: undefined,
    },
    {
      summary: `The token endpoint's reply was refused: its ${field} is not usable.`,
      details: [description],
      likelyCauses: [
        "The authority host is not Microsoft Entra ID, or a proxy in between altered the reply.",
      ],
      fix: [
        "Check authorityHost (or AZURE_AUTHORITY_HOST) and any proxy (HTTPS_PROXY) between here and Microsoft Entra ID.",
      ],
    },
  );
}
