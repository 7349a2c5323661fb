/**
 * Quotes a value for a POSIX shell when it needs it, so a command built from a token's claims can be
 * pasted safely; placeholders such as `<client-id>` are left readable.
 *
 * @example
 * ```ts
 * shellQuote("api://AzureADTokenExchange"); // "api://AzureADTokenExchange"
 * shellQuote("repo:o/r:environment:it's"); // "'repo:o/r:environment:it'\\''s'"
 * ```
 */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value) || /^<[a-z-]+>$/.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
