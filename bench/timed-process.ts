import { spawn } from "node:child_process";

/** What a finished child printed, and its time from `spawn` to exit. */
export interface FinishedProcess {
  readonly stdout: string;
  readonly stderr: string;
  readonly wholeMs: number;
}

/**
 * Runs `node args` in `cwd` with exactly `env`, and resolves with its output and its time from
 * `spawn` to exit; a non-zero exit rejects with the command and the start of its stderr.
 *
 * @example
 * ```ts
 * const { stdout, wholeMs } = await timedProcess(process.execPath, ["-e", "console.log(1)"], { PATH: "" }, "/tmp");
 * ```
 */
export function timedProcess(
  node: string,
  args: readonly string[],
  env: Record<string, string>,
  cwd: string,
): Promise<FinishedProcess> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(node, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const wholeMs = performance.now() - started;
      if (code === 0) resolve({ stdout, stderr, wholeMs });
      else
        reject(
          new Error(`${node} ${args.slice(0, -1).join(" ")} exited with ${code}:\n${stderr.slice(0, 4000)}`),
        );
    });
  });
}
