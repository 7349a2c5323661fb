/**
 * CPU-time A/B of fresh-process cold starts between installed folders, for a loaded machine: wall-clock
 * times move with the load, the CPU a process spends much less. Each folder is one that `--install`
 * made from the current build (or one holding `@azure/identity`); runs alternate between the folders
 * (the order rotates), and the table gives the medians of in-process CPU (user + system, from before
 * the import to the token), in-process wall time and the whole process's CPU as the process reports it
 * at the end. Speed is measured here, never asserted in tests.
 *
 *   node --import tsx bench/cpu-ab.ts --install /tmp/ab/before      # after pnpm build: pack + npm i
 *   node --import tsx bench/cpu-ab.ts --dir /tmp/ab/before --dir /tmp/ab/after --runs 21 \
 *     --scenario pod --node /path/to/node24 --node /path/to/node20   # --cpu-prof <folder>: V8 profiles
 *
 * `--scenario custom` is the custom-host scenario; `--env NAME=value` sets a child variable
 * (`AZURE_LOG_LEVEL=verbose` with `--stderr` shows the timeline; `AB_MODULE_LIST=1` prints Node's
 * `process.moduleLoadList`). On a shared machine, run it as root from a shell given the scheduler's
 * priority (`echo -20 > /proc/self/autogroup; nice -n -20 node ...`): the wall times then come close
 * to a quiet machine's (the CPU medians need no such help).
 */
import { existsSync } from "node:fs";
import { cp, rm } from "node:fs/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  startEntraEmulator,
  startKubernetesTokenFile,
  testCertificateAuthority,
} from "../packages/testing/src/index";
import { CHILD_ENV } from "./children";
import { installOurs } from "./install";
import { median } from "./report";
import { timedProcess } from "./timed-process";

const { values } = parseArgs({
  options: {
    install: { type: "string" },
    dir: { type: "string", multiple: true },
    runs: { type: "string", default: "15" },
    node: { type: "string", multiple: true },
    scenario: { type: "string", default: "pod" },
    /** A folder: the children write V8 CPU profiles there (`--cpu-prof`). */
    "cpu-prof": { type: "string" },
    /** `NAME=value\` set in the children's environment (e.g. AZURE_LOG_LEVEL=verbose). */
    env: { type: "string", multiple: true },
    /** Print the children's stderr. */
    stderr: { type: "boolean", default: false },
  },
});

if (values.install) {
  const installation = await installOurs(fileURLToPath(new URL("../", import.meta.url)));
  await cp(installation.directory, values.install, { recursive: true, verbatimSymlinks: true });
  await rm(installation.directory, { recursive: true, force: true });
  console.log(`installed into ${values.install}`);
  process.exit(0);
}

const folders = values.dir ?? [];
if (folders.length === 0) throw new Error("Give --dir at least once (or --install <folder>).");
const runs = Number(values.runs);
const nodes = values.node?.length ? values.node : [process.execPath];
const SCOPE = "https://management.azure.com/.default";

/** In a folder with `@azure/identity` the same scenario is written with WorkloadIdentityCredential/ClientAssertionCredential. */
function childScript(folder: string, scenario: string): string {
  const theirs = existsSync(join(folder, "node_modules", "@azure", "identity"));
  const env = (name: keyof typeof CHILD_ENV) => `process.env.${CHILD_ENV[name]}`;
  const body =
    scenario === "pod"
      ? theirs
        ? `const { WorkloadIdentityCredential } = await import("@azure/identity");
const token = await new WorkloadIdentityCredential({ disableInstanceDiscovery: true }).getToken(${env("scope")});`
        : `const { DefaultFederatedCredential } = await import("@azfed/identity");
const token = await new DefaultFederatedCredential({ disableInstanceDiscovery: true }).getToken(${env("scope")});`
      : theirs
        ? `const { ClientAssertionCredential } = await import("@azure/identity");
const token = await new ClientAssertionCredential(${env("tenantId")}, ${env("clientId")}, async () => ${env("assertion")}, { authorityHost: ${env("authorityHost")}, disableInstanceDiscovery: true }).getToken(${env("scope")});`
        : `const { FederatedTokenCredential } = await import("@azfed/core");
const token = await new FederatedTokenCredential({ tenantId: ${env("tenantId")}, clientId: ${env("clientId")}, assertion: () => ${env("assertion")}, authorityHost: ${env("authorityHost")}, disableInstanceDiscovery: true }).getToken(${env("scope")});`;
  return `const cpu = process.cpuUsage();
const started = performance.now();
${body}
if (!token?.token) throw new Error("no token");
const used = process.cpuUsage(cpu);
const total = process.cpuUsage();
if (process.env.AB_MODULE_LIST) console.error(JSON.stringify(process.moduleLoadList));
console.log(JSON.stringify({ ms: performance.now() - started, cpu: (used.user + used.system) / 1000, processCpu: (total.user + total.system) / 1000 }));`;
}

const ca = await testCertificateAuthority();
const entra = await startEntraEmulator({ ca });
const pod = await startKubernetesTokenFile({ ca, authorityHost: `${entra.url}/` });
entra.addApplication({
  clientId: pod.clientId,
  tenantId: pod.tenantId,
  federatedCredentials: [
    { name: "ab-pod", issuer: pod.issuer, subject: pod.subject, audiences: ["api://AzureADTokenExchange"] },
  ],
});
const assertion = pod.current.token;
const childEnv: Record<string, string> = {
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "",
  NODE_EXTRA_CA_CERTS: ca.certificatePath,
  [CHILD_ENV.tenantId]: pod.tenantId,
  [CHILD_ENV.clientId]: pod.clientId,
  [CHILD_ENV.assertion]: assertion,
  [CHILD_ENV.scope]: SCOPE,
  [CHILD_ENV.authorityHost]: entra.url,
  ...(values.scenario === "pod" ? pod.env() : {}),
  ...Object.fromEntries(
    (values.env ?? []).map((pair) => [pair.split("=")[0], pair.slice(pair.indexOf("=") + 1)]),
  ),
};

interface Sample {
  ms: number;
  cpu: number;
  processCpu: number;
}

const profileArgs = values["cpu-prof"]
  ? ["--cpu-prof", "--cpu-prof-interval", "50", "--cpu-prof-dir", values["cpu-prof"]]
  : [];

async function run(node: string, folder: string): Promise<Sample> {
  const args = [...profileArgs, "--input-type=module", "-e", childScript(folder, values.scenario ?? "pod")];
  const { stdout, stderr } = await timedProcess(node, args, childEnv, folder);
  if (values.stderr) process.stderr.write(stderr);
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Sample;
}

try {
  for (const node of nodes) {
    const samples = new Map<string, Sample[]>(folders.map((folder) => [folder, []]));
    for (const folder of folders) await run(node, folder); // warm-up: disk cache, emulator key cache
    const loadBefore = loadavg()[0] ?? 0;
    for (let i = 0; i < runs; i++) {
      const order = folders.map((_, k) => folders[(i + k) % folders.length] as string);
      for (const folder of order) samples.get(folder)?.push(await run(node, folder));
    }
    const loadAfter = loadavg()[0] ?? 0;
    console.log(
      `\n${node} (${values.scenario}, ${runs} runs each, alternated; load average ${loadBefore.toFixed(1)} -> ${loadAfter.toFixed(1)})`,
    );
    console.log("folder | in-process CPU ms | in-process ms | whole-process CPU ms");
    for (const [folder, list] of samples) {
      const pick = (key: keyof Sample) => median(list.map((sample) => sample[key])).toFixed(1);
      console.log(`${folder} | ${pick("cpu")} | ${pick("ms")} | ${pick("processCpu")}`);
    }
  }
} finally {
  await Promise.all([pod.close(), entra.close()]);
}
