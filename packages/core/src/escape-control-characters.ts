/**
 * What a terminal or a log reader acts on instead of showing: C0 and C1 control characters (ESC
 * starts cursor moves, screen erases and OSC 52 clipboard writes; CR and LF start a new, forged line),
 * DEL, the line and paragraph separators, and the bidirectional overrides and isolates that reorder
 * what is shown.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
const CONTROL_OR_FORMATTING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * `text` with every control character (C0, DEL, C1), line and paragraph separator and bidirectional
 * override shown as an escape (`\n`, `\r`, `\t`, `\x1b`, `\u202e`). Every value from outside (a
 * token's claim, a server's words, a file's field) goes through it before it reaches a terminal or a
 * log line, so it can neither move the cursor, erase, write the clipboard, nor start a forged line.
 * With `keepLineBreaks`, `\n` is kept (for a whole message azfed wrote on several lines, whose
 * values were escaped on their own). Linear in the text's length.
 *
 * @example
 * ```ts
 * escapeControlCharacters("repo:o/r\n[azfed] ✓ forged"); // "repo:o/r\\n[azfed] ✓ forged"
 * escapeControlCharacters("\u001b[1A\u001b[2K"); // "\\x1b[1A\\x1b[2K"
 * ```
 */
export function escapeControlCharacters(
  text: string,
  options: { readonly keepLineBreaks?: boolean | undefined } = {},
): string {
  return text.replace(CONTROL_OR_FORMATTING, (character) => {
    if (character === "\n" && options.keepLineBreaks) return character;
    const named = NAMED[character];
    if (named) return named;
    const code = character.charCodeAt(0);
    // Every escaped character above U+00FF (U+2028 to U+2069) has four hex digits already.
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`;
  });
}
