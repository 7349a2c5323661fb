import { redact } from "./redact";
import { scrubSecrets } from "./scrub-secrets";

/**
 * `text` unchanged when it has at most `maxLength` characters, else its start followed by how long it
 * was, e.g. `"abc… (1048576 characters)"`: values from outside (a server's answer, a file) are shown
 * shortened in errors, logs and terminal output.
 *
 * @example
 * ```ts
 * shorten("x".repeat(1000), 20); // "xxxxxxxx… (1000 characters)"
 * shorten("short", 20); // "short"
 * ```
 */
export function shorten(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const suffix = `… (${text.length} characters)`;
  let end = Math.max(0, maxLength - suffix.length);
  // Never cut a surrogate pair in half.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}${suffix}`;
}

/**
 * Text from outside made fit to show: the exact `secrets` scrubbed (whole and in part), everything
 * shaped like a secret redacted, and only then shortened to `maxLength`, so that a secret straddling
 * the cut is removed whole instead of leaving its first part behind. Linear in the text's length.
 *
 * @example
 * ```ts
 * scrubAndShorten(`trace ${assertion}`, 64, [assertion]); // "trace [REDACTED]"
 * ```
 */
export function scrubAndShorten(
  text: string,
  maxLength: number,
  secrets: Iterable<string | undefined> = [],
): string {
  return shorten(redact(scrubSecrets(text, secrets)), maxLength);
}
