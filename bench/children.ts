/**
 * The scripts the benchmark's fresh processes run (ES modules, given to `node -e`), one per scenario
 * and library. Each prints one line of JSON. Packages are imported by name: the process runs in the
 * folder where they were installed.
 */

/** What a cold-start child reads from its environment. */
export const CHILD_ENV = {
  tenantId: "BENCH_TENANT_ID",
  clientId: "BENCH_CLIENT_ID",
  assertion: "BENCH_ASSERTION",
  authorityHost: "BENCH_AUTHORITY_HOST",
  scope: "BENCH_SCOPE",
  /** `host:port` that connections to login.microsoftonline.com go to (see {@link ROUTE_PRELOAD}). */
  route: "BENCH_ROUTE",
} as const;

/** A cold-start scenario: what each library's user writes for it. */
export interface Scenario {
  readonly name: string;
  readonly ours: string;
  readonly theirs: string;
}

const env = (name: keyof typeof CHILD_ENV): string => `process.env.${CHILD_ENV[name]}`;

/** Times `body` from before the import to the token, and prints it. */
function timed(body: string): string {
  return `const started = performance.now();
${body}
if (!token?.token) throw new Error("no token");
console.log(JSON.stringify({ ms: performance.now() - started }));`;
}

const clientAssertion = (authorityOptions: string): Scenario => ({
  name: "",
  ours: timed(`const { FederatedTokenCredential } = await import("@azfed/core");
const credential = new FederatedTokenCredential({
  tenantId: ${env("tenantId")}, clientId: ${env("clientId")}, assertion: () => ${env("assertion")},
  authorityHost: ${env("authorityHost")}, ${authorityOptions}
});
const token = await credential.getToken(${env("scope")});`),
  theirs: timed(`const { ClientAssertionCredential } = await import("@azure/identity");
const credential = new ClientAssertionCredential(${env("tenantId")}, ${env("clientId")}, async () => ${env("assertion")}, {
  authorityHost: ${env("authorityHost")}, ${authorityOptions}
});
const token = await credential.getToken(${env("scope")});`),
});

/** Import + credential + first token, custom authority host (the emulator; discovery of its metadata). */
export const CUSTOM_HOST: Scenario = {
  ...clientAssertion("disableInstanceDiscovery: true"),
  name: "custom host (FederatedTokenCredential vs ClientAssertionCredential)",
};

/** The same on the public cloud's host name (known to both: no discovery), routed to the emulator. */
export const PUBLIC_HOST: Scenario = {
  ...clientAssertion(""),
  name: "public host (FederatedTokenCredential vs ClientAssertionCredential)",
};

/** A Kubernetes pod with the Azure Workload Identity webhook's variables and token file. */
export const KUBERNETES_POD: Scenario = {
  name: "Kubernetes pod (DefaultFederatedCredential vs WorkloadIdentityCredential)",
  ours: timed(`const { DefaultFederatedCredential } = await import("@azfed/identity");
const token = await new DefaultFederatedCredential({ disableInstanceDiscovery: true }).getToken(${env("scope")});`),
  theirs: timed(`const { WorkloadIdentityCredential } = await import("@azure/identity");
const token = await new WorkloadIdentityCredential({ disableInstanceDiscovery: true }).getToken(${env("scope")});`),
};

/**
 * A module given to both libraries' processes with `--import` in the public-host scenario: TLS
 * connections to login.microsoftonline.com go to the emulator instead (its certificate is checked
 * against 127.0.0.1). Both libraries connect through `tls.connect` (Node's https agent).
 */
export const ROUTE_PRELOAD = `import tls from "node:tls";
const [host, port] = (process.env.${CHILD_ENV.route} ?? "").split(":");
const connect = tls.connect;
tls.connect = function (...args) {
  const options = args[0];
  if (options && typeof options === "object" && options.host === "login.microsoftonline.com") {
    args[0] = { ...options, host, port: Number(port), servername: undefined };
  }
  return connect.apply(this, args);
};
`;

/**
 * Cached getToken (µs per call, assertion calls per call) and 100 concurrent first calls on a new
 * credential (assertion calls; the parent counts token requests), in one warm process.
 */
export function warmScript(library: "ours" | "theirs", cachedCalls: number): string {
  const create =
    library === "ours"
      ? `const { FederatedTokenCredential } = await import("@azfed/core");
const create = (assertion) => new FederatedTokenCredential({ tenantId: ${env("tenantId")}, clientId: ${env("clientId")}, assertion, authorityHost: ${env("authorityHost")}, disableInstanceDiscovery: true });`
      : `const { ClientAssertionCredential } = await import("@azure/identity");
const create = (assertion) => new ClientAssertionCredential(${env("tenantId")}, ${env("clientId")}, assertion, { authorityHost: ${env("authorityHost")}, disableInstanceDiscovery: true });`;
  return `${create}
const scope = ${env("scope")};
let calls = 0;
// The assertion is handed out at no cost (pre-minted), so only the libraries are timed; calls are counted.
const cheap = async () => { calls++; return ${env("assertion")}; };
const cached = create(cheap);
await cached.getToken(scope);
for (let i = 0; i < 2000; i++) await cached.getToken(scope);
const before = calls;
const started = performance.now();
for (let i = 0; i < ${cachedCalls}; i++) await cached.getToken(scope);
const microseconds = ((performance.now() - started) * 1000) / ${cachedCalls};
const cachedAssertionCalls = (calls - before) / ${cachedCalls};
// 100 concurrent first calls; the assertion takes 5 ms, like a platform's token service nearby.
const slow = async () => { calls++; await new Promise((resolve) => setTimeout(resolve, 5)); return ${env("assertion")}; };
const cold = create(slow);
const burstBefore = calls;
const burstStarted = performance.now();
const tokens = await Promise.all(Array.from({ length: 100 }, () => cold.getToken(scope)));
if (tokens.some((token) => !token?.token)) throw new Error("a call got no token");
console.log(JSON.stringify({ microseconds, cachedAssertionCalls, burstMs: performance.now() - burstStarted, burstAssertionCalls: calls - burstBefore }));`;
}
