import { redact } from "../redact";

/**
 * Thrown by {@link sendRequest} when no HTTP answer was had: the network failed on every attempt,
 * the overall timeout passed, or the caller aborted.
 *
 * @example
 * ```ts
 * try { await sendRequest({ url }); } catch (e) { if (e instanceof HttpRequestError) console.log(e.reason); }
 * ```
 */
export class HttpRequestError extends Error {
  override readonly name = "HttpRequestError";
  /** "network", "timeout" or "aborted". */
  readonly reason: "network" | "timeout" | "aborted";
  /** Attempts made, the first included. */
  readonly attempts: number;

  constructor(reason: HttpRequestError["reason"], url: string, attempts: number, cause?: unknown) {
    const what =
      reason === "timeout"
        ? "timed out"
        : reason === "aborted"
          ? "was aborted"
          : `failed: ${cause instanceof Error ? describeNetworkError(cause) : String(cause)}`;
    super(redact(`Request to ${safeUrl(url)} ${what} after ${attempts} attempt(s)`), { cause });
    this.reason = reason;
    this.attempts = attempts;
  }
}

/** The URL without its query string, which may carry identifiers users do not want in logs. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return "<invalid URL>";
  }
}

/** A network failure in one line: the error, its cause and the cause's code, redacted. */
export function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = cause && "code" in cause ? String((cause as { code: unknown }).code) : undefined;
  return redact([error.message, cause?.message, code].filter(Boolean).join(": "));
}
