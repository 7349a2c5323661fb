import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// scripts/check-optional-undefined.mjs (run by `pnpm lint`) keeps every optional property of every
// exported type open to `undefined`, for users with exactOptionalPropertyTypes (issue 23's remainder:
// "a guard test that every optional property accepts undefined"). Here it runs on fixtures: it must
// name each `?: T` it can reach from an export, and pass `?: T | undefined` and the shapes equal to it.
const SCRIPT = fileURLToPath(new URL("../../../scripts/check-optional-undefined.mjs", import.meta.url));
const directory = mkdtempSync(join(tmpdir(), "azfed-optional-undefined-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function fixture(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

function check(...entries: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, ...entries], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

fixture(
  "shared.ts",
  `export interface RetryOptions { maxRetries?: number | undefined; delayMs?: number }
export interface NeverExported { unreachable?: string }
`,
);
const refusing = fixture(
  "refusing.ts",
  `import type { RetryOptions } from "./shared";
export interface ProviderOptions {
  timeoutMs?: number;
  retry?: RetryOptions | undefined;
  nested?: { depth?: string } | undefined;
}
interface Hidden { flag?: boolean }
export function provider(options: Hidden): void {}
export class Client { field?: string; constructor(options: { tenantId?: string }) {} }
export type Generic<T> = { value?: T };
`,
);
const accepting = fixture(
  "accepting.ts",
  `type MaybeString = string | undefined;
export interface Options {
  a?: string | undefined;
  b?: MaybeString;
  c?: unknown;
  d?: { e?: number | undefined } | undefined;
  readonly f?: readonly string[] | undefined;
}
export class Result { readonly detail?: string; }
`,
);

describe("scripts/check-optional-undefined.mjs", () => {
  it("names every optional property without undefined that an export reaches, and exits 1", {
    timeout: 90_000,
  }, async () => {
    const run = await check(refusing);
    expect(run.code).toBe(1);
    const lines = run.stderr.split("\n").filter((line) => /\.ts:\d+\s/.test(line));
    expect(lines.map((line) => line.replace(/^.*\.ts:\d+\s+/, ""))).toEqual([
      "ProviderOptions.timeoutMs?: number",
      "ProviderOptions.depth?: string",
      "Hidden.flag?: boolean",
      "Client.tenantId?: string",
      "Generic.value?: T",
      "RetryOptions.delayMs?: number",
    ]);
    expect(run.stderr).toMatch(/refusing\.ts:3\s/);
    expect(run.stderr).toContain("6 optional properties refuse undefined: write `?: T | undefined`");
    // A type no export reaches, and a class's own fields (read by users, not written), are not checked.
    expect(run.stderr).not.toContain("unreachable");
    expect(run.stderr).not.toContain("Client.field");
  });

  it("passes `?: T | undefined`, an alias that includes undefined, unknown, and class fields", {
    timeout: 90_000,
  }, async () => {
    const run = await check(accepting);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("optional properties: all 6 accept undefined");
    expect(run.code).toBe(0);
  });
});
