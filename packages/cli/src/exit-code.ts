/**
 * The exit codes of `azfed`: 0 success, 1 a problem found (an invalid FIC, no matching FIC, a refused
 * exchange, a platform that cannot be used), 2 a usage error (unknown command or platform, bad or
 * missing flag, unreadable file).
 *
 * @example
 * ```ts
 * const code = await runCli(["validate", "fics.json"]);
 * if (code === ExitCode.problemFound) console.log("fix the FICs listed above");
 * ```
 */
export const ExitCode = Object.freeze({
  success: 0,
  problemFound: 1,
  usageError: 2,
} as const);

/**
 * One of the {@link ExitCode} values.
 *
 * @example
 * ```ts
 * const code: ExitCodeValue = ExitCode.usageError;
 * ```
 */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
