/**
 * Runs before each test file. azfed's logger loads `@azure/logger` at its first line and hands the
 * lines written meanwhile over once it is loaded (see packages/core/src/logger.ts); waiting for that
 * here makes every test's lines reach `captureAzureLogs` at once.
 */
import { loggerLoaded } from "./packages/core/src/logger";

await loggerLoaded();
