import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const coreEntry = pathToFileURL(fileURLToPath(new URL("../src/index.ts", import.meta.url))).href;
let directory: string;

/** Module hooks that tell the main thread about every module resolved inside @azure/msal-node. */
const HOOKS = `
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.includes("/@azure/msal-node/")) port.postMessage(result.url);
  return result;
}
`;

const REGISTER = `
import { register } from "node:module";
import { MessageChannel } from "node:worker_threads";
const { port1, port2 } = new MessageChannel();
globalThis.msalModules = [];
port1.on("message", (url) => globalThis.msalModules.push(url));
port1.unref();
register(new URL("./hooks.mjs", import.meta.url), { data: { port: port2 }, transferList: [port2] });
`;

// msal-node may be loaded as ESM (seen by the resolve hook) or through require (seen in the CommonJS
// module cache); both count.
const CHILD = `
import { createRequire } from "node:module";
const requireCache = createRequire(import.meta.url).cache;
const msalLoaded = () =>
  globalThis.msalModules.length + Object.keys(requireCache).filter((path) => path.includes("/@azure/msal-node/")).length;
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));
const core = await import(${JSON.stringify(coreEntry)});
await settle();
const afterImport = msalLoaded();
const credential = new core.FederatedTokenCredential({
  tenantId: "contoso.onmicrosoft.com",
  clientId: "00000000-0000-0000-0000-000000000001",
  assertion: async () => { await settle(); throw new Error("no token in this test"); },
});
await credential.getToken("https://management.azure.com/.default").catch(() => undefined);
await settle();
const signing = Object.keys(requireCache).filter((path) => /[\\/]node_modules[\\/](jsonwebtoken|semver)[\\/]/.test(path));
const jwt = await import("node:module").then(({ createRequire }) =>
  createRequire(createRequire(import.meta.url).resolve("@azure/msal-node"))("jsonwebtoken"));
console.log(JSON.stringify({ afterImport, afterExchange: msalLoaded(), signing, realJwt: typeof jwt.sign }));
`;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "azfed-lazy-msal-"));
  await writeFile(join(directory, "hooks.mjs"), HOOKS);
  await writeFile(join(directory, "register.mjs"), REGISTER);
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

it("importing @azfed/core does not load @azure/msal-node; the first exchange does, without jsonwebtoken", async () => {
  const { stdout } = await run(
    process.execPath,
    [
      "--import",
      "tsx",
      "--import",
      pathToFileURL(join(directory, "register.mjs")).href,
      "--input-type=module",
      "-e",
      CHILD,
    ],
    { cwd: repoRoot, env: { ...process.env, AZURE_AUTHORITY_HOST: "" }, timeout: 60_000 },
  );
  const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as {
    afterImport: number;
    afterExchange: number;
    signing: string[];
    realJwt: string;
  };
  expect(result.afterImport).toBe(0);
  expect(result.afterExchange).toBeGreaterThan(0);
  // msal-node's certificate-signing dependencies stay unloaded (azfed never signs), and a later
  // require of jsonwebtoken gets the real package.
  expect(result.signing).toEqual([]);
  expect(result.realJwt).toBe("function");
}, 60_000);
