import { execFile } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const coreEntry = pathToFileURL(fileURLToPath(new URL("../src/index.ts", import.meta.url))).href;

// In a fresh process (msal-node is loaded once per process): each `https.request` notes whether
// msal-node is loaded yet. The custom authority host is a closed port on 127.0.0.1, so the discovery
// fails at once and nothing leaves loopback; msal-node is still loaded by the exchange it began.
const CHILD = `
import { createRequire } from "node:module";
const requireCache = createRequire(import.meta.url).cache;
const msalLoaded = () => Object.keys(requireCache).some((path) => path.includes("/@azure/msal-node/"));
const https = process.getBuiltinModule("node:https");
const request = https.request;
const atRequests = [];
https.request = function (...args) {
  atRequests.push(msalLoaded());
  return request.apply(this, args);
};
const { FederatedTokenCredential } = await import(${JSON.stringify(coreEntry)});
const credential = new FederatedTokenCredential({
  tenantId: "contoso.onmicrosoft.com",
  clientId: "00000000-0000-0000-0000-000000000001",
  assertion: () => "header.payload.signature",
  authorityHost: "https://127.0.0.1:1",
  disableInstanceDiscovery: true,
  retry: { maxRetries: 0 },
});
const failure = await credential.getToken("https://management.azure.com/.default").catch((error) => error.name);
await new Promise((resolve) => setTimeout(resolve, 200));
console.log(JSON.stringify({ atRequests, failure, afterExchange: msalLoaded() }));
`;

it("the first exchange sends its discovery request before it requires msal-node (which compiles while the request travels)", async () => {
  const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", CHILD], {
    cwd: repoRoot,
    env: { ...process.env, AZURE_AUTHORITY_HOST: "" },
    timeout: 60_000,
  });
  const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as {
    atRequests: boolean[];
    failure: string;
    afterExchange: boolean;
  };
  expect(result.atRequests).toEqual([false]);
  expect(result.failure).toBe("HttpRequestError");
  // The check sees msal-node: the exchange loaded it.
  expect(result.afterExchange).toBe(true);
}, 60_000);
