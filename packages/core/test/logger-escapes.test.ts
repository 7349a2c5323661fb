// Issue 20 finding 4: a newline in a value from outside (a token's `sub`, a file's namespace) forged a
// whole log line, and escape sequences reached the terminal the logs go to. Every log line is now one
// line with its control characters escaped.
import { captureAzureLogs } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { logger } from "../src/logger";

describe("log lines", () => {
  it("a newline or an escape in a logged value neither forges a line nor reaches the terminal", () => {
    const sub = "repo:o/r:ref:refs/heads/main\nazure:azfed:info ✓ forged\u001b[2K\u001b]52;c;eA==\u0007";
    const logs = captureAzureLogs();
    try {
      for (const log of [logger.error, logger.warning, logger.info, logger.verbose])
        log(`the token's sub is ${sub}`);
    } finally {
      logs.restore();
    }
    const lines = logs.text().split("\n");
    expect(lines.filter((line) => line.includes("the token's sub is"))).toHaveLength(4);
    expect(lines.some((line) => line.startsWith("azure:azfed:info ✓ forged"))).toBe(false);
    expect(logs.text()).toContain("refs/heads/main\\nazure:azfed:info ✓ forged\\x1b[2K\\x1b]52;c;eA==\\x07");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
    expect(logs.text()).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});
