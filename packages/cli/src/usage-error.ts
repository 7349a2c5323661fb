import { redact, scrubCause } from "@azfed/core/provider";

/**
 * A command line that cannot be run as written: a flag missing, two flags that exclude each other,
 * a value outside its choices, a file that cannot be read. `azfed` prints its message and exits with 2.
 *
 * @example
 * ```ts
 * throw new UsageError("--flexible is only for app registrations; drop --identity or --flexible");
 * ```
 */
export class UsageError extends Error {
  override readonly name = "UsageError";

  constructor(message: string, options?: { cause?: unknown }) {
    // Only a scrubbed copy of the cause is kept: `console.error(error)` prints the whole chain.
    super(redact(message), { cause: scrubCause(options?.cause) });
  }
}
