import { AzureLogger, createClientLogger, getLogLevel, setLogLevel } from "@azure/logger";
import { afterEach, describe, expect, it } from "vitest";
import { type CapturedAzureLogs, captureAzureLogs, InvalidEmulatorOptionError } from "../src/index";

const logger = createClientLogger("azfed-capture-test");

describe("captureAzureLogs", () => {
  let logs: CapturedAzureLogs | undefined;
  afterEach(() => logs?.restore());

  it("captures every level by default, each line as @azure/logger would print it", () => {
    logs = captureAzureLogs();
    logger.verbose("step %d of %s", 1, "two");
    logger.info("got a token", { expiresIn: 3599 });
    logger.warning("a warning");
    logger.error("an error");
    expect(logs.lines).toEqual([
      "azure:azfed-capture-test:verbose step 1 of two",
      "azure:azfed-capture-test:info got a token { expiresIn: 3599 }",
      "azure:azfed-capture-test:warning a warning",
      "azure:azfed-capture-test:error an error",
    ]);
    expect(logs.text()).toBe(logs.lines.join("\n"));
  });

  it("logs only at and above the level it is given", () => {
    logs = captureAzureLogs({ level: "warning" });
    logger.verbose("hidden");
    logger.info("hidden too");
    logger.warning("shown");
    expect(logs.lines).toEqual(["azure:azfed-capture-test:warning shown"]);
  });

  it("restores the previous level and log function, once", () => {
    setLogLevel("error");
    const original = AzureLogger.log;
    logs = captureAzureLogs();
    expect(getLogLevel()).toBe("verbose");
    expect(AzureLogger.log).not.toBe(original);
    logs.restore();
    expect(getLogLevel()).toBe("error");
    expect(AzureLogger.log).toBe(original);

    // A second restore after another capture began must not undo that capture.
    const inner = captureAzureLogs({ level: "info" });
    logs.restore();
    logger.info("still captured");
    inner.restore();
    expect(inner.lines).toEqual(["azure:azfed-capture-test:info still captured"]);
    setLogLevel(undefined);
  });

  it("stops capturing after restore()", () => {
    logs = captureAzureLogs();
    logs.restore();
    setLogLevel("info");
    const original = AzureLogger.log;
    const written: unknown[][] = [];
    AzureLogger.log = (...args: unknown[]) => written.push(args);
    try {
      logger.info("after");
    } finally {
      AzureLogger.log = original;
      setLogLevel(undefined);
    }
    expect(logs.lines).toEqual([]);
    expect(written).toHaveLength(1);
  });

  it("refuses an unknown level, naming the field and the levels it takes", () => {
    const level = "debug" as unknown as "info";
    expect(() => captureAzureLogs({ level })).toThrow(InvalidEmulatorOptionError);
    expect(() => captureAzureLogs({ level })).toThrow(
      /Invalid level: got "debug"; expected one of "verbose", "info", "warning", "error"/,
    );
    expect(getLogLevel()).toBeUndefined();
  });
});
