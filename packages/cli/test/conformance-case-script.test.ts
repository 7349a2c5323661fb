import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { unsignedJwt } from "@azfed/testing";
import { describe, expect, it } from "vitest";

// scripts/conformance-case.mjs reads the token from stdin, bounded (issue 20, finding 10: it read all
// of a 1 GiB stdin, 20.8 s and 1 GB resident, before its check, and a non-blocking pipe failed with
// EAGAIN). It runs on @azfed/testing's build, which this project's global setup keeps fresh.
const SCRIPT = fileURLToPath(new URL("../../../scripts/conformance-case.mjs", import.meta.url));
const MAX_STDIN_BYTES = 64 * 1024;

interface ScriptRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Bytes the test wrote into the script's stdin before the script stopped reading. */
  readonly written: number;
  readonly ms: number;
}

/** Runs the script, feeding stdin with `feed` (which gets a write that resolves when the chunk is taken). */
function runScript(
  feed: (write: (chunk: Buffer | string) => Promise<boolean>) => Promise<void>,
): Promise<ScriptRun> {
  const started = Date.now();
  const child = spawn(process.execPath, [SCRIPT, "--id", "push-to-main", "--title", "a push to main"], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "" },
  });
  let stdout = "";
  let stderr = "";
  let written = 0;
  let closed = false;
  child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
  child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  child.stdin.on("error", () => (closed = true));
  const write = (chunk: Buffer | string) =>
    new Promise<boolean>((resolve) => {
      if (closed || child.stdin.destroyed) return resolve(false);
      child.stdin.write(chunk, (error) => {
        if (error) closed = true;
        else written += Buffer.byteLength(chunk);
        resolve(!error);
      });
    });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  void feed(write).then(() => {
    if (!closed) child.stdin.end();
  });
  return exited.then((code) => ({ code, stdout, stderr, written, ms: Date.now() - started }));
}

const TOKEN = unsignedJwt({
  iss: "https://token.actions.githubusercontent.com",
  sub: "repo:contoso/app:ref:refs/heads/main",
  aud: "api://AzureADTokenExchange",
});

describe("scripts/conformance-case.mjs reads a bounded stdin", () => {
  it("stops reading an endless stdin just past its limit, and says so", async () => {
    const chunk = Buffer.alloc(64 * 1024, "e");
    const run = await runScript(async (write) => {
      // Up to 1 GiB, given as fast as the script takes it: it must give up long before.
      for (let sent = 0; sent < 1024 ** 3; sent += chunk.length) if (!(await write(chunk))) return;
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `stdin holds more than ${MAX_STDIN_BYTES} bytes; expected one OIDC token (a few kilobytes)\n`,
    );
    expect(run.stdout).toBe("");
    // What a pipe buffers besides what the script read: far below the gigabyte offered.
    expect(run.written).toBeLessThan(16 * 1024 * 1024);
  });

  it("accepts exactly the limit and refuses one byte more", async () => {
    const atLimit = await runScript(async (write) => {
      await write(Buffer.alloc(MAX_STDIN_BYTES, " "));
    });
    // 64 KiB of spaces is within the stdin limit; what is left after trimming is no token.
    expect(atLimit.stderr).not.toContain("stdin holds more than");
    expect(atLimit.code).toBe(1);
    const over = await runScript(async (write) => {
      await write(Buffer.alloc(MAX_STDIN_BYTES + 1, " "));
    });
    expect(over.code).toBe(1);
    expect(over.stderr).toContain(`stdin holds more than ${MAX_STDIN_BYTES} bytes`);
  });

  it("reads a token that arrives in pieces through a pipe (no EAGAIN while the pipe is empty)", async () => {
    const run = await runScript(async (write) => {
      for (const piece of [TOKEN.slice(0, 20), TOKEN.slice(20, 60), `${TOKEN.slice(60)}\n`]) {
        await write(piece);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const draft = JSON.parse(run.stdout) as { id: string; input: { claims: Record<string, unknown> } };
    expect(draft.id).toBe("push-to-main");
    expect(JSON.stringify(draft)).toContain("repo:contoso/app:ref:refs/heads/main");
    expect(run.stdout).not.toContain(TOKEN.split(".")[2]);
  });
});
