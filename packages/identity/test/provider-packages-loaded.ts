import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** The `file:` URL of a source entry of identity (`index`, `github`, …), for a child's `import()`. */
export const identityEntry = (file: string): string =>
  pathToFileURL(fileURLToPath(new URL(`../src/${file}.ts`, import.meta.url))).href;

/** Every package a provider lives in. */
const PROVIDER_PACKAGE =
  /[\\/](?:packages|@azfed)[\\/](azure-pipelines|github|gitlab|kubernetes|gcp|managed-identity|aws|terraform|buildkite|spiffe|oidc-token)[\\/]/;

/** A module hook that appends every URL resolved (ESM, and CommonJS on Node >= 22) to the file it is given. */
export const HOOKS = `
import { appendFileSync } from "node:fs";
let log;
export function initialize(path) { log = path; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(log, result.url + "\\n");
  return result;
}
`;

/**
 * The provider packages a fresh Node process has loaded after running `script` (an ES module body,
 * run with tsx from the repository root, where tsconfig.json's paths map `@azfed/*` to the sources),
 * sorted, and the lines the script printed.
 */
export async function providerPackagesLoadedBy(
  script: string,
): Promise<{ packages: string[]; printed: string[] }> {
  const directory = await mkdtemp(join(tmpdir(), "azfed-identity-loads-"));
  try {
    const log = join(directory, "resolved.log");
    await writeFile(log, "");
    await writeFile(join(directory, "hooks.mjs"), HOOKS);
    const child = `
      import { readFileSync } from "node:fs";
      import { createRequire, register } from "node:module";
      register(${JSON.stringify(pathToFileURL(join(directory, "hooks.mjs")).href)}, { data: ${JSON.stringify(log)} });
      ${script}
      const paths = [...readFileSync(${JSON.stringify(log)}, "utf8").split("\\n"), ...Object.keys(createRequire(import.meta.url).cache)];
      console.log(JSON.stringify(paths));`;
    const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", child], {
      cwd: repoRoot,
      timeout: 60_000,
    });
    const lines = stdout.trim().split("\n");
    const paths = JSON.parse(lines.at(-1) ?? "[]") as string[];
    const packages = new Set(
      paths.map((path) => PROVIDER_PACKAGE.exec(path)?.[1]).filter((name) => name !== undefined),
    );
    return { packages: [...packages].sort(), printed: lines.slice(0, -1) };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
