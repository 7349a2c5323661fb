import { redact } from "@azfed/core/provider";
import { boundedMessage } from "./bounded-message";
import type { ExitCodeValue } from "./exit-code";

/**
 * The `error` member of every JSON object an `azfed` command prints under `--json` when it fails
 * (exit code 1 or 2): the error's type (`UsageError`, `InvalidInputError`, `FicFileError`,
 * `CredentialUnavailableError`, `AuthenticationError`, … or `ProblemFound` for a report that found
 * problems), its message, and the exit code, with details a command adds.
 *
 * @example
 * ```ts
 * const failure: JsonFailure = { type: "UsageError", message: "--scope is required", exitCode: 2 };
 * ```
 */
export interface JsonFailure {
  readonly type: string;
  readonly message: string;
  readonly exitCode: ExitCodeValue;
}

/**
 * The type of the failure a report that found problems carries (`validate`'s invalid FICs,
 * `doctor`'s problems): exit code 1, not an exception.
 *
 * @example
 * ```ts
 * jsonReport(report, { type: PROBLEM_FOUND, message: "no platform detected", exitCode: ExitCode.problemFound });
 * ```
 */
export const PROBLEM_FOUND = "ProblemFound";

/**
 * What every `azfed` command prints on stdout when it fails under `--json`:
 * `{ "error": { type, message, exitCode, …details } }`, secrets redacted and long values in the
 * message shortened (see {@link boundedMessage}), so a script that parses
 * stdout gets JSON whatever happens (stderr keeps the text for people).
 *
 * @example
 * ```ts
 * context.print(jsonError("UsageError", "--scope is required", ExitCode.usageError));
 * // {"error": {"type": "UsageError", "message": "--scope is required", "exitCode": 2}} (indented)
 * ```
 */
export function jsonError(
  type: string,
  message: string,
  exitCode: ExitCodeValue,
  details: Readonly<Record<string, unknown>> = {},
): string {
  return jsonReport({}, { type, message, exitCode, ...details });
}

/**
 * A command's JSON report (`validate`'s, `doctor`'s), with the same `error` member as
 * {@link jsonError} first when the command fails, so every failure has one shape: a script checks
 * `.error` (and `.error.exitCode`) whatever the command, and still reads the report beside it.
 *
 * @example
 * ```ts
 * context.print(jsonReport({ problems }, problems.length === 0 ? undefined : { type: PROBLEM_FOUND, message: problems.join("; "), exitCode: 1 }));
 * ```
 */
export function jsonReport(
  report: Readonly<Record<string, unknown>>,
  failure?: (JsonFailure & Readonly<Record<string, unknown>>) | undefined,
): string {
  const shown =
    failure === undefined
      ? report
      : { error: { ...failure, message: boundedMessage(failure.message) }, ...report };
  return redact(JSON.stringify(shown, null, 2));
}
