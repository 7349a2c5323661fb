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
