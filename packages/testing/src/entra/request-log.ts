import type { IncomingHttpHeaders } from "node:http";
import type { JWTPayload } from "jose";

/**
 * Which Entra endpoint a request went to.
 *
 * @example
 * ```ts
 * const endpoint: EntraEndpoint = "token";
 * entra.count(endpoint); // 1
 * ```
 */
export type EntraEndpoint = "token" | "openid-configuration" | "instance-discovery" | "keys";

/**
 * One request the Entra emulator answered, with every secret replaced by `[REDACTED]`: the
 * `client_assertion` and `client_secret` form fields (and query parameters), and the
 * `Authorization` and `Cookie` headers.
 *
 * @example
 * ```ts
 * const [request] = entra.requests;
 * request.form.client_assertion; // "[REDACTED]"
 * request.assertionClaims?.sub; // "repo:contoso/app:ref:refs/heads/main"
 * request.errorCode; // undefined on success, e.g. 700213 on a refusal
 * ```
 */
export interface RecordedRequest {
  readonly method: string;
  /** The path and query string, e.g. `/contoso/oauth2/v2.0/token`. */
  readonly path: string;
  /** The endpoint, or `undefined` for a path the emulator does not serve. */
  readonly endpoint: EntraEndpoint | undefined;
  /** Request headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The form fields of a token request (empty for GET requests). */
  readonly form: Readonly<Record<string, string>>;
  /** The decoded claims of the client assertion, when it could be decoded (never the token itself). */
  readonly assertionClaims: Readonly<JWTPayload> | undefined;
  /** The status answered; 0 when the connection was dropped on purpose. */
  readonly status: number;
  /** The AADSTS code of a refusal. */
  readonly errorCode: number | undefined;
  /** Whether the answer was an injected fault. */
  readonly injected: boolean;
  /** The correlation id the emulator used (the `client-request-id` header when it was a GUID). */
  readonly correlationId: string;
  readonly receivedAt: Date;
}

/**
 * What replaces a secret in {@link RecordedRequest} entries: `"[REDACTED]"`.
 *
 * @example
 * ```ts
 * expect(entra.requests[0]?.form.client_assertion).toBe(REDACTED_VALUE);
 * ```
 */
export const REDACTED_VALUE = "[REDACTED]";

const SECRET_FIELDS = new Set(["client_assertion", "client_secret", "assertion", "refresh_token", "code"]);
const SECRET_HEADERS = new Set(["authorization", "cookie", "proxy-authorization"]);

/**
 * Form or query fields with secret values redacted.
 *
 * @internal
 */
export function redactedFields(params: URLSearchParams): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of params) fields[name] = SECRET_FIELDS.has(name) ? REDACTED_VALUE : value;
  return fields;
}

/**
 * A path with secret query parameters redacted.
 *
 * @internal
 */
export function redactedPath(url: URL): string {
  if (url.search === "") return url.pathname;
  const query = new URLSearchParams(redactedFields(url.searchParams)).toString();
  return `${url.pathname}?${query}`;
}

/**
 * Headers with credentials redacted.
 *
 * @internal
 */
export function redactedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    result[name] = SECRET_HEADERS.has(name)
      ? REDACTED_VALUE
      : Array.isArray(value)
        ? value.join(", ")
        : value;
  }
  return result;
}
