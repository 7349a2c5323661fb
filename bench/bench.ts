/**
 * azfed against @azure/identity, in the same run: fresh-process cold starts (alternated A/B runs,
 * medians with their spread), installed size, cached getToken and 1000 concurrent first calls, on each
 * Node given. Prints the Markdown table docs/performance.md shows. Speed is measured here, never
 * asserted in tests.
 *
 *   pnpm bench                                    # builds, then runs this on the current node
 *   node --import tsx bench/bench.ts --runs 11 --node /path/to/node24 --node /path/to/node20
 *
 * Each library is installed as its users get it: ours packed from the built packages, @azure/identity
 * from the registry (its latest release for Node >= 22; 4.13, the last for Node 20, on Node 20), each
 * in a fresh folder; the fresh processes import from there. The Entra emulator, the OIDC issuer and
 * the Kubernetes token file are @azfed/testing's, on 127.0.0.1 over HTTPS with a throwaway CA that
 * both libraries trust through NODE_EXTRA_CA_CERTS (no TLS check is disabled).
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import {
  startEntraEmulator,
  startKubernetesTokenFile,
  startOidcIssuer,
  testCertificateAuthority,
} from "../packages/testing/src/index";
import {
  CHILD_ENV,
  CUSTOM_HOST,
  KUBERNETES_POD,
  PUBLIC_HOST,
  ROUTE_PRELOAD,
  type Scenario,
  warmScript,
} from "./children";
import { type Installation, installOurs, installTheirs } from "./install";
import { describeSpread, median, type Row, table } from "./report";
import { timedProcess } from "./timed-process";

const root = fileURLToPath(new URL("../", import.meta.url));
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "9" },
    node: { type: "string", multiple: true },
  },
});
const runs = Number(values.runs);
const nodes = values.node?.length ? values.node : [process.execPath];
const SCOPE = "https://management.azure.com/.default";
const SUBJECT = "repo:contoso/app:ref:refs/heads/main";
const AUDIENCE = "api://AzureADTokenExchange";

const work = await mkdtemp(join(tmpdir(), "azfed-bench-"));
const ca = await testCertificateAuthority();
const entra = await startEntraEmulator({ ca });
const issuer = await startOidcIssuer({ ca });
const pod = await startKubernetesTokenFile({ ca, authorityHost: `${entra.url}/` });
const tenantId = pod.tenantId;
const clientId = pod.clientId;
entra.addApplication({
  clientId,
  tenantId,
  federatedCredentials: [
    { name: "bench-ci", issuer: issuer.issuer, subject: SUBJECT, audiences: [AUDIENCE] },
    { name: "bench-pod", issuer: pod.issuer, subject: pod.subject, audiences: [AUDIENCE] },
  ],
});
const assertion = await issuer.mint({ sub: SUBJECT, aud: AUDIENCE }, { lifetimeSeconds: 3600 });
const preload = join(work, "route.mjs");
await writeFile(preload, ROUTE_PRELOAD);
const childEnv = {
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "",
  NODE_EXTRA_CA_CERTS: ca.certificatePath,
  [CHILD_ENV.tenantId]: tenantId,
  [CHILD_ENV.clientId]: clientId,
  [CHILD_ENV.assertion]: assertion,
  [CHILD_ENV.scope]: SCOPE,
  [CHILD_ENV.route]: `127.0.0.1:${new URL(entra.url).port}`,
};

console.error("Installing @azfed/identity (packed) and @azure/identity (registry) in fresh folders...");
const ours = await installOurs(root);
const theirsBySpec = new Map<string, Installation>();
const rows: Row[] = [];
try {
  for (const node of nodes) {
    const version = (await promisify(execFile)(node, ["--version"])).stdout.trim();
    const spec = Number(version.slice(1).split(".")[0]) >= 22 ? "latest" : "4.13";
    if (!theirsBySpec.has(spec)) theirsBySpec.set(spec, await installTheirs(spec));
    const theirs = theirsBySpec.get(spec) as Installation;
    const label = `Node ${version}, @azure/identity ${theirs.version}`;
    console.error(`${label}: ${runs} alternated runs per scenario...`);
    // Warm-up, not measured: the emulator fetches and caches the issuers' keys; the disk cache fills.
    for (const scenario of [CUSTOM_HOST, KUBERNETES_POD]) {
      await coldStart(node, scenario, "ours", ours);
      await coldStart(node, scenario, "theirs", theirs);
    }
    for (const scenario of [CUSTOM_HOST, PUBLIC_HOST, KUBERNETES_POD]) {
      const inProcess = { ours: [] as number[], theirs: [] as number[] };
      const whole = { ours: [] as number[], theirs: [] as number[] };
      const requests = { ours: 0, theirs: 0 };
      for (let i = 0; i < runs; i++) {
        // Alternated, and which library goes first alternates too.
        const order = i % 2 === 0 ? (["ours", "theirs"] as const) : (["theirs", "ours"] as const);
        for (const library of order) {
          entra.reset();
          const result = await coldStart(node, scenario, library, library === "ours" ? ours : theirs);
          inProcess[library].push(result.inProcessMs);
          whole[library].push(result.wholeMs);
          requests[library] = entra.requests.length;
        }
      }
      rows.push(
        {
          goal: `fresh process, import + credential + first token, in-process: ms (${scenario.name}; target ≤ 0.33)`,
          node: version,
          ours: describeSpread(inProcess.ours),
          theirs: describeSpread(inProcess.theirs),
          ratio: median(inProcess.ours) / median(inProcess.theirs),
        },
        {
          goal: `the same, whole process, exec to exit: ms (${scenario.name})`,
          node: version,
          ours: describeSpread(whole.ours),
          theirs: describeSpread(whole.theirs),
          ratio: median(whole.ours) / median(whole.theirs),
        },
        {
          goal: `the same: HTTP requests to Entra (${scenario.name})`,
          node: version,
          ours: String(requests.ours),
          theirs: String(requests.theirs),
          ratio: requests.ours / requests.theirs,
        },
      );
    }
    rows.push(...(await warmRows(node, version, theirs)));
  }
  const theirsSizes = [...theirsBySpec.values()];
  for (const theirs of theirsSizes) {
    rows.push({
      goal: `installed size, npm i in a fresh folder: MB (@azfed/identity ${ours.version} vs @azure/identity ${theirs.version}; target ≤ 0.30)`,
      node: "any",
      ours: (ours.bytes / 1e6).toFixed(2),
      theirs: (theirs.bytes / 1e6).toFixed(2),
      ratio: ours.bytes / theirs.bytes,
    });
  }
  console.log(table(rows, runs));
} finally {
  for (const installation of [ours, ...theirsBySpec.values()]) {
    await rm(installation.directory, { recursive: true, force: true });
  }
  await Promise.all([pod.close(), issuer.close(), entra.close()]);
  await rm(work, { recursive: true, force: true });
}

/** One fresh process: its own time from before the import to the token, and exec to exit. */
async function coldStart(
  node: string,
  scenario: Scenario,
  library: "ours" | "theirs",
  installation: Installation,
): Promise<{ inProcessMs: number; wholeMs: number }> {
  const publicHost = scenario === PUBLIC_HOST;
  const args = [...(publicHost ? ["--import", preload] : []), "--input-type=module", "-e", scenario[library]];
  const env = {
    ...childEnv,
    ...(scenario === KUBERNETES_POD ? pod.env() : {}),
    [CHILD_ENV.authorityHost]: publicHost ? "https://login.microsoftonline.com" : entra.url,
  };
  const { stdout, wholeMs } = await timedProcess(node, args, env, installation.directory);
  return {
    inProcessMs: (JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { ms: number }).ms,
    wholeMs,
  };
}

async function warmRows(node: string, version: string, theirs: Installation): Promise<Row[]> {
  const env = { ...childEnv, [CHILD_ENV.authorityHost]: entra.url };
  const measured = [];
  for (const [library, installation, calls] of [
    ["ours", ours, 200_000],
    ["theirs", theirs, 20_000],
  ] as const) {
    entra.reset();
    const { stdout } = await timedProcess(
      node,
      ["--input-type=module", "-e", warmScript(library, calls)],
      env,
      installation.directory,
    );
    const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as {
      microseconds: number;
      cachedAssertionCalls: number;
      burstMs: number;
      burstAssertionCalls: number;
    };
    // The token requests of the burst (the cached credential made one before it, discovery excluded).
    measured.push({ ...result, tokenRequests: entra.count("token") - 1 });
  }
  const [o, t] = measured as [(typeof measured)[number], (typeof measured)[number]];
  return [
    {
      goal: "cached getToken: µs per call (target: ≥ 100× faster)",
      node: version,
      ours: o.microseconds.toFixed(3),
      theirs: t.microseconds.toFixed(3),
      ratio: o.microseconds / t.microseconds,
    },
    {
      goal: "cached getToken: assertion callbacks per call",
      node: version,
      ours: o.cachedAssertionCalls.toFixed(2),
      theirs: t.cachedAssertionCalls.toFixed(2),
      ratio: Number.NaN,
    },
    {
      goal: "100 concurrent first getToken: token requests (target: one exchange)",
      node: version,
      ours: String(o.tokenRequests),
      theirs: String(t.tokenRequests),
      ratio: o.tokenRequests / t.tokenRequests,
    },
    {
      goal: "100 concurrent first getToken: assertion callbacks / wall ms",
      node: version,
      ours: `${o.burstAssertionCalls} / ${o.burstMs.toFixed(0)}`,
      theirs: `${t.burstAssertionCalls} / ${t.burstMs.toFixed(0)}`,
      ratio: o.burstMs / t.burstMs,
    },
  ];
}
