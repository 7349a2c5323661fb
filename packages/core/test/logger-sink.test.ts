// Where azfed's log lines go (issue 20): lines written while `@azure/logger` loads are kept (at most
// 1000) and written in order once it has loaded; without `@azure/logger`, lines at or above
// AZURE_LOG_LEVEL go to stderr in its format; the CommonJS build uses the `@azure/logger` that
// require() loads. The logger keeps this state at module level and the test files share a module
// graph, so each test loads a fresh copy of logger.ts.
import { createRequire } from "node:module";
import { captureAzureLogs } from "@azfed/testing";
import { afterEach, describe, expect, it, vi } from "vitest";

type LoggerModule = typeof import("../src/logger");

/** A copy of logger.ts with its own state: nothing logged yet, `@azure/logger` not loaded. */
async function freshLogger(): Promise<LoggerModule> {
  vi.resetModules();
  return (await import("../src/logger")) as LoggerModule;
}

/** What is written to stderr while `run` runs. */
async function captureStderr(run: () => Promise<void>): Promise<string> {
  const chunks: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    await run();
  } finally {
    process.stderr.write = write;
  }
  return chunks.join("");
}

afterEach(() => {
  vi.doUnmock("@azure/logger");
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("logger, with @azure/logger", () => {
  it("keeps the first 1000 lines written while @azure/logger loads, and writes them in order", async () => {
    const { logger, loggerLoaded } = await freshLogger();
    const logs = captureAzureLogs();
    try {
      for (let index = 0; index < 1005; index++) logger.info(`line ${index}`);
      expect(logs.lines).toEqual([]);
      await loggerLoaded();
      expect(logs.lines).toEqual(
        Array.from({ length: 1000 }, (_, index) => `azure:azfed:info line ${index}`),
      );
    } finally {
      logs.restore();
    }
  });

  it("writes each level's lines under its name, written at once once loaded", async () => {
    const { logger, loggerLoaded } = await freshLogger();
    const logs = captureAzureLogs();
    try {
      logger.warning("before loading");
      await loggerLoaded();
      expect(logs.lines).toEqual([
        "azure:azfed:warning before loading",
        "azure:azfed:verbose logger loading",
      ]);
      logger.error("one");
      logger.warning("two");
      logger.info("three");
      logger.verbose("four Bearer abc.def");
      expect(logs.lines).toEqual([
        "azure:azfed:warning before loading",
        "azure:azfed:verbose logger loading",
        "azure:azfed:error one",
        "azure:azfed:warning two",
        "azure:azfed:info three",
        "azure:azfed:verbose four Bearer [REDACTED]",
      ]);
    } finally {
      logs.restore();
    }
  });

  it("loggerLoaded loads the logger when nothing was written, with one verbose line, and once only", async () => {
    const { loggerLoaded } = await freshLogger();
    const logs = captureAzureLogs();
    try {
      await loggerLoaded();
      expect(logs.lines).toEqual(["azure:azfed:verbose logger loading"]);
      await loggerLoaded();
      expect(logs.lines).toEqual(["azure:azfed:verbose logger loading"]);
    } finally {
      logs.restore();
    }
  });

  it("uses the @azure/logger that require() loads in the CommonJS build", async () => {
    vi.stubEnv("AZFED_BUILD_FORMAT", "cjs");
    const required = createRequire(import.meta.url)("@azure/logger") as typeof import("@azure/logger");
    const { logger, loggerLoaded } = await freshLogger();
    const lines: string[] = [];
    const log = required.AzureLogger.log;
    const level = required.getLogLevel();
    const esm = captureAzureLogs();
    required.setLogLevel("info");
    required.AzureLogger.log = (...args: unknown[]) => lines.push(args.join(" "));
    try {
      logger.info("from the CommonJS build");
      await loggerLoaded();
    } finally {
      required.AzureLogger.log = log;
      required.setLogLevel(level);
      esm.restore();
    }
    expect(lines).toEqual(["azure:azfed:info from the CommonJS build"]);
    expect(esm.lines).toEqual([]);
  });
});

describe("logger, without @azure/logger", () => {
  async function withoutAzureLogger(): Promise<LoggerModule> {
    vi.doMock("@azure/logger", () => {
      throw new Error("Cannot find package '@azure/logger'");
    });
    return freshLogger();
  }

  it("writes the lines at or above AZURE_LOG_LEVEL to stderr, reading it at each line", async () => {
    const { logger, loggerLoaded } = await withoutAzureLogger();
    const all = (tag: string): void => {
      logger.error(`${tag} e`);
      logger.warning(`${tag} w`);
      logger.info(`${tag} i`);
      logger.verbose(`${tag} v`);
    };
    const stderr = await captureStderr(async () => {
      vi.stubEnv("AZURE_LOG_LEVEL", "warning");
      all("pending");
      await loggerLoaded();
      for (const level of ["error", "warning", "info", "verbose", "", "bogus"]) {
        vi.stubEnv("AZURE_LOG_LEVEL", level);
        all(level || "unset");
      }
      vi.stubEnv("AZURE_LOG_LEVEL", undefined);
      all("none");
    });
    expect(stderr).toBe(
      [
        "azure:azfed:error pending e",
        "azure:azfed:warning pending w",
        "azure:azfed:error error e",
        "azure:azfed:error warning e",
        "azure:azfed:warning warning w",
        "azure:azfed:error info e",
        "azure:azfed:warning info w",
        "azure:azfed:info info i",
        "azure:azfed:error verbose e",
        "azure:azfed:warning verbose w",
        "azure:azfed:info verbose i",
        "azure:azfed:verbose verbose v",
        "",
      ].join("\n"),
    );
  });
});
