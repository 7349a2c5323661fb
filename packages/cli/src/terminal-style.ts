import { escapeControlCharacters } from "@azfed/core/provider";
import type { CliOutput } from "./cli-io";

/**
 * Text styles for one output stream; each is the identity function when colour is off.
 *
 * @example
 * ```ts
 * const style = terminalStyle(shouldUseColor(io.stderr, io.env));
 * io.stderr.write(`${style.red("error")}: no FIC matches\n`);
 * ```
 */
export interface TerminalStyle {
  readonly enabled: boolean;
  /** `text` in bold, or unchanged when colour is off. */
  bold(text: string): string;
  /** `text` in dim (faint), or unchanged when colour is off. */
  dim(text: string): string;
  /** `text` in red, or unchanged when colour is off. */
  red(text: string): string;
  /** `text` in yellow, or unchanged when colour is off. */
  yellow(text: string): string;
  /** `text` in green, or unchanged when colour is off. */
  green(text: string): string;
  /** `text` in cyan, or unchanged when colour is off. */
  cyan(text: string): string;
}

/**
 * Whether to colour a stream, as Node.js itself decides: `FORCE_COLOR` set to `1`, `2`, `3`, `true`
 * or the empty string turns colour on, even when the stream is not a terminal and `NO_COLOR` is set;
 * `FORCE_COLOR` set to anything else turns it off. Without it, colour is used only on a terminal,
 * never when `NO_COLOR` is set to a non-empty value (https://no-color.org) or `TERM` is `dumb`.
 * @see https://nodejs.org/api/cli.html#force_color1-2-3
 *
 * @example
 * ```ts
 * shouldUseColor(process.stdout, process.env); // false when piped or with NO_COLOR=1
 * shouldUseColor({ write: () => true }, { FORCE_COLOR: "1" }); // true, even into a pipe
 * ```
 */
export function shouldUseColor(stream: CliOutput, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return ["", "1", "2", "3", "true"].includes(force);
  if (stream.isTTY !== true) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return env.TERM !== "dumb";
}

/**
 * ANSI styles when `enabled`, plain text otherwise.
 *
 * @example
 * ```ts
 * terminalStyle(false).red("error"); // "error"
 * terminalStyle(true).red("error"); // "\u001b[31merror\u001b[39m"
 * ```
 */
export function terminalStyle(enabled: boolean): TerminalStyle {
  const sgr = (open: number, close: number) =>
    enabled ? (text: string) => `\u001b[${open}m${text}\u001b[${close}m` : (text: string) => text;
  return {
    enabled,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}

/** The colour sequences {@link terminalStyle} writes (Select Graphic Rendition): the only escapes let through. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what is matched
const SELECT_GRAPHIC_RENDITION = /\u001b\[[0-9;]*m/g;

/**
 * Text about to be written to a terminal, made inert: every control character is shown escaped
 * (core's `escapeControlCharacters`: cursor moves, erases, OSC 52 clipboard writes, carriage returns)
 * except line breaks and the colour sequences the CLI itself adds. Every line the CLI writes goes
 * through it; values from outside that may hold a line break are escaped whole where they are placed.
 *
 * @example
 * ```ts
 * terminalSafe("sub \u001b[1A\u001b[2K✓ forged"); // "sub \\x1b[1A\\x1b[2K✓ forged"
 * ```
 */
export function terminalSafe(text: string): string {
  let safe = "";
  let last = 0;
  for (const match of text.matchAll(SELECT_GRAPHIC_RENDITION)) {
    safe += escapeControlCharacters(text.slice(last, match.index), { keepLineBreaks: true }) + match[0];
    last = match.index + match[0].length;
  }
  return safe + escapeControlCharacters(text.slice(last), { keepLineBreaks: true });
}
