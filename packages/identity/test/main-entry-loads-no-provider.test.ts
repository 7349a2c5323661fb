import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const entry = (file: string): string =>
  pathToFileURL(fileURLToPath(new URL(`../src/${file}.ts`, import.meta.url))).href;
let directory: string;

/** Every package a provider lives in; none of them may load with `@azfed/identity`'s main entry. */
const PROVIDER_PACKAGE =
  /[\\/](?:packages|@azfed)[\\/](azure-pipelines|github|gitlab|kubernetes|gcp|managed-identity|aws|terraform|buildkite|spiffe|oidc-token)[\\/]/;

/** A module hook that appends every URL resolved (ESM, and CommonJS on Node >= 22) to the file it is given. */
const HOOKS = `
import { appendFileSync } from "node:fs";
let log;
export function initialize(path) { log = path; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(log, result.url + "\\n");
  return result;
}
`;

/** The provider packages a fresh process has loaded after importing `file` (a source entry of identity). */
async function providerPackagesLoadedBy(file: string): Promise<string[]> {
  const log = join(directory, `${file}.log`);
  await writeFile(log, "");
  const child = `
    import { readFileSync } from "node:fs";
    import { createRequire, register } from "node:module";
    register(${JSON.stringify(pathToFileURL(join(directory, "hooks.mjs")).href)}, { data: ${JSON.stringify(log)} });
    await import(${JSON.stringify(entry(file))});
    const paths = [...readFileSync(${JSON.stringify(log)}, "utf8").split("\\n"), ...Object.keys(createRequire(import.meta.url).cache)];
    console.log(JSON.stringify(paths));`;
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", child],
    // From the repository root, tsx maps @azfed/* to the packages' sources (tsconfig.json's paths).
    { cwd: repoRoot, timeout: 60_000 },
  );
  const paths = JSON.parse(stdout.trim().split("\n").at(-1) ?? "[]") as string[];
  return [
    ...new Set(paths.map((path) => PROVIDER_PACKAGE.exec(path)?.[1]).filter((name) => name !== undefined)),
  ];
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "azfed-identity-entry-"));
  await writeFile(join(directory, "hooks.mjs"), HOOKS);
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("importing @azfed/identity", () => {
  it("loads no provider package (DefaultFederatedCredential imports the one it selects)", async () => {
    expect(await providerPackagesLoadedBy("index")).toEqual([]);
  }, 60_000);

  it("/github loads @azfed/github and no other provider package", async () => {
    expect(await providerPackagesLoadedBy("github")).toEqual(["github"]);
  }, 60_000);
});
