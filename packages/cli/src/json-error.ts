import { redact } from "@azfed/core/provider";
import { boundedMessage } from "./bounded-message";
import type { ExitCodeValue } from "./exit-code";

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
  return redact(
    JSON.stringify({ error: { type, message: boundedMessage(message), exitCode, ...details } }, null, 2),
  );
}
