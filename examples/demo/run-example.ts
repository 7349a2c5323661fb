import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { limitChildWork } from "@azfed/testing";
import type { DemoPlatform } from "./platforms";

/** The repository root: examples run from it, so `tsx` finds tsconfig.json and its `@azfed/*` paths. */
export const REPOSITORY_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Variables a child needs to run at all; nothing else of the parent's environment is passed on. */
const BASE_VARIABLES = ["PATH", "HOME", "USERPROFILE", "TMPDIR", "TEMP", "TMP", "SystemRoot", "LANG"];

/**
 * How an example process ended.
 *
 * @example
 * ```ts
 * const result: ExampleRun = await runExample("gitlab", env);
 * if (result.exitCode !== 0) console.error(result.stderr);
 * ```
 */
export interface ExampleRun {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  /** Whether it was killed for working longer than `timeoutMs` (see {@link runExample}). */
  readonly timedOut: boolean;
}

/**
 * Runs `examples/<platform>/index.ts` from TypeScript source (through tsx) in a child process whose
 * environment holds only `env` and the few variables a process needs (PATH, HOME, temp dirs), as a
 * job on that platform would see it: no variable of the parent's platform leaks in.
 *
 * @example
 * ```ts
 * const run = await runExample("github-actions", { ...scenario.env, NODE_EXTRA_CA_CERTS: ca.certificatePath });
 * ```
 */
export function runExample(
  platform: DemoPlatform,
  env: Readonly<Record<string, string>>,
  options: { readonly timeoutMs?: number } = {},
): Promise<ExampleRun> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const childEnv: Record<string, string> = {};
  for (const name of BASE_VARIABLES) {
    const value = process.env[name];
    if (value !== undefined) childEnv[name] = value;
  }
  Object.assign(childEnv, env);

  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", `examples/${platform}/index.ts`], {
    cwd: REPOSITORY_ROOT,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  let timedOut = false;
  // CPU time, not the clock: an example run uses 2-4 s of CPU (tsx compiles it), and on a loaded
  // machine it waits for a core far longer than that; a hung one is stopped at 5 × timeoutMs.
  const limit = limitChildWork(child.pid ?? -1, timeoutMs, () => {
    timedOut = true;
    child.kill("SIGKILL");
  });

  return new Promise<ExampleRun>((resolve, reject) => {
    child.once("error", (error) => {
      limit.stop();
      reject(error);
    });
    child.once("close", (exitCode, signal) => {
      limit.stop();
      resolve({ exitCode, signal, stdout, stderr, durationMs: Date.now() - started, timedOut });
    });
  });
}
