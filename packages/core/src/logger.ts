import { createClientLogger } from "@azure/logger";
import { redact } from "./redact";

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
  error: (message: string): void => clientLogger.error(redact(message)),
  warning: (message: string): void => clientLogger.warning(redact(message)),
  info: (message: string): void => clientLogger.info(redact(message)),
  verbose: (message: string): void => clientLogger.verbose(redact(message)),
};
