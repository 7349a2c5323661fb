// Runs the BUILT `azfed` executable in a child process, the way a pipeline step or a user would.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { type AzfedRun, runs } from "./azfed-run";

/** The executable `npx @azfed/cli` runs (package.json `bin.azfed`). */
export const AZFED_BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

export interface AzfedBinaryOptions {
  /** The job's or pod's variables; nothing of the test process's environment leaks in. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A CA certificate file the child trusts (NODE_EXTRA_CA_CERTS), e.g. the emulators' CA. */
  readonly caCertificatePath?: string;
  readonly stdin?: string;
  readonly cwd?: string;
}

const isolatedHome = mkdtempSync(join(tmpdir(), "azfed-cli-home-"));
// Registered in the root suite of whichever test file imports this module.
afterAll(() => rmSync(isolatedHome, { recursive: true, force: true }));

/**
 * Spawns `node dist/bin.js …args` with a clean environment (PATH, an empty HOME, the given
 * variables) and resolves when it exits.
 */
export function runAzfedBinary(args: readonly string[], options: AzfedBinaryOptions = {}): Promise<AzfedRun> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: isolatedHome };
  // A run where no platform is detected must not probe the real Google Cloud metadata server
  // (169.254.169.254): Google's METADATA_SERVER_DETECTION=none says so, unless the test runs its own.
  if (!options.env?.GCE_METADATA_HOST) env.METADATA_SERVER_DETECTION = "none";
  if (options.caCertificatePath) env.NODE_EXTRA_CA_CERTS = options.caCertificatePath;
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value !== undefined) env[name] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AZFED_BIN, ...args], {
      env,
      cwd: options.cwd ?? process.cwd(),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const run = { args, code, stdout, stderr };
      runs.push(run);
      resolve(run);
    });
    child.stdin.end(options.stdin ?? "");
  });
}
