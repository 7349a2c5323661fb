/**
 * FederatedTokenCredential (@azfed/core, built dist) against @azure/identity's ClientAssertionCredential,
 * on the same local Entra emulator and OIDC issuer, in the same run. Prints a Markdown table.
 *
 *   pnpm --filter @azfed/core build && node --import tsx bench/credential.ts
 *
 * The script re-runs itself with NODE_EXTRA_CA_CERTS set to a throwaway test CA, so that both
 * libraries trust the emulators with their default TLS settings (no TLS check is disabled).
 */
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type * as Core from "../packages/core/src/index";
import {
  type EntraEmulator,
  startEntraEmulator,
  startOidcIssuer,
  TEST_CA_DIRECTORY_ENV,
  testCertificateAuthority,
} from "../packages/testing/src/index";

const root = fileURLToPath(new URL("../", import.meta.url));
const coreDist = join(root, "packages/core/dist/index.js");
const requireFromCore = createRequire(join(root, "packages/core/package.json"));

const TENANT_ID = "8b1f4e6a-5c3d-4e2f-9a1b-0c2d3e4f5a6b";
const CLIENT_ID = "3f2e1d0c-9b8a-4765-8432-10fedcba9876";
const SUBJECT = "repo:contoso/app:ref:refs/heads/main";
const AUDIENCE = "api://AzureADTokenExchange";
const SCOPE = "https://management.azure.com/.default";
const PUBLIC_CLOUD = "https://login.microsoftonline.com";

interface AccessToken {
  token: string;
  expiresOnTimestamp: number;
}
interface TokenCredential {
  getToken(scopes: string | string[], options?: object): Promise<AccessToken | null>;
}
interface PipelineRequest {
  url: string;
}
interface HttpClient {
  sendRequest(request: PipelineRequest): Promise<unknown>;
}
/** The part of @azure/identity this benchmark uses (it is resolved from @azfed/core's devDependencies). */
interface IdentityModule {
  ClientAssertionCredential: new (
    tenantId: string,
    clientId: string,
    getAssertion: () => Promise<string>,
    options?: { authorityHost?: string; disableInstanceDiscovery?: boolean; httpClient?: HttpClient },
  ) => TokenCredential;
}

const run = promisify(execFile);

if (!process.env.NODE_EXTRA_CA_CERTS || !process.env[TEST_CA_DIRECTORY_ENV]) {
  await relaunchTrustingTestCa();
} else {
  await main();
}

/** Creates a CA on disk and runs this script again with NODE_EXTRA_CA_CERTS pointing at it. */
async function relaunchTrustingTestCa(): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), "azfed-bench-ca-"));
  const ca = await testCertificateAuthority({ directory });
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    stdio: "inherit",
    env: { ...process.env, NODE_EXTRA_CA_CERTS: ca.certificatePath, [TEST_CA_DIRECTORY_ENV]: directory },
  });
  const code = await new Promise<number>((resolve) => child.on("exit", (exitCode) => resolve(exitCode ?? 1)));
  await rm(directory, { recursive: true, force: true });
  process.exitCode = code;
}

async function main(): Promise<void> {
  if (!existsSync(coreDist)) {
    console.error("Build @azfed/core first: pnpm --filter @azfed/core build");
    process.exitCode = 1;
    return;
  }
  const core = (await import(pathToFileURL(coreDist).href)) as typeof Core;
  const identity = requireFromCore("@azure/identity") as IdentityModule;
  const pipeline = requireFromCore("@azure/core-rest-pipeline") as { createDefaultHttpClient(): HttpClient };

  const entra = await startEntraEmulator();
  const issuer = await startOidcIssuer({ ca: entra.ca });
  entra.addApplication({
    clientId: CLIENT_ID,
    tenantId: TENANT_ID,
    federatedCredentials: [{ name: "bench", issuer: issuer.issuer, subject: SUBJECT, audiences: [AUDIENCE] }],
  });

  let fetches = 0;
  const mint = (): Promise<string> => {
    fetches++;
    return issuer.mint({ sub: SUBJECT, aud: AUDIENCE });
  };
  // For measurements of the libraries' own overhead: one assertion minted ahead (valid 5 minutes),
  // handed out at no cost, still counted.
  const preminted = await issuer.mint({ sub: SUBJECT, aud: AUDIENCE }, { lifetimeSeconds: 600 });
  const cheap = async (): Promise<string> => {
    fetches++;
    return preminted;
  };

  const ours = (authorityHost: string, extra: Partial<Core.FederatedTokenCredentialOptions> = {}) =>
    new core.FederatedTokenCredential({
      tenantId: TENANT_ID,
      clientId: CLIENT_ID,
      assertion: mint,
      authorityHost,
      ...(authorityHost === PUBLIC_CLOUD ? {} : { disableInstanceDiscovery: true }),
      ...extra,
    });
  const theirs = (
    authorityHost: string,
    extra: { httpClient?: HttpClient; assertion?: () => Promise<string> } = {},
  ) =>
    new identity.ClientAssertionCredential(TENANT_ID, CLIENT_ID, extra.assertion ?? mint, {
      authorityHost,
      disableInstanceDiscovery: authorityHost !== PUBLIC_CLOUD,
      ...(extra.httpClient ? { httpClient: extra.httpClient } : {}),
    });
  // Known-cloud runs: the public cloud's host name, with every request sent to the emulator.
  const oursRouted = () => ours(PUBLIC_CLOUD, { dispatcher: routeTo(entra) });
  const defaultHttpClient = pipeline.createDefaultHttpClient();
  const theirsRouted = () =>
    theirs(PUBLIC_CLOUD, {
      httpClient: {
        sendRequest: (request) => {
          request.url = request.url.replace(PUBLIC_CLOUD, entra.url);
          return defaultHttpClient.sendRequest(request);
        },
      },
    });

  // Warm-up, not measured: the emulator fetches and caches the issuer's keys, and each library
  // loads what it loads on first use (azfed imports msal-node at its first exchange).
  await ours(entra.url).getToken("https://vault.azure.net/.default");
  await theirs(entra.url).getToken("https://vault.azure.net/.default");

  const rows: string[][] = [];

  // 1. Fresh processes: importing the built package, and importing it plus getting the first token.
  const identityEsm = join(
    dirname(requireFromCore.resolve("@azure/identity/package.json")),
    "dist/esm/index.js",
  );
  const importOurs: number[] = [];
  const importTheirs: number[] = [];
  const coldStartOurs: number[] = [];
  const coldStartTheirs: number[] = [];
  const child = { EMULATOR: entra.url, TENANT_ID, CLIENT_ID, SCOPE, ASSERTION: preminted };
  for (let i = 0; i < 9; i++) {
    importOurs.push(await timeChild(`await import(${JSON.stringify(pathToFileURL(coreDist).href)});`));
    importTheirs.push(await timeChild(`await import(${JSON.stringify(pathToFileURL(identityEsm).href)});`));
  }
  for (let i = 0; i < 5; i++) {
    coldStartOurs.push(await timeChild(coldOurs(coreDist), child));
    coldStartTheirs.push(await timeChild(coldTheirs(identityEsm), child));
  }
  rows.push(
    row("import the package (fresh node, median of 9): ms", median(importOurs), median(importTheirs), 1),
    row(
      "import + first token (fresh node, custom host, median of 5): ms",
      median(coldStartOurs),
      median(coldStartTheirs),
      1,
    ),
  );

  // 2. The first token of a new credential in a warm process: wall time and HTTP requests (median of 5,
  // a new credential each time).
  const firstOurs = await firstToken(entra, () => ours(entra.url));
  const firstTheirs = await firstToken(entra, () => theirs(entra.url));
  const firstOursKnown = await firstToken(entra, oursRouted);
  const firstTheirsKnown = await firstToken(entra, theirsRouted);
  rows.push(
    row(
      "first token, custom host (emulator, instance discovery off): wall ms",
      firstOurs.ms,
      firstTheirs.ms,
      1,
    ),
    row("first token, custom host: HTTP requests", firstOurs.requests, firstTheirs.requests, 0),
    row(
      "first token, public cloud host (routed to the emulator): wall ms",
      firstOursKnown.ms,
      firstTheirsKnown.ms,
      1,
    ),
    row(
      "first token, public cloud host: HTTP requests",
      firstOursKnown.requests,
      firstTheirsKnown.requests,
      0,
    ),
  );

  // 3. A cached getToken, per call (assertion handed out at no cost, so only the libraries are timed).
  const cachedOurs = await perCall(ours(entra.url, { assertion: cheap }), 200_000, () => fetches);
  const cachedTheirs = await perCall(theirs(entra.url, { assertion: cheap }), 20_000, () => fetches);
  rows.push(
    row("cached getToken: µs per call", cachedOurs.microseconds, cachedTheirs.microseconds, 3),
    row(
      "cached getToken: assertion fetches per call",
      cachedOurs.fetchesPerCall,
      cachedTheirs.fetchesPerCall,
      2,
    ),
  );

  // 4. 1000 concurrent getToken calls on a cold credential (assertions minted for real).
  const burstOurs = await burst(entra, ours(entra.url), () => fetches);
  const burstTheirs = await burst(entra, theirs(entra.url), () => fetches);
  rows.push(
    row(
      "1000 concurrent cold getToken: token requests",
      burstOurs.tokenRequests,
      burstTheirs.tokenRequests,
      0,
    ),
    row("1000 concurrent cold getToken: assertion fetches", burstOurs.fetches, burstTheirs.fetches, 0),
    row("1000 concurrent cold getToken: wall ms", burstOurs.ms, burstTheirs.ms, 1),
  );

  await Promise.all([entra.close(), issuer.close()]);
  printTable(rows);
}

function coldOurs(entry: string): string {
  return `
const { FederatedTokenCredential } = await import(${JSON.stringify(pathToFileURL(entry).href)});
const credential = new FederatedTokenCredential({
  tenantId: process.env.TENANT_ID, clientId: process.env.CLIENT_ID, assertion: () => process.env.ASSERTION,
  authorityHost: process.env.EMULATOR, disableInstanceDiscovery: true,
});
if (!(await credential.getToken(process.env.SCOPE)).token) throw new Error("no token");
`;
}

function coldTheirs(entry: string): string {
  return `
const { ClientAssertionCredential } = await import(${JSON.stringify(pathToFileURL(entry).href)});
const credential = new ClientAssertionCredential(process.env.TENANT_ID, process.env.CLIENT_ID, async () => process.env.ASSERTION, {
  authorityHost: process.env.EMULATOR, disableInstanceDiscovery: true,
});
if (!(await credential.getToken(process.env.SCOPE)).token) throw new Error("no token");
`;
}

/** A dispatcher that sends every request to the emulator, whatever the URL's host (like a forward proxy). */
function routeTo(entra: EntraEmulator) {
  return entra.dispatcher.compose(
    (dispatch) => (options, handler) => dispatch({ ...options, origin: entra.url }, handler),
  );
}

async function firstToken(entra: EntraEmulator, create: () => TokenCredential) {
  const times: number[] = [];
  let requests = 0;
  for (let i = 0; i < 5; i++) {
    const credential = create();
    entra.reset();
    const started = performance.now();
    const token = await credential.getToken(SCOPE);
    times.push(performance.now() - started);
    if (!token?.token) throw new Error("no token");
    requests = entra.requests.length;
  }
  return { ms: median(times), requests };
}

async function perCall(credential: TokenCredential, iterations: number, fetchCount: () => number) {
  await credential.getToken(SCOPE);
  for (let i = 0; i < Math.min(iterations, 2_000); i++) await credential.getToken(SCOPE); // warm up
  const fetchesBefore = fetchCount();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) await credential.getToken(SCOPE);
  const microseconds = ((performance.now() - started) * 1000) / iterations;
  return { microseconds, fetchesPerCall: (fetchCount() - fetchesBefore) / iterations };
}

async function burst(entra: EntraEmulator, credential: TokenCredential, fetchCount: () => number) {
  entra.reset();
  const fetchesBefore = fetchCount();
  const started = performance.now();
  const tokens = await Promise.all(Array.from({ length: 1000 }, () => credential.getToken(SCOPE)));
  const ms = performance.now() - started;
  if (tokens.some((token) => !token?.token)) throw new Error("a call got no token");
  return { ms, tokenRequests: entra.count("token"), fetches: fetchCount() - fetchesBefore };
}

/** Runs `code` in a fresh node process and returns how long it took, from the process's own clock. */
async function timeChild(code: string, env: Record<string, string> = {}): Promise<number> {
  const script = `const t = performance.now();\n${code}\nconsole.log(performance.now() - t);`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
    cwd: root,
    env: { ...process.env, ...env },
  });
  return Number(stdout.trim().split("\n").at(-1));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function row(metric: string, ours: number, theirs: number, digits: number): string[] {
  const ratio =
    ours === theirs
      ? "same"
      : ours === 0 || theirs === 0
        ? ""
        : ours < theirs
          ? `${(theirs / ours).toFixed(1)}× less`
          : `${(ours / theirs).toFixed(1)}× more`;
  return [metric, ours.toFixed(digits), theirs.toFixed(digits), ratio];
}

function printTable(rows: string[][]): void {
  const header = ["metric", "@azfed/core", "@azure/identity 4.13", "azfed vs identity"];
  console.log(`\nNode ${process.version}, ${process.platform} ${process.arch}\n`);
  console.log(`| ${header.join(" | ")} |`);
  console.log(`|${header.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`);
  for (const cells of rows) console.log(`| ${cells.join(" | ")} |`);
}
