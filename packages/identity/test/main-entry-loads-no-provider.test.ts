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

/** Module hooks that tell the main thread every module URL resolved (ESM, and CommonJS on Node >= 22). */
const HOOKS = `
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  port.postMessage(result.url);
  return result;
}
`;

const REGISTER = `
import { register } from "node:module";
import { MessageChannel } from "node:worker_threads";
const { port1, port2 } = new MessageChannel();
globalThis.resolvedModules = [];
port1.on("message", (url) => globalThis.resolvedModules.push(url));
port1.unref();
register(new URL("./hooks.mjs", import.meta.url), { data: { port: port2 }, transferList: [port2] });
`;

/** The provider packages a fresh process has loaded after importing `file` (a source entry of identity). */
async function providerPackagesLoadedBy(file: string): Promise<string[]> {
  const child = `
    import { createRequire } from "node:module";
    await import(${JSON.stringify(entry(file))});
    await new Promise((resolve) => setTimeout(resolve, 200));
    const paths = [...globalThis.resolvedModules, ...Object.keys(createRequire(import.meta.url).cache)];
    console.log(JSON.stringify(paths));`;
  const { stdout } = await run(
    process.execPath,
    [
      "--import",
      "tsx",
      "--import",
      pathToFileURL(join(directory, "register.mjs")).href,
      "--input-type=module",
      "-e",
      child,
    ],
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
  await writeFile(join(directory, "register.mjs"), REGISTER);
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
