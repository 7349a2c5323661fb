import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import {
  type EntraEmulator,
  type KubernetesTokenFile,
  startEntraEmulator,
  startKubernetesTokenFile,
  type TestCertificateAuthority,
  testCertificateAuthority,
} from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOOKS } from "./provider-packages-loaded";

/*
 * The BUILT packages (CI builds before it tests, as for the CLI's binary) on a Kubernetes pod's path:
 * `@azfed/identity` and `@azfed/kubernetes` take core from `@azfed/core/provider` only, so a pod's
 * process loads core's code as two modules (that entry and the chunk it shares with the main entry),
 * never core's main entry module; each ES module a process loads costs it 1-3 ms of CPU whatever its
 * size (docs/performance.md). A token and a refusal's full diagnosis, in ESM and CommonJS.
 */

const run = promisify(execFile);
const identityFolder = fileURLToPath(new URL("../", import.meta.url));
const coreDist = fileURLToPath(new URL("../../core/dist/", import.meta.url));
const SCOPE = "https://management.azure.com/.default";
const AUDIENCE = "api://AzureADTokenExchange";

/** What the child prints: a token's presence or the error, and the files of core it loaded. */
interface PodRun {
  readonly token?: boolean;
  readonly error?: { readonly name: string; readonly message: string };
  readonly files: string[];
}

/** `getToken` body shared by both module systems' children (`DefaultFederatedCredential` in scope). */
const GET_TOKEN = `
let result;
try {
  const token = await new DefaultFederatedCredential({ disableInstanceDiscovery: true }).getToken(${JSON.stringify(SCOPE)});
  result = { token: typeof token.token === "string" && token.token.length > 0 };
} catch (error) {
  result = { error: { name: error.name, message: error.message } };
}`;

let ca: TestCertificateAuthority;
let entra: EntraEmulator;
let pod: KubernetesTokenFile;
let work: string;

beforeAll(async () => {
  ca = await testCertificateAuthority();
  entra = await startEntraEmulator({ ca });
  pod = await startKubernetesTokenFile({ ca, authorityHost: `${entra.url}/` });
  work = await mkdtemp(join(tmpdir(), "azfed-pod-modules-"));
  await writeFile(join(work, "hooks.mjs"), HOOKS);
}, 60_000);

afterAll(async () => {
  await Promise.all([pod?.close(), entra?.close()]);
  if (work) await rm(work, { recursive: true, force: true });
});

/** The files under core's dist folder among `paths` (file paths or `file:` URLs), sorted. */
function coreFiles(paths: readonly string[]): string[] {
  const dist = pathToFileURL(coreDist).href;
  const files = paths
    .map((path) => (path.startsWith("file:") ? path : pathToFileURL(path).href))
    .filter((url) => url.startsWith(dist))
    .map((url) => url.slice(dist.length).replace(/-[A-Z0-9]{8}\./, "-*."));
  return [...new Set(files)].sort();
}

async function runPod(format: "esm" | "cjs", clientId: string): Promise<PodRun> {
  const log = join(work, `resolved-${format}-${clientId}.log`);
  await writeFile(log, "");
  const script =
    format === "esm"
      ? `import { readFileSync } from "node:fs";
import { register } from "node:module";
register(${JSON.stringify(pathToFileURL(join(work, "hooks.mjs")).href)}, { data: ${JSON.stringify(log)} });
const { DefaultFederatedCredential } = await import("@azfed/identity");
${GET_TOKEN}
console.log(JSON.stringify({ ...result, files: readFileSync(${JSON.stringify(log)}, "utf8").split("\\n") }));`
      : `(async () => {
const { DefaultFederatedCredential } = require("@azfed/identity");
${GET_TOKEN}
console.log(JSON.stringify({ ...result, files: Object.keys(require.cache) }));
})();`;
  const { stdout } = await run(
    process.execPath,
    format === "esm" ? ["--input-type=module", "-e", script] : ["-e", script],
    {
      cwd: identityFolder,
      env: {
        PATH: process.env.PATH ?? "",
        NODE_EXTRA_CA_CERTS: ca.certificatePath,
        ...pod.env(),
        AZURE_CLIENT_ID: clientId,
      },
      timeout: 60_000,
    },
  );
  const printed = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as PodRun;
  return { ...printed, files: coreFiles(printed.files) };
}

describe.each(["esm", "cjs"] as const)("a Kubernetes pod's path on the built packages (%s)", (format) => {
  const extension = format === "esm" ? "js" : "cjs";

  it("gets a token, loading core's provider entry and shared chunk but not its main entry module", async () => {
    const distFiles = await readdir(coreDist);
    expect(distFiles).toContain(`index.${extension}`);
    entra.addApplication({
      clientId: pod.clientId,
      tenantId: pod.tenantId,
      federatedCredentials: [
        { name: "pod", issuer: pod.issuer, subject: pod.subject, audiences: [AUDIENCE] },
      ],
    });
    const result = await runPod(format, pod.clientId);
    expect(result.error).toBeUndefined();
    expect(result.token).toBe(true);
    expect(result.files).toEqual([`chunk-*.${extension}`, `provider.${extension}`]);
  }, 60_000);

  it("a refusal still carries its full diagnosis", async () => {
    const clientId =
      format === "esm" ? "0e2c1b7a-4f3d-4a8e-9c61-5b7d2e8f1a03" : "7d4e9f21-3c5b-4e6a-8f10-2a9b6c3d5e74";
    const wrongSubject = "system:serviceaccount:default:another-service-account";
    entra.addApplication({
      clientId,
      tenantId: pod.tenantId,
      federatedCredentials: [
        { name: "pod", issuer: pod.issuer, subject: wrongSubject, audiences: [AUDIENCE] },
      ],
    });
    const result = await runPod(format, clientId);
    expect(result.token).toBeUndefined();
    expect(result.error?.name).toBe("AuthenticationError");
    expect(result.error?.message).toContain("AADSTS70021");
    expect(result.error?.message).toContain(pod.subject);
  }, 60_000);

  it("the check sees the main entry: importing @azfed/core loads it", async () => {
    const source = await readFile(join(coreDist, `index.${extension}`), "utf8");
    expect(source.length).toBeGreaterThan(0);
    const script =
      format === "esm"
        ? `const core = await import("@azfed/core"); console.log(JSON.stringify({ files: [import.meta.resolve("@azfed/core")], n: Object.keys(core).length }));`
        : `require("@azfed/core"); console.log(JSON.stringify({ files: Object.keys(require.cache) }));`;
    const { stdout } = await run(
      process.execPath,
      format === "esm" ? ["--input-type=module", "-e", script] : ["-e", script],
      { cwd: identityFolder, timeout: 60_000 },
    );
    const { files } = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { files: string[] };
    expect(coreFiles(files)).toContain(`index.${extension}`);
  }, 60_000);
});

describe("the pod path's built files", () => {
  /** Any character outside ASCII (even in a comment esbuild kept) makes V8 hold the whole file as two-byte text. */
  const firstNonAscii = (text: string): number => {
    for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) > 0x7f) return index;
    return -1;
  };

  it("are ASCII only (core, identity, kubernetes)", async () => {
    const found: string[] = [];
    for (const name of ["core", "identity", "kubernetes"]) {
      const dist = fileURLToPath(new URL(`../../${name}/dist/`, import.meta.url));
      for (const file of (await readdir(dist)).filter((file) => /\.c?js$/.test(file))) {
        const text = await readFile(join(dist, file), "utf8");
        const at = firstNonAscii(text);
        if (at >= 0)
          found.push(`${name}/dist/${file}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}`);
      }
    }
    expect(found).toEqual([]);
  });

  it("the check sees a non-ASCII character", () => {
    expect(firstNonAscii("project_path:g/p \u2192 g/p")).toBe(17);
    expect(firstNonAscii("project_path:g/p -> g/p")).toBe(-1);
  });
});
