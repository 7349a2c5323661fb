// Every pattern here runs over text from outside (an error body, a network error), so each is linear:
// a match starts only where a run of its characters starts (the lookbehinds), so no position is scanned
// from more than one start. `\beyJ…` alone rescans a run such as `eyJ-eyJ-…` from every `eyJ` (quadratic).
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const BEARER = /(?<![A-Za-z0-9_])(Bearer|Basic)\s+[^\s"',;]+/gi;
const SECRET_FIELDS =
  /(["']?(?:client_assertion|access_token|refresh_token|id_token|oidcToken|client_secret|request_token|authorization|ACTIONS_ID_TOKEN_REQUEST_TOKEN|SYSTEM_ACCESSTOKEN)["']?\s*[:=]\s*["']?)(?!\$\()([^\s"'&,;}]{8,})/gi;

/**
 * What replaces a secret in redacted text.
 *
 * @example
 * ```ts
 * if (message.includes(REDACTED)) console.log("a secret was removed from this message");
 * ```
 */
export const REDACTED = "[REDACTED]";

/**
 * Removes secrets from text meant for a log line or an error: JWTs, `Bearer`/`Basic` credentials,
 * and the values of fields such as `client_assertion`, `access_token` and `Authorization`.
 * Every azfed log line and error message goes through it.
 *
 * @example
 * ```ts
 * redact("Authorization: Bearer abc.def"); // "Authorization: Bearer [REDACTED]"
 * redact("client_assertion=eyJhbGciOi..."); // "client_assertion=[REDACTED]"
 * redact("SYSTEM_ACCESSTOKEN: $(System.AccessToken)"); // unchanged: a pipeline macro, not a secret
 * ```
 */
export function redact(text: string): string {
  return text
    .replace(JWT, REDACTED)
    .replace(BEARER, (_match, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(SECRET_FIELDS, (_match, prefix: string) => `${prefix}${REDACTED}`);
}
