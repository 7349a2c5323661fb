// Hostile CLI input (issue 12): `azfed validate /dev/zero` read 618 MB before giving up; values from a
// file were printed whole, however long.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/index";

const directory = mkdtempSync(join(tmpdir(), "azfed-hostile-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function azfed(argv: string[], stdin?: AsyncIterable<Uint8Array>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    ...(stdin ? { stdin } : {}),
  });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

describe("azfed validate, hostile input", () => {
  it("stops reading /dev/zero at 1 MiB with a clear error", { timeout: 10_000 }, async () => {
    const started = performance.now();
    const result = await azfed(["validate", "/dev/zero"]);
    // Input the command cannot use, like a file that is not JSON: a usage error.
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\/dev\/zero is larger than 1048576 bytes \(1 MiB\)/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("stops reading an endless stdin at 1 MiB", { timeout: 10_000 }, async () => {
    const endless = Readable.from(
      (function* () {
        for (;;) yield new Uint8Array(64 * 1024).fill(0x20);
      })(),
    );
    const result = await azfed(["validate", "-"], endless);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/stdin is larger than 1048576 bytes/);
  });

  it("prints a 100k-character value shortened, in text and JSON", async () => {
    const path = join(directory, "long.json");
    const subject = `repo:contoso/app:${"x".repeat(100_000)}`;
    writeFileSync(
      path,
      JSON.stringify({
        name: "n",
        issuer: "https://token.actions.githubusercontent.com",
        subject,
        audiences: ["api://AzureADTokenExchange"],
      }),
    );
    for (const json of [false, true]) {
      const result = await azfed(["validate", path, ...(json ? ["--json"] : [])]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain("100017 characters");
      expect(result.stdout.length).toBeLessThan(10_000);
    }
  });
});
