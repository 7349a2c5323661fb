import { format } from "node:util";
import { AzureLogger, type AzureLogLevel, getLogLevel, setLogLevel } from "@azure/logger";
import { InvalidEmulatorOptionError } from "../invalid-option-error";

/**
 * What {@link captureAzureLogs} takes.
 *
 * @example
 * ```ts
 * const options: CaptureAzureLogsOptions = { level: "info" };
 * ```
 */
export interface CaptureAzureLogsOptions {
  /** The `@azure/logger` level to log at while capturing. Default `"verbose"`: every line. */
  readonly level?: AzureLogLevel;
}

/**
 * The lines `@azure/logger` wrote since {@link captureAzureLogs}, until {@link CapturedAzureLogs.restore}.
 *
 * @example
 * ```ts
 * const logs: CapturedAzureLogs = captureAzureLogs();
 * ```
 */
export interface CapturedAzureLogs {
  /** Every line, formatted as `@azure/logger` would have written it to stderr, e.g. `azure:azfed:info …`. */
  readonly lines: readonly string[];
  /** All lines joined with newlines, to search in one go. */
  text(): string;
  /** Puts back the log level and log function that were there before; calling it again does nothing. */
  restore(): void;
}

const LOG_LEVELS: readonly AzureLogLevel[] = ["verbose", "info", "warning", "error"];

/**
 * Captures what every Azure SDK logger (azfed's `azure:azfed:*` lines included) writes, instead of letting it
 * go to stderr: sets `@azure/logger`'s level (verbose by default) and overrides `AzureLogger.log` until
 * `restore()`. Use it to check what is logged, and that no token ever is, at the most talkative level.
 *
 * @example
 * ```ts
 * import { captureAzureLogs, expectNoSecrets } from "@azfed/testing";
 *
 * const logs = captureAzureLogs();
 * try {
 *   await credential.getToken("https://management.azure.com/.default");
 * } finally {
 *   logs.restore();
 * }
 * expect(logs.text()).toContain("azfed:info");
 * expectNoSecrets([logs.text()], [assertion]);
 * ```
 */
export function captureAzureLogs(options: CaptureAzureLogsOptions = {}): CapturedAzureLogs {
  const level = options.level ?? "verbose";
  if (!LOG_LEVELS.includes(level)) {
    throw new InvalidEmulatorOptionError({
      field: "level",
      value: level,
      expected: `one of ${LOG_LEVELS.map((name) => `"${name}"`).join(", ")}`,
      fix: 'pass an @azure/logger level, or nothing for "verbose"',
    });
  }
  const lines: string[] = [];
  const previousLevel = getLogLevel();
  const previousLog = AzureLogger.log;
  let restored = false;
  setLogLevel(level);
  AzureLogger.log = (...args: unknown[]) => {
    lines.push(format(...args));
  };
  return {
    lines,
    text: () => lines.join("\n"),
    restore() {
      if (restored) return;
      restored = true;
      AzureLogger.log = previousLog;
      setLogLevel(previousLevel);
    },
  };
}
