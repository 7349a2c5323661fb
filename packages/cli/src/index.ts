export type { CliIo, CliOutput } from "./cli-io";
export { ExitCode, type ExitCodeValue } from "./exit-code";
export { runCli } from "./run-cli";
