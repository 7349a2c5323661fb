import { execFile } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);
const coreEntry = pathToFileURL(fileURLToPath(new URL("../src/index.ts", import.meta.url))).href;

/** Node's own modules a fresh process loads while importing `specifier`, from `process.moduleLoadList`. */
async function builtinsLoadedBy(specifier: string): Promise<string[]> {
  const child = `
    const before = new Set(process.moduleLoadList);
    await import(${JSON.stringify(specifier)});
    console.log(JSON.stringify(process.moduleLoadList.filter((name) => !before.has(name))));`;
  const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", child], {
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "[]") as string[];
}

it("importing @azfed/core loads neither Node's bundled undici nor HTTP/2 (an ES import of node:http does on Node 24)", async () => {
  const loaded = await builtinsLoadedBy(coreEntry);
  expect(loaded.filter((name) => /undici|http2/.test(name))).toEqual([]);
  expect(loaded.length).toBeGreaterThan(0);
}, 60_000);

it("the check sees them: an ES import of node:http then Headers loads the bundled undici", async () => {
  const loaded = await builtinsLoadedBy("data:text/javascript,import 'node:http'; new Headers();");
  expect(loaded.some((name) => name.includes("undici"))).toBe(true);
}, 60_000);
