import { redact, shorten } from "@azfed/core/provider";

/**
 * The longest unbroken run of characters an error message shows: a flag value or path from the
 * command line is echoed back at most this long. Every value azfed accepts is shorter (a FIC's
 * subject is at most 600 characters, but azfed never names one in a usage error).
 */
const MAX_SHOWN_RUN = 200;

/**
 * An error message with every run of more than 200 non-space characters shortened (keeping its
 * start and saying how long it was), so a huge flag value or path echoed back by commander, a
 * builder or the file system cannot flood the terminal or a log. The message's own words, which are
 * never that long, stay whole.
 *
 * @example
 * ```ts
 * boundedMessage(`--app expects a GUID; got "${"a".repeat(5000)}"`);
 * // '--app expects a GUID; got "aaaa…aaa… (5001 characters)'
 * ```
 */
export function boundedMessage(message: string): string {
  // Redacted first, then shortened: a secret straddling the cut would leave its first part behind.
  // `shorten` leaves a run of at most 200 characters as it is.
  return redact(message).replace(/\S+/gu, (run) => shorten(run, MAX_SHOWN_RUN));
}
