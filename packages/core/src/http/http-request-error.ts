import { scrubAndShorten } from "../bounded-text";
import { markScrubbed, scrubCause } from "../errors/scrubbed-cause";
import { redact } from "../redact";
import { scrubSecrets } from "../scrub-secrets";
import { certificateAdvice } from "./certificate-error";

/**
 * Why `sendRequest` had no usable answer:
 * - `network`: the connection failed on every attempt;
 * - `timeout`: the overall budget passed; `aborted`: the caller's signal fired;
 * - `too-large`: the body was longer than `maxBodyBytes` (not retried);
 * - `throttled`: the server asked to wait (`Retry-After`) longer than the budget or `maxDelayMs` allow;
 * - `certificate`: the server's TLS certificate was not trusted (not retried: retrying cannot help).
 *
 * @example
 * ```ts
 * const reason: HttpRequestFailure = "throttled";
 * ```
 */
export type HttpRequestFailure =
  | "network"
  | "timeout"
  | "aborted"
  | "too-large"
  | "throttled"
  | "certificate";

/**
 * Thrown by `sendRequest` when no usable HTTP answer was had: the network failed on every
 * attempt, the overall timeout passed, the caller aborted, the body was too large, the server
 * throttled for longer than the budget, or its certificate was not trusted. The message says which,
 * and what to do.
 *
 * @example
 * ```ts
 * try { await sendRequest({ url }); } catch (e) { if (e instanceof HttpRequestError) console.log(e.reason); }
 * ```
 */
export class HttpRequestError extends Error {
  override readonly name = "HttpRequestError";
  /** What went wrong: see {@link HttpRequestFailure}. */
  readonly reason: HttpRequestFailure;
  /** Attempts made, the first included. */
  readonly attempts: number;
  /** For `throttled`: how long the server asked to wait, in ms. */
  readonly retryAfterMs: number | undefined;
  /** For `throttled` and `too-large`: the HTTP status of the answer. */
  readonly statusCode: number | undefined;

  constructor(
    reason: HttpRequestFailure,
    url: string,
    attempts: number,
    cause?: unknown,
    details: {
      readonly statusCode?: number | undefined;
      readonly retryAfterMs?: number | undefined;
      readonly detail?: string | undefined;
      /** The request's header values and form fields: scrubbed from the message and the cause. */
      readonly secrets?: Iterable<string> | undefined;
    } = {},
  ) {
    const secrets = [...(details.secrets ?? [])];
    super(
      redact(
        scrubSecrets(
          `Request to ${safeUrl(url)} ${describeFailure(reason, cause, details)} after ${attempts} attempt(s)`,
          secrets,
        ),
      ),
      // The caller's own abort reason is its object, kept as is; anything else from the transport is
      // kept only as a scrubbed copy (a parser error's raw bytes may echo the request's secrets).
      { cause: reason === "aborted" ? cause : scrubCause(cause, secrets) },
    );
    markScrubbed(this);
    this.reason = reason;
    this.attempts = attempts;
    this.retryAfterMs = details.retryAfterMs;
    this.statusCode = details.statusCode;
  }
}

/** What {@link HttpRequestError} says besides its reason. */
interface HttpRequestErrorDetails {
  readonly statusCode?: number | undefined;
  readonly retryAfterMs?: number | undefined;
  readonly detail?: string | undefined;
}

function describeFailure(
  reason: HttpRequestFailure,
  cause: unknown,
  details: HttpRequestErrorDetails,
): string {
  switch (reason) {
    case "timeout":
      return "timed out";
    case "aborted":
      return "was aborted";
    case "too-large":
      return `was refused: the answer (HTTP ${details.statusCode}) is ${details.detail}; no token, OIDC token or error reply is that large, so the wrong server (or a proxy) answered: check the URL and any proxy in between`;
    case "throttled":
      return `was throttled: the server answered HTTP ${details.statusCode} and asked to wait ${Math.ceil((details.retryAfterMs ?? 0) / 1000)} s (Retry-After), ${details.detail}. Not waiting: try again after ${retryTime(details.retryAfterMs ?? 0)}`;
    case "certificate":
      return `failed: the server's TLS certificate was not trusted (${cause instanceof Error ? describeNetworkError(cause) : String(cause)}). Not retried: ${certificateAdvice(networkErrorCode(cause))}`;
    default:
      return `failed: ${cause instanceof Error ? describeNetworkError(cause) : String(cause)}`;
  }
}

/** The last time a `Date` holds, epoch ms (ECMA-262 §21.4.1.1: time values lie within ±8.64e15 ms, inclusive). */
const LAST_DATE_MS = 8.64e15;

/** When to try again, as an ISO time; past the last date a `Date` holds (or not a number), "a long while". */
function retryTime(retryAfterMs: number): string {
  const at = Date.now() + retryAfterMs;
  return at <= LAST_DATE_MS ? new Date(at).toISOString() : "a long while";
}

/** TLS verification failures: retrying cannot fix them; the message says what can. */
/** The URL without its query string, which may carry identifiers users do not want in logs. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return "<invalid URL>";
  }
}

/** A network failure in one line: the error, its cause and the code, shortened and redacted. */
export function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return scrubAndShorten(String(error), 500);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const text = [error.message, cause?.message, networkErrorCode(error)].filter(Boolean).join(": ");
  return scrubAndShorten(text, 500);
}

/**
 * The `code` of a network error, e.g. `ECONNREFUSED`: the first string `code` among the error and its
 * next three causes (undici puts the system's error in `cause`; an {@link HttpRequestError} keeps the
 * transport's error as a `ScrubbedCause` with its code), or `undefined`.
 *
 * @example
 * ```ts
 * try { await sendRequest({ url }); } catch (e) { console.log(networkErrorCode(e) ?? "network error"); }
 * ```
 */
export function networkErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    if ("code" in current && typeof current.code === "string") return current.code;
    current = current.cause;
  }
  return undefined;
}
