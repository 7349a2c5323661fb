import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const packages = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Node's modules whose ES module import reads getters that load more of Node (an ES import builds
 * the namespace from every export; `process.getBuiltinModule` and `require` read none): `node:fs`
 * (`promises`, `ReadStream`… load fs/promises, readline, REPL history, watchers), `node:crypto`
 * (`webcrypto`), `node:http` (`WebSocket` on Node 24 loads the bundled undici); and `node:fs/promises`
 * and `node:timers/promises`, loaded for nothing the callback API cannot do.
 */
const GETTER_BUILTINS = [
  "node:fs",
  "node:fs/promises",
  "node:crypto",
  "node:http",
  "node:https",
  "node:timers/promises",
];

/** `import { a } from "node:fs"`, `import fs from "node:fs"`, `import * as fs from "node:fs"`; not `import type`. */
const VALUE_IMPORT = /^import\s+(?!type\s)[^;]*?from\s+"(node:[a-z/_]+)";/gms;

async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The value imports of `GETTER_BUILTINS` in a package's sources, as `file: specifier`. */
async function getterImportsIn(name: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of await sourceFiles(join(packages, name, "src"))) {
    for (const [, specifier] of (await readFile(file, "utf8")).matchAll(VALUE_IMPORT)) {
      if (GETTER_BUILTINS.includes(specifier as string))
        found.push(`${file.slice(packages.length)}: ${specifier}`);
    }
  }
  return found;
}

describe("the Kubernetes pod's cold path (core, identity, kubernetes) imports no Node module whose ES import loads more", () => {
  for (const name of ["core", "identity", "kubernetes"]) {
    it(`@azfed/${name} takes node:fs and node:crypto with process.getBuiltinModule`, async () => {
      expect(await getterImportsIn(name)).toEqual([]);
    });
  }

  it("the check sees an import: the test file itself imports node:fs/promises", async () => {
    const text = await readFile(fileURLToPath(import.meta.url), "utf8");
    expect([...text.matchAll(VALUE_IMPORT)].map((match) => match[1])).toContain("node:fs/promises");
  });

  it("why: on this Node an ES import of node:fs and node:crypto loads fs/promises and Web Crypto, getBuiltinModule does not", async () => {
    // A plain node (tsx loads both itself): the modules each way of taking them adds.
    const child = `
      const loaded = async (take) => { const before = new Set(process.moduleLoadList); await take(); return process.moduleLoadList.filter((name) => !before.has(name)); };
      const builtin = [...await loaded(() => process.getBuiltinModule("node:fs")), ...await loaded(() => process.getBuiltinModule("node:crypto"))];
      const imported = [...await loaded(() => import("node:fs")), ...await loaded(() => import("node:crypto"))];
      console.log(JSON.stringify({ builtin, imported }));`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", child], { timeout: 60_000 });
    const { builtin, imported } = JSON.parse(stdout) as { builtin: string[]; imported: string[] };
    const heavy = /internal\/fs\/promises|internal\/crypto\/webcrypto/;
    expect(imported.filter((name) => heavy.test(name))).toEqual([
      "NativeModule internal/fs/promises",
      "NativeModule internal/crypto/webcrypto",
    ]);
    expect(builtin.filter((name) => heavy.test(name))).toEqual([]);
  }, 60_000);
});
