// A strange token path (issue 12): a FIFO where the projected token should be. Opening it blocked one
// of libuv's four threads for good, ignoring the abort signal; after four calls, file access, crypto
// and DNS hung for the whole process.
import { execFileSync, spawnSync } from "node:child_process";
import { pbkdf2Sync } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
    timeout: 20_000,
  }, () => {
    // In a child process: a blocked main thread could not even fail this test.
    const source = join(import.meta.dirname, "../src/index.ts");
    const script = `import(${JSON.stringify(source)}).then((m) => { try { m.kubernetesSubjectFromEnvironment({ env: { AZURE_FEDERATED_TOKEN_FILE: ${JSON.stringify(fifo)} }, serviceAccountDir: ${JSON.stringify(directory)} }); } catch (error) { console.log(error.name); } });`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      timeout: 10_000,
      encoding: "utf8",
    });
    expect(child.signal).toBeNull();
    expect(child.stdout).toContain("CredentialUnavailableError");
  });
});
