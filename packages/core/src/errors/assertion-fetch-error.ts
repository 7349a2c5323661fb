import { redact } from "../redact";

/**
 * Thrown when a platform's token service answers with something other than a token: a status, an
 * HTML page, a body without the expected field. Carries the platform and the HTTP status; never the
 * token or the request token.
 *
 * @example
 * ```ts
 * throw new AssertionFetchError({
 *   provider: "github-actions",
 *   message: "the token service answered 401 Unauthorized; expected 200 with JSON { value }",
 *   statusCode: 401,
 * });
 * ```
 */
export class AssertionFetchError extends Error {
  /** `"AssertionFetchError"`, or a subclass's own name (such as `"KubernetesTokenFileError"`). */
  override readonly name: string = "AssertionFetchError";
  /** The provider's name, e.g. "github-actions". */
  readonly provider: string;
  /** The HTTP status the platform answered with, when there was an answer. */
  readonly statusCode: number | undefined;

  constructor(details: {
    provider: string;
    message: string;
    statusCode?: number | undefined;
    cause?: unknown;
  }) {
    super(redact(`${details.provider}: ${details.message}`), { cause: details.cause });
    this.provider = details.provider;
    this.statusCode = details.statusCode;
  }
}
