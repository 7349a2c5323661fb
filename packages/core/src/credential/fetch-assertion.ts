import { AssertionFetchError } from "../errors/assertion-fetch-error";
import { CredentialUnavailableError } from "../errors/credential-unavailable-error";
import { InvalidInputError } from "../errors/invalid-input-error";
import { HttpRequestError } from "../http/http-request-error";
import { logger } from "../logger";
import type { AssertionProvider } from "../provider/assertion-provider";
import { redact } from "../redact";

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Asks a provider for a fresh external OIDC token for one exchange, with the caller's abort signal,
 * and checks that it looks like a JWT (surrounding whitespace, e.g. a file's final newline, is
 * removed). Errors are azfed's own: an abort rethrows the signal's reason; the provider's typed
 * errors pass through; anything else becomes an {@link AssertionFetchError} whose message is redacted.
 *
 * @example
 * ```ts
 * const assertion = await fetchAssertion(githubActions(), "api://AzureADTokenExchange", signal);
 * // a provider with a fixed audience may fall back to the other convention:
 * await fetchAssertion(gitlab(), "api://AzureADTokenExchangeUSGov", signal, "api://AzureADTokenExchange");
 * ```
 */
export async function fetchAssertion(
  provider: AssertionProvider,
  audience: string,
  signal: AbortSignal,
  alternateAudience?: string,
): Promise<string> {
  const started = performance.now();
  let assertion: unknown;
  try {
    assertion = await provider.getAssertion({
      audience,
      signal,
      ...(alternateAudience === undefined ? {} : { alternateAudience }),
    });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (
      error instanceof AssertionFetchError ||
      error instanceof CredentialUnavailableError ||
      error instanceof InvalidInputError ||
      error instanceof HttpRequestError
    ) {
      throw error;
    }
    // No `cause`: an unknown error's message may hold the token; only its redacted text is kept.
    throw new AssertionFetchError({
      provider: provider.name,
      message: `getting the external token failed: ${redact(error instanceof Error ? `${error.name}: ${error.message}` : String(error))}`,
    });
  }
  if (signal.aborted) throw signal.reason;
  const trimmed = typeof assertion === "string" ? assertion.trim() : "";
  if (!JWT_SHAPE.test(trimmed)) {
    throw new AssertionFetchError({
      provider: provider.name,
      message:
        typeof assertion === "string"
          ? `the external token is not a JWT (got ${assertion.length} characters); expected three base64url parts separated by dots`
          : `the external token is ${assertion === null ? "null" : typeof assertion}; expected a JWT string`,
    });
  }
  logger.verbose(
    `FederatedTokenCredential: external token from ${provider.name} for audience ${audience} in ${Math.round(performance.now() - started)} ms`,
  );
  return trimmed;
}
