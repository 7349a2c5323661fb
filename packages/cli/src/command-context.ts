import { redact } from "@azfed/core/provider";
import type { CliIo } from "./cli-io";
import { ExitCode, type ExitCodeValue } from "./exit-code";
import { shouldUseColor, type TerminalStyle, terminalSafe, terminalStyle } from "./terminal-style";

/**
 * What every `azfed` command works with: the I/O, a style per stream, and the exit code it settles on.
 *
 * @example
 * ```ts
 * const context = createCommandContext(resolveCliIo());
 * context.print(context.out.green("matched"));
 * context.exitCode = ExitCode.problemFound;
 * ```
 */
export interface CommandContext {
  readonly io: CliIo;
  /** Styles for stdout (see {@link shouldUseColor}: a terminal without NO_COLOR, or FORCE_COLOR). */
  readonly out: TerminalStyle;
  /** Styles for stderr (see {@link shouldUseColor}: a terminal without NO_COLOR, or FORCE_COLOR). */
  readonly err: TerminalStyle;
  /** The code the run ends with; commands raise it to 1 when they find a problem. */
  exitCode: ExitCodeValue;
  /** Writes text and a line break to stdout, as it is. */
  print(text: string): void;
  /** Writes text and a line break to stderr, with secrets redacted. */
  printError(text: string): void;
  /** Writes `azfed: warning: …` to stderr, with secrets redacted. */
  warn(text: string): void;
}

/**
 * A {@link CommandContext} over the given I/O, starting at exit code 0.
 *
 * @example
 * ```ts
 * const context = createCommandContext(resolveCliIo({ env: { NO_COLOR: "1" } }));
 * ```
 */
export function createCommandContext(io: CliIo): CommandContext {
  const out = terminalStyle(shouldUseColor(io.stdout, io.env));
  const err = terminalStyle(shouldUseColor(io.stderr, io.env));
  return {
    io,
    out,
    err,
    exitCode: ExitCode.success,
    print: (text) => {
      io.stdout.write(`${terminalSafe(text)}\n`);
    },
    printError: (text) => {
      io.stderr.write(`${terminalSafe(redact(text))}\n`);
    },
    warn: (text) => {
      io.stderr.write(`${err.yellow("azfed: warning:")} ${terminalSafe(redact(text))}\n`);
    },
  };
}
