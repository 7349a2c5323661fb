import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPidOwnedTemporaryDirectory } from "../src/servers/pid-owned-directory";

const parents: string[] = [];
afterAll(() => {
  for (const parent of parents) rmSync(parent, { recursive: true, force: true });
});

/** A fresh directory standing in for the system temporary directory. */
function freshParent(): string {
  const parent = mkdtempSync(join(tmpdir(), "azfed-pid-dir-test-"));
  parents.push(parent);
  return parent;
}

interface NodeRun {
  readonly pid: number;
  readonly stdout: string;
  readonly signal: NodeJS.Signals | null;
}

/** Runs a TypeScript snippet in a new Node process (with tsx) and waits for it to end. */
function runNode(script: string, env: NodeJS.ProcessEnv = process.env): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "-e", script], { env });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (_code, signal) => resolve({ pid: child.pid ?? -1, stdout, signal }));
  });
}

/** The id of a process that has ended (and been reaped), so `process.kill(pid, 0)` fails with ESRCH. */
async function deadPid(): Promise<number> {
  const { pid } = await runNode("");
  expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: "ESRCH" }));
  return pid;
}

describe("createPidOwnedTemporaryDirectory", () => {
  it("removes the directories of processes that no longer run and keeps those of live ones", async () => {
    const parent = freshParent();
    const dead = await deadPid();
    const stale = join(parent, `azfed-test-ca-${dead}-Ab12Cd`);
    mkdirSync(stale);
    writeFileSync(join(stale, "ca.pem"), "left behind by a killed worker");
    const ownLive = join(parent, `azfed-test-ca-${process.pid}-Ef34Gh`);
    const parentLive = join(parent, `azfed-test-ca-${process.ppid}-Ij56Kl`);
    const unrelated = [`azfed-test-ca-${dead}`, "azfed-test-ca-Mn78Op", `other-prefix-${dead}-Qr90St`];
    for (const name of [ownLive, parentLive, ...unrelated.map((entry) => join(parent, entry))]) {
      mkdirSync(name);
    }

    const created = createPidOwnedTemporaryDirectory("azfed-test-ca", parent);

    expect(created.startsWith(join(parent, `azfed-test-ca-${process.pid}-`))).toBe(true);
    expect(existsSync(created)).toBe(true);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(ownLive)).toBe(true);
    expect(existsSync(parentLive)).toBe(true);
    for (const name of unrelated) expect(existsSync(join(parent, name))).toBe(true);
  });

  it("escapes the prefix, so a prefix with pattern characters only matches itself", async () => {
    const parent = freshParent();
    const dead = await deadPid();
    const lookalike = join(parent, `azfedXtest-${dead}-Ab12Cd`);
    const stale = join(parent, `azfed.test-${dead}-Ab12Cd`);
    mkdirSync(lookalike);
    mkdirSync(stale);

    createPidOwnedTemporaryDirectory("azfed.test", parent);

    expect(existsSync(stale)).toBe(false);
    expect(existsSync(lookalike)).toBe(true);
  });
});

/** The CA certificate directories in `parent` (tsx keeps its cache there too). */
const caDirectories = (parent: string) =>
  readdirSync(parent).filter((name) => name.startsWith("azfed-test-ca-"));

describe("testCertificateAuthority() certificate file", () => {
  const moduleUrl = JSON.stringify(new URL("../src/servers/certificate-authority.ts", import.meta.url).href);
  /** A child process, with its own temporary directory, that creates an in-memory CA. */
  const caProcess = (temporaryDirectory: string, body: string) =>
    runNode(
      `import(${moduleUrl}).then(async ({ testCertificateAuthority }) => {
        const ownDirectories = () => require("node:fs").readdirSync(${JSON.stringify(temporaryDirectory)})
          .filter((name) => name.startsWith("azfed-test-ca-" + process.pid + "-")).length;
        const ca = await testCertificateAuthority();
        ${body}
      });`,
      {
        ...process.env,
        TMPDIR: temporaryDirectory,
        TMP: temporaryDirectory,
        TEMP: temporaryDirectory,
        AZFED_TEST_CA_DIR: "",
      },
    );

  it("is written only when certificatePath is read", async () => {
    const temporaryDirectory = freshParent();
    const run = await caProcess(
      temporaryDirectory,
      `const before = ownDirectories();
       const pem = require("node:fs").readFileSync(ca.certificatePath, "utf8");
       process.stdout.write(JSON.stringify({ before, after: ownDirectories(), same: pem === ca.certificatePem }));`,
    );
    expect(JSON.parse(run.stdout)).toEqual({ before: 0, after: 1, same: true });
    // A normal exit removes it.
    expect(caDirectories(temporaryDirectory)).toEqual([]);
  });

  it("left behind by a killed process is removed by the next process that writes one", async () => {
    const temporaryDirectory = freshParent();
    const killed = await caProcess(
      temporaryDirectory,
      `process.stdout.write(ca.certificatePath);
       process.kill(process.pid, "SIGKILL");`,
    );
    expect(killed.signal).toBe("SIGKILL");
    const leftover = killed.stdout;
    expect(leftover.startsWith(join(temporaryDirectory, `azfed-test-ca-${killed.pid}-`))).toBe(true);
    expect(readFileSync(leftover, "utf8")).toContain("BEGIN CERTIFICATE");

    const next = await caProcess(
      temporaryDirectory,
      `const path = ca.certificatePath;
       process.stdout.write(String(require("node:fs").existsSync(${JSON.stringify(leftover)})));`,
    );

    expect(next.stdout).toBe("false");
    expect(existsSync(leftover)).toBe(false);
    expect(caDirectories(temporaryDirectory)).toEqual([]);
  });
});
