import { InvalidInputError } from "@azfed/core";
import { redact } from "@azfed/core/provider";
import { CommanderError } from "commander";
import { boundedMessage } from "./bounded-message";
import { type CliIo, resolveCliIo } from "./cli-io";
import { type CommandContext, createCommandContext } from "./command-context";
import { ExitCode, type ExitCodeValue } from "./exit-code";
import { FicFileError } from "./fic-file";
import { jsonError } from "./json-error";
import { createProgram } from "./program";
import { UsageError } from "./usage-error";

/**
 * Runs the `azfed` command with the given arguments (without `node` and the script name) and
 * resolves to its exit code: 0 success, 1 a problem found, 2 a usage error. Output goes to `io`
 * (default: the real process); nothing calls `process.exit`.
 *
 * @example
 * ```ts
 * import { runCli } from "@azfed/cli";
 *
 * const out: string[] = [];
 * const code = await runCli(["subject", "github", "--repository", "contoso/app", "--branch", "main"], {
 *   stdout: { write: (text) => out.push(text) },
 * });
 * // code === 0, out.join("") === "repo:contoso/app:ref:refs/heads/main\n"
 * ```
 */
export async function runCli(argv: readonly string[], io: Partial<CliIo> = {}): Promise<ExitCodeValue> {
  const context = createCommandContext(resolveCliIo(io));
  const program = createProgram(context);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return context.exitCode;
  } catch (error) {
    const exitCode = reportFailure(error, context);
    if (exitCode !== ExitCode.success && asksForJson(argv)) printJsonError(error, exitCode, context);
    return exitCode;
  }
}

function reportFailure(error: unknown, context: CommandContext): ExitCodeValue {
  if (error instanceof CommanderError) {
    // Commander already wrote the help, version or error message. Help asked for (`--help`,
    // `azfed help fic`) exits 0; help shown because a command was missing, and every error, exit 2.
    const asked =
      error.code === "commander.helpDisplayed" ||
      error.code === "commander.version" ||
      (error.code === "commander.help" && error.exitCode === 0);
    return asked ? ExitCode.success : ExitCode.usageError;
  }
  const label = context.err.red("azfed: error:");
  if (error instanceof UsageError || error instanceof InvalidInputError) {
    context.printError(`${label} ${boundedMessage(error.message)}`);
    context.printError("(run the command with --help for usage and examples)");
    return ExitCode.usageError;
  }
  if (error instanceof FicFileError) {
    // Input the command cannot use at all, like a file that cannot be read: a usage error.
    context.printError(`${label} ${boundedMessage(error.message)}`);
    return ExitCode.usageError;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  context.printError(`${label} ${boundedMessage(redact(message))}`);
  return ExitCode.problemFound;
}

/** Whether `--json` is among the options (before a `--` that ends them). */
function asksForJson(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).includes("--json");
}

/**
 * With `--json`, a failure is also printed on stdout as `{ "error": { type, message, exitCode } }`,
 * so a script that parses stdout gets JSON whatever happens (stderr keeps the text for people).
 */
function printJsonError(error: unknown, exitCode: ExitCodeValue, context: CommandContext): void {
  const type = error instanceof CommanderError ? "UsageError" : error instanceof Error ? error.name : "Error";
  const raw = error instanceof Error ? error.message : String(error);
  // Commander's messages start with "error: ".
  context.print(
    jsonError(type, error instanceof CommanderError ? raw.replace(/^error: /, "") : raw, exitCode),
  );
}
