// Fuzzing the CLI's arguments (issue 12): whatever the arguments, `azfed` exits 0, 1 or 2 (never an
// uncaught error), quickly, with bounded output.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/index";

const flag = fc.constantFrom(
  "--repository",
  "--branch",
  "--tag",
  "--environment",
  "--pull-request",
  "--namespace",
  "--service-account",
  "--issuer",
  "--project-path",
  "--ref",
  "--ref-type",
  "--organization",
  "--project",
  "--service-connection",
  "--format",
  "--json",
  "--cloud",
  "--name",
  "--audience",
  "--managed-identity",
  "--help",
  "-h",
  "--",
);
const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 10 }).map((text) => text.repeat(2_000)),
  fc.constantFrom(
    "contoso/app",
    "main",
    "refs/heads/main",
    "json",
    "az",
    "bicep",
    "terraform",
    "graph",
    "usgov",
    "-",
    "*",
  ),
);

describe("azfed's arguments, fuzzed", () => {
  it("always end in exit 0, 1 or 2, within bounds", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("subject", "fic", "validate", "help", "--version", "nonsense"),
        fc.constantFrom("github", "gitlab", "azure-pipelines", "kubernetes", "gcp", "nope", "/dev/null"),
        fc.array(fc.oneof(flag, value), { maxLength: 8 }),
        async (command, platform, rest) => {
          let written = 0;
          const sink = { write: (text: string) => (written += text.length) };
          const started = performance.now();
          const code = await runCli([command, platform, ...rest], {
            stdout: sink,
            stderr: sink,
            stdin: (async function* () {})(),
          });
          expect([0, 1, 2]).toContain(code);
          expect(performance.now() - started).toBeLessThan(2_000);
          expect(written).toBeLessThan(200_000);
        },
      ),
      { numRuns: 150 },
    );
  });
});
