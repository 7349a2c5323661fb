import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type SpireWorkloadApi, startSpireWorkloadApi } from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const INDEX = fileURLToPath(new URL("../src/index.ts", import.meta.url));
let workloadApi: SpireWorkloadApi;

/** The gRPC and protobuf modules a fresh process has loaded after `script` ran with `spiffe` imported. */
async function loadedAfter(script: string, env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  const program = `
    import { createRequire } from "node:module";
    const { spiffe, spiffeFederatedCredential } = await import(${JSON.stringify(INDEX)});
    ${script}
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((path) => /@grpc[\\\\/]grpc-js|protobufjs/.test(path));
    console.log(JSON.stringify(loaded));`;
  const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", program], {
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "[]") as string[];
}

beforeAll(async () => {
  workloadApi = await startSpireWorkloadApi();
});
afterAll(() => workloadApi?.close());

describe("@grpc/grpc-js and protobufjs are loaded only when the Workload API is called", () => {
  it("not by the import, the builders, the factory or detect", async () => {
    const loaded = await loadedAfter(
      `spiffeFederatedCredential({ issuer: "https://oidc.contoso.com", spiffeId: "spiffe://example.org/a" });
       spiffe().detect();`,
      workloadApi.env(),
    );
    expect(loaded).toEqual([]);
  }, 60_000);

  it("by the first FetchJWTSVID", async () => {
    const loaded = await loadedAfter(
      `await spiffe().getAssertion({ audience: "api://AzureADTokenExchange" });`,
      workloadApi.env(),
    );
    expect(loaded.some((path) => path.includes("grpc-js"))).toBe(true);
    expect(loaded.some((path) => path.includes("protobufjs"))).toBe(true);
  }, 60_000);
});
