/**
 * @azfed/identity against @azure/identity: import time, installed size, and time to first token on
 * the same Kubernetes (Azure Workload Identity) token-file emulation. Prints a Markdown section.
 *
 *   pnpm build && node --import tsx bench/identity.ts [--runs 9] [--skip-install]
 *
 * - Import time: fresh `node` processes importing the built package (ESM `import()` and CJS
 *   `require()`), timed inside the process around the import only; the median of --runs.
 * - Installed size: `npm i` in a new temporary folder, of `@azure/identity` from the registry, and of
 *   our seven packages packed by `pnpm pack` from their built output (their third-party dependencies
 *   come from the registry); the bytes of node_modules and the number of packages in it.
 * - Time to first token: fresh `node` processes, each with the webhook's variables
 *   (AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_AUTHORITY_HOST pointing at the
 *   Entra emulator) and NODE_EXTRA_CA_CERTS trusting the test CA, timing import + `new
 *   DefaultFederatedCredential()` / `new DefaultAzureCredential()` + the first `getToken`. Both get
 *   `disableInstanceDiscovery: true`: the emulator's host is not a known cloud, and with its defaults
 *   @azure/identity asks the public cloud (login.microsoftonline.com) to discover it, which a
 *   benchmark on 127.0.0.1 must not do (azfed discovers a custom host on that host itself).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs, promisify } from "node:util";
import {
  startEntraEmulator,
  startKubernetesTokenFile,
  testCertificateAuthority,
} from "../packages/testing/src/index";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../", import.meta.url));
const identityDirectory = join(root, "packages/identity");
const requireFromIdentity = createRequire(join(identityDirectory, "package.json"));
const OUR_PACKAGES = ["core", "azure-pipelines", "github", "gitlab", "kubernetes", "gcp", "identity"];
const SCOPE = "https://storage.azure.com/.default";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "9" }, "skip-install": { type: "boolean", default: false } },
});
const runs = Number(values.runs);

const ours = {
  esm: join(identityDirectory, "dist/index.js"),
  cjs: join(identityDirectory, "dist/index.cjs"),
};
const theirsManifest = requireFromIdentity.resolve("@azure/identity/package.json");
const theirs = {
  esm: join(dirname(theirsManifest), "dist/esm/index.js"),
  cjs: join(dirname(theirsManifest), "dist/commonjs/index.js"),
};
const theirsVersion = (requireFromIdentity("@azure/identity/package.json") as { version: string }).version;

if (!OUR_PACKAGES.every((name) => existsSync(join(root, "packages", name, "dist/index.js")))) {
  console.error("Build the packages first: pnpm build");
  process.exit(1);
}

const rows: [string, string, string, string][] = [];

// 1. Import time.
const importOurs = { esm: [] as number[], cjs: [] as number[] };
const importTheirs = { esm: [] as number[], cjs: [] as number[] };
for (let i = 0; i < runs; i++) {
  importOurs.esm.push(await timeInChild(esmImport(ours.esm)));
  importTheirs.esm.push(await timeInChild(esmImport(theirs.esm)));
  importOurs.cjs.push(await timeInChild(cjsRequire(ours.cjs)));
  importTheirs.cjs.push(await timeInChild(cjsRequire(theirs.cjs)));
}
rows.push(
  compare(
    `import (ESM), fresh node, median of ${runs}: ms`,
    median(importOurs.esm),
    median(importTheirs.esm),
  ),
  compare(
    `require (CJS), fresh node, median of ${runs}: ms`,
    median(importOurs.cjs),
    median(importTheirs.cjs),
  ),
);

// 2. Time to first token on the same Kubernetes token-file emulation.
const ca = await testCertificateAuthority();
const entra = await startEntraEmulator({ ca });
const tokenFile = await startKubernetesTokenFile({ ca, authorityHost: `${entra.url}/` });
entra.addApplication({
  clientId: tokenFile.clientId,
  tenantId: tokenFile.tenantId,
  federatedCredentials: [
    {
      name: "bench-pod",
      issuer: tokenFile.issuer,
      subject: tokenFile.subject,
      audiences: ["api://AzureADTokenExchange"],
    },
  ],
});
const podEnv = { ...tokenFile.env(), NODE_EXTRA_CA_CERTS: ca.certificatePath };
// Warm-up, not measured: the emulator fetches and caches the issuer's keys.
await timeInChild(firstTokenOurs(ours.esm), podEnv);
const firstOurs: number[] = [];
const firstTheirs: number[] = [];
const requestCounts = { ours: 0, theirs: 0 };
for (let i = 0; i < runs; i++) {
  entra.reset();
  firstOurs.push(await timeInChild(firstTokenOurs(ours.esm), podEnv));
  requestCounts.ours = entra.requests.length;
  entra.reset();
  firstTheirs.push(await timeInChild(firstTokenTheirs(theirs.esm), podEnv));
  requestCounts.theirs = entra.requests.length;
}
rows.push(
  compare(
    `import + credential + first token, fresh node, median of ${runs}: ms`,
    median(firstOurs),
    median(firstTheirs),
  ),
  compare("first token: HTTP requests to Entra", requestCounts.ours, requestCounts.theirs, 0),
);
await tokenFile.close();
await entra.close();

// 3. Installed size in fresh folders.
if (!values["skip-install"]) {
  const theirsSize = await installedSize([`@azure/identity@${theirsVersion}`]);
  const tarballs = await packOurs();
  const oursSize = await installedSize(tarballs.files);
  // What each adds to a project that already talks to Azure: one SDK client is installed first.
  const client = `@azure/storage-blob@${requireFromIdentity("@azure/storage-blob/package.json").version}`;
  const clientSize = await installedSize([client]);
  const theirsAdded = await installedSize([client, `@azure/identity@${theirsVersion}`]);
  const oursAdded = await installedSize([client, ...tarballs.files]);
  await rm(tarballs.directory, { recursive: true, force: true });
  rows.push(
    compare("installed size (npm i in a fresh folder): MB", oursSize.bytes / 1e6, theirsSize.bytes / 1e6, 2),
    compare("installed packages (in node_modules)", oursSize.packages, theirsSize.packages, 0),
    compare(
      `added to a project that has ${client}: MB`,
      (oursAdded.bytes - clientSize.bytes) / 1e6,
      (theirsAdded.bytes - clientSize.bytes) / 1e6,
      2,
    ),
  );
}

console.log(`### @azfed/identity vs @azure/identity ${theirsVersion}

Measured by \`bench/identity.ts\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform}/${process.arch}.
"First token" runs each library's default credential in a pod emulation: a projected token file and the
webhook's variables, with Entra emulated on 127.0.0.1 (DefaultAzureCredential takes its workload
identity path), both with \`disableInstanceDiscovery: true\` (the emulator is not a known cloud).

| measure | @azfed/identity | @azure/identity | ours / theirs |
| --- | ---: | ---: | ---: |
${rows.map((cells) => `| ${cells.join(" | ")} |`).join("\n")}
`);

function compare(
  label: string,
  ourValue: number,
  theirValue: number,
  digits = 1,
): [string, string, string, string] {
  const ratio = theirValue === 0 ? "n/a" : (ourValue / theirValue).toFixed(2);
  return [label, ourValue.toFixed(digits), theirValue.toFixed(digits), ratio];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function esmImport(entry: string): string {
  return `const started = performance.now();
await import(${JSON.stringify(pathToFileURL(entry).href)});
console.log(performance.now() - started);`;
}

function cjsRequire(entry: string): string {
  return `const { createRequire } = await import("node:module");
const require = createRequire(${JSON.stringify(pathToFileURL(entry).href)});
const started = performance.now();
require(${JSON.stringify(entry)});
console.log(performance.now() - started);`;
}

function firstTokenOurs(entry: string): string {
  return `const started = performance.now();
const { DefaultFederatedCredential } = await import(${JSON.stringify(pathToFileURL(entry).href)});
const token = await new DefaultFederatedCredential({ disableInstanceDiscovery: true }).getToken(${JSON.stringify(SCOPE)});
if (!token?.token) throw new Error("no token");
console.log(performance.now() - started);`;
}

function firstTokenTheirs(entry: string): string {
  return `const started = performance.now();
const { DefaultAzureCredential } = await import(${JSON.stringify(pathToFileURL(entry).href)});
const token = await new DefaultAzureCredential({ disableInstanceDiscovery: true }).getToken(${JSON.stringify(SCOPE)});
if (!token?.token) throw new Error("no token");
console.log(performance.now() - started);`;
}

/** Runs `script` as an ES module in a fresh node and returns the number it prints last. */
async function timeInChild(script: string, env: Record<string, string> = {}): Promise<number> {
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
    cwd: identityDirectory,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  const value = Number(stdout.trim().split("\n").at(-1));
  if (!Number.isFinite(value)) throw new Error(`the child printed no time:\n${stdout}`);
  return value;
}

/** `pnpm pack` of each of our built packages (workspace: versions replaced by real ones). */
async function packOurs(): Promise<{ directory: string; files: string[] }> {
  const directory = await mkdtemp(join(tmpdir(), "azfed-bench-pack-"));
  for (const name of OUR_PACKAGES) {
    await run("pnpm", ["pack", "--pack-destination", directory], { cwd: join(root, "packages", name) });
  }
  const files = (await readdir(directory))
    .filter((file) => file.endsWith(".tgz"))
    .map((file) => join(directory, file));
  return { directory, files };
}

/** `npm i` of `specs` in a new folder: the bytes under node_modules and the packages in it. */
async function installedSize(specs: readonly string[]): Promise<{ bytes: number; packages: number }> {
  const directory = await mkdtemp(join(tmpdir(), "azfed-bench-install-"));
  try {
    await writeFile(join(directory, "package.json"), JSON.stringify({ name: "size-probe", private: true }));
    await run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--omit=dev", ...specs], {
      cwd: directory,
      maxBuffer: 64 * 1024 * 1024,
    });
    const modules = join(directory, "node_modules");
    return { bytes: await directoryBytes(modules), packages: await countPackages(modules) };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

async function directoryBytes(path: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) total += await directoryBytes(full);
    else if (entry.isFile()) total += (await stat(full)).size;
  }
  return total;
}

async function countPackages(modules: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(modules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    if (entry.name.startsWith("@")) {
      count += (await readdir(join(modules, entry.name))).length;
    } else {
      count++;
      const nested = join(modules, entry.name, "node_modules");
      if (existsSync(nested)) count += await countPackages(nested);
    }
  }
  return count;
}
