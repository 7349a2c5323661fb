import { redact } from "../redact";
import { markScrubbed, scrubCause } from "./scrubbed-cause";

/**
 * Thrown when a credential cannot be used here at all: a platform is absent, or a tenant or client id
 * is missing. Its `name` is exactly `"CredentialUnavailableError"`, so `@azure/identity`'s
 * `ChainedTokenCredential` moves on to the next credential.
 *
 * @example
 * ```ts
 * try {
 *   await credential.getToken("https://storage.azure.com/.default");
 * } catch (error) {
 *   if (error instanceof CredentialUnavailableError) console.log("not on a supported platform");
 * }
 * ```
 */
export class CredentialUnavailableError extends Error {
  override readonly name = "CredentialUnavailableError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(redact(message), { cause: scrubCause(options?.cause) });
    markScrubbed(this);
  }
}
