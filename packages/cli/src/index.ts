/**
 * `@azfed/cli`: the `azfed` command (subject, fic, validate, doctor, token) and {@link runCli} to run
 * it from code.
 *
 * @example
 * ```ts
 * import { ExitCode, runCli } from "@azfed/cli";
 *
 * const code = await runCli(["validate", "fics.json"]);
 * if (code === ExitCode.problemFound) process.exitCode = 1;
 * ```
 *
 * @packageDocumentation
 */
export type { CliIo, CliOutput } from "./cli-io";
export { ExitCode, type ExitCodeValue } from "./exit-code";
export { platformProviderName } from "./platforms/all-platforms";
export { runCli } from "./run-cli";
export { shouldUseColor, type TerminalStyle, terminalStyle } from "./terminal-style";
