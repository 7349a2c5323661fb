import { escapeControlCharacters } from "./escape-control-characters";
import { redact } from "./redact";

type Level = "error" | "warning" | "info" | "verbose";
type LevelLogger = Record<Level, (message: string) => void>;

const LEVELS: readonly Level[] = ["error", "warning", "info", "verbose"];
/** Lines kept while `@azure/logger` loads; more are dropped (it loads in milliseconds). */
const MAX_PENDING_LINES = 1000;

/**
 * Where lines go: `@azure/logger`'s `createClientLogger("azfed")` when the application has
 * `@azure/logger` installed (every Azure SDK client depends on it), so `AZURE_LOG_LEVEL`,
 * `setLogLevel` and `AzureLogger.log` apply as to any Azure SDK library; otherwise a writer to stderr
 * in the same format (`azure:azfed:info …`) at the level `AZURE_LOG_LEVEL` names. `undefined` until
 * the first line, when `@azure/logger` is imported (not at import: it took some 15 ms of a cold start).
 */
let sink: LevelLogger | undefined;
let pending: Array<[Level, string]> | undefined;
let loaded: Promise<void> | undefined;

/**
 * Resolves once the first line's sink is loaded and its lines are written (for tests that read lines
 * right after writing them). Not exported from the package.
 */
export function loggerLoaded(): Promise<void> {
  if (sink) return Promise.resolve();
  write("verbose", "logger loading");
  return loaded ?? Promise.resolve();
}

function write(level: Level, message: string): void {
  // One line: redacted, and no value in it can start another or drive a terminal (issue 20).
  const line = escapeControlCharacters(redact(message));
  if (sink) {
    sink[level](line);
    return;
  }
  if (pending) {
    if (pending.length < MAX_PENDING_LINES) pending.push([level, line]);
    return;
  }
  const lines: Array<[Level, string]> = [[level, line]];
  pending = lines;
  // The CommonJS build requires it, so that it shares the instance an application's require() gets.
  const azureLogger: Promise<typeof import("@azure/logger")> =
    process.env.AZFED_BUILD_FORMAT === "cjs"
      ? // Stryker disable next-line StringLiteral: a module name; the bundler resolves a mutated "" to a folder and the run cannot start
        new Promise((resolve) => resolve(require("@azure/logger")))
      : // Stryker disable next-line StringLiteral: the same module name, for the ES module build
        import("@azure/logger");
  loaded = azureLogger.then(
    (azureLogger) => flush(azureLogger.createClientLogger("azfed"), lines),
    () => flush(stderrLogger(), lines),
  );
}

function flush(loaded: LevelLogger, lines: ReadonlyArray<[Level, string]>): void {
  sink = loaded;
  // Stryker disable next-line all: frees the kept lines; nothing reads `pending` once `sink` is set
  pending = undefined;
  for (const [level, line] of lines) loaded[level](line);
}

/** `@azure/logger`'s behaviour without it: `AZURE_LOG_LEVEL` (read at each line), stderr, its format. */
function stderrLogger(): LevelLogger {
  // An unset or unknown AZURE_LOG_LEVEL is index -1, below every level's: no line.
  const enabled = (level: Level): boolean =>
    LEVELS.indexOf(level) <= LEVELS.indexOf(process.env.AZURE_LOG_LEVEL as Level);
  const at =
    (level: Level) =>
    (line: string): void => {
      if (enabled(level)) process.stderr.write(`azure:azfed:${level} ${line}\n`);
    };
  return { error: at("error"), warning: at("warning"), info: at("info"), verbose: at("verbose") };
}

/**
 * azfed's logger: `@azure/logger`'s `createClientLogger("azfed")` when `@azure/logger` is installed
 * (an optional peer dependency, loaded at the first line), so `AZURE_LOG_LEVEL`, `setLogLevel` and
 * `AzureLogger.log` work as for any Azure SDK library; without it, lines at or above
 * `AZURE_LOG_LEVEL` go to stderr in the same format. Every line goes through {@link redact}, so a
 * token that slips into a message is never written.
 *
 * @example
 * ```ts
 * import { setLogLevel } from "@azure/logger";
 * setLogLevel("verbose");
 * logger.info("provider github-actions selected");
 * ```
 */
export const logger = {
  /** Something failed that the caller will see as an error. */
  error: (message: string): void => write("error", message),
  /** Something worked but probably not as the user meant (a removed variable, a likely-wrong issuer). */
  warning: (message: string): void => write("warning", message),
  /** Which provider, tenant, client id and scopes; when a token expires. */
  info: (message: string): void => write("info", message),
  /** Timings, requests and retry decisions. */
  verbose: (message: string): void => write("verbose", message),
};
