// Issue 20 finding 7: parseEntraErrorDescription and diagnoseEntraError (both public) were quadratic
// on whitespace runs: 128 KB of spaces took 24 s (`\s*` before the trace-line literal rescanned the run
// from each of its positions; 32 KB: 12 s). 64 KB of each shape below now takes milliseconds; a
// quadratic pass would take close to a minute, far past the generous 10 s bound that holds on a
// loaded machine (256 KB took 6.8 s there, linear, with the suite's workers on two cores).
import { describe, expect, it } from "vitest";
import { diagnoseEntraError } from "../src/diagnosis/diagnose-entra-error";
import { parseEntraErrorDescription } from "../src/diagnosis/entra-error-description";

const SIZE = 64 * 1024;
const BOUND_MS = 10_000;

const HOSTILE: Record<string, string> = {
  spaces: `AADSTS70021: a${" ".repeat(SIZE)}b`,
  tabs: `${"\t".repeat(SIZE)}x`,
  "line breaks": `AADSTS700213: ${" \n".repeat(SIZE / 2)}`,
  "escaped line breaks": `AADSTS700213: ${"\\r\\n ".repeat(SIZE / 5)}`,
  "no-break spaces": `${"\u00a0".repeat(SIZE)}x`,
  "spaces before a trace line": `AADSTS700024: x${" ".repeat(SIZE)}Trace ID: 1`,
  "an issuer without end": `Assertion Issuer: ${"a.".repeat(SIZE / 2)}`,
  "a validity without comma": `assertion valid from ${"a".repeat(SIZE)}`,
  "repeated anchors": "Assertion Subject: 'x ".repeat(SIZE / 22),
};

describe("parsing Entra's error description is linear", () => {
  for (const [shape, text] of Object.entries(HOSTILE)) {
    it(`64 KB of ${shape}: parsed and diagnosed within ${BOUND_MS} ms`, () => {
      const started = performance.now();
      const parsed = parseEntraErrorDescription(text);
      for (const code of [70021, 700213, 700024, 50027]) {
        diagnoseEntraError({
          aadsts: [code],
          errorDescription: text,
          tenantId: "contoso.onmicrosoft.com",
          clientId: "00000000-0000-0000-0000-000000000001",
          authorityHost: "https://login.microsoftonline.com",
          audience: "api://AzureADTokenExchange",
        });
      }
      expect(performance.now() - started).toBeLessThan(BOUND_MS);
      expect(parsed.message.length).toBeLessThanOrEqual(text.length);
    });
  }

  it("still ends the message at the first trace line, without the spaces before it", () => {
    expect(
      parseEntraErrorDescription(`AADSTS70021: no match.   \r\nTrace ID: 1 Correlation ID: 2`).message,
    ).toBe("AADSTS70021: no match.");
    expect(parseEntraErrorDescription("  a   b  ").message).toBe("a b");
  });
});
