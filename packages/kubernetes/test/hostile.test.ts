// A strange token path (issue 12): a FIFO where the projected token should be. Opening it blocked one
// of libuv's four threads for good, ignoring the abort signal; after four calls, file access, crypto
// and DNS hung for the whole process.
import { execFileSync, spawn } from "node:child_process";
import { pbkdf2Sync } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IdentityBindingProxy } from "../src/identity-binding-proxy";
import { kubernetes } from "../src/index";
import { KubernetesTokenFileError } from "../src/kubernetes-token-file-error";

let directory: string;
let fifo: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "azfed-fifo-"));
  fifo = join(directory, "token");
  execFileSync("mkfifo", [fifo]);
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("a FIFO at the token path", () => {
  it("is refused at once, six times in a row, and the thread pool stays free", {
    timeout: 15_000,
  }, async () => {
    const provider = kubernetes({ tokenFilePath: fifo });
    for (let call = 0; call < 6; call++) {
      const signal = AbortSignal.timeout(2_000);
      const error = await provider
        .getAssertion({ audience: "api://AzureADTokenExchange", signal })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KubernetesTokenFileError);
      expect((error as Error).message).toMatch(/named pipe \(FIFO\), not a regular file/);
    }
    // Work that needs libuv's thread pool still completes.
    const started = performance.now();
    await readFile(import.meta.filename);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(pbkdf2Sync("x", "y", 1, 8, "sha256")).toHaveLength(8);
  });

  it("does not block the main thread when the subject is read from the environment", {
    timeout: 60_000,
  }, async () => {
    // In a child process: a blocked main thread could not even fail this test. The child says when it
    // has loaded the sources (through tsx: seconds, and 8 s at a quarter of a core), and only the call
    // itself is timed: a blocking read of a FIFO never returns, a refusal takes milliseconds.
    const source = join(import.meta.dirname, "../src/index.ts");
    const script = `import(${JSON.stringify(source)}).then((m) => process.stdout.write("loaded\\n", () => { try { m.kubernetesSubjectFromEnvironment({ env: { AZURE_FEDERATED_TOKEN_FILE: ${JSON.stringify(fifo)} }, serviceAccountDir: ${JSON.stringify(directory)} }); } catch (error) { console.log(error.name); } }));`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    let blocked: NodeJS.Timeout | undefined;
    const exit = new Promise<NodeJS.Signals | null>((resolve) => {
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        if (stdout.includes("loaded") && blocked === undefined) {
          blocked = setTimeout(() => child.kill("SIGKILL"), 10_000);
        }
      });
      child.once("close", (_code, signal) => {
        clearTimeout(blocked);
        resolve(signal);
      });
    });
    expect(await exit).toBeNull();
    expect(stdout).toContain("loaded");
    expect(stdout).toContain("CredentialUnavailableError");
  });
});

// Issue 20, findings 2 and 6: the identity binding's CA file was opened before its type was checked,
// and the token file's limit was checked on `stat`'s size; both now go through core's one reader.
describe("core's bounded reader behind every path", () => {
  it("a FIFO at AZURE_KUBERNETES_CA_FILE is refused at once, six times, and the thread pool stays free", {
    timeout: 15_000,
  }, async () => {
    const proxy = new IdentityBindingProxy();
    const env = { AZURE_KUBERNETES_TOKEN_PROXY: "https://10.0.0.1", AZURE_KUBERNETES_CA_FILE: fifo };
    const started = performance.now();
    for (let call = 0; call < 6; call++) {
      const error = await proxy.route(env).catch((e: unknown) => e);
      expect((error as Error).message).toContain("is a named pipe (FIFO), not a regular file");
    }
    await readFile(import.meta.filename);
    expect(pbkdf2Sync("x", "y", 1, 8, "sha256")).toHaveLength(8);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it.runIf(process.platform === "linux")(
    "/proc/self/pagemap as the token file (size 0, endless) stops at 64 KiB read",
    { timeout: 15_000 },
    async () => {
      const error = await kubernetes({ tokenFilePath: "/proc/self/pagemap" })
        .getAssertion({ audience: "api://AzureADTokenExchange" })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KubernetesTokenFileError);
      expect((error as Error).message).toContain("holds more than 65536 bytes");
    },
  );
});
