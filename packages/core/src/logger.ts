import { createClientLogger } from "@azure/logger";
import { escapeControlCharacters } from "./escape-control-characters";
import { redact } from "./redact";

/** Every log line is one line: redacted, and no value in it can start another or drive a terminal. */
const clean = (message: string): string => escapeControlCharacters(redact(message));

const clientLogger = createClientLogger("azfed");

/**
 * azfed's logger (`@azure/logger`'s `createClientLogger("azfed")`, levels from `AZURE_LOG_LEVEL`).
 * Every line goes through {@link redact}, so a token that slips into a message is never written.
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
  error: (message: string): void => clientLogger.error(clean(message)),
  /** Something worked but probably not as the user meant (a removed variable, a likely-wrong issuer). */
  warning: (message: string): void => clientLogger.warning(clean(message)),
  /** Which provider, tenant, client id and scopes; when a token expires. */
  info: (message: string): void => clientLogger.info(clean(message)),
  /** Timings, requests and retry decisions. */
  verbose: (message: string): void => clientLogger.verbose(clean(message)),
};
