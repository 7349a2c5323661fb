import { readFileSync } from "node:fs";

/**
 * The CPU time (user + system) process `pid` has used so far, in milliseconds, or `undefined` where
 * the system does not tell (not Linux, or the process is gone).
 *
 * Read from `/proc/<pid>/stat`: fields 14 and 15 (`utime`, `stime`), counted after the `)` that ends
 * the command name (which may itself hold spaces and parentheses), in clock ticks of
 * `sysconf(_SC_CLK_TCK)`, which is `USER_HZ`: 100 on every Linux architecture Node.js runs on.
 *
 * @see https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html (version read: proc(5) of Linux
 *   man-pages 6.03, Debian `manpages` 6.03-2 as installed here, where `/proc/<pid>/stat` is still in
 *   proc(5): field "(14) utime %lu … measured in clock ticks (divide by sysconf(_SC_CLK_TCK))", and
 *   (15) stime likewise; `getconf CLK_TCK` prints 100 on this machine; checked 2026-12-07)
 * @example
 * ```ts
 * const used = processCpuTimeMs(child.pid ?? -1); // e.g. 2870, or undefined on macOS
 * ```
 * @internal
 */
export function processCpuTimeMs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // After ") " come field 3 (state) onwards: utime is field 14, stime field 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[14 - 3]) + Number(fields[15 - 3]);
  return Number.isFinite(ticks) ? ticks * 10 : undefined;
}

/**
 * A running {@link limitChildWork}.
 *
 * @example
 * ```ts
 * const limit: ChildWorkLimit = limitChildWork(child.pid ?? -1, 20_000, () => child.kill());
 * limit.stop();
 * ```
 */
export interface ChildWorkLimit {
  /** Ends the watch: `onExceeded` is not called after it. Call it when the child did its work or ended. */
  stop(): void;
}

/**
 * A limit on how long a child process may work (start, or run to its end) that a loaded machine does
 * not trip: it counts the CPU time the child has used (a starved child uses none while it waits for
 * a core), with a wall-clock backstop of five times the limit for a child that hangs without
 * working. Where the CPU time cannot be read (not Linux), the limit is wall-clock time. Polls every
 * 250 ms (or the limit, if shorter); its timer keeps no process alive.
 *
 * Calls `onExceeded` once, with what was measured (e.g. `20000 ms of CPU time (it used 20010 ms of
 * CPU in 31250 ms)`), unless `stop()` ran first.
 *
 * @param pid - The child's process id (`child.pid`).
 * @param limitMs - The CPU time it may use, in milliseconds.
 * @param onExceeded - Called when it used that much (or five times that on the clock).
 * @returns `stop()`, to call when the child did what it should (or ended).
 * @example
 * ```ts
 * const child = spawn(process.execPath, ["server.js"]);
 * const limit = limitChildWork(child.pid ?? -1, 20_000, (measured) => {
 *   console.error(`server.js did not start within ${measured}`);
 *   child.kill("SIGKILL");
 * });
 * child.stdout.once("data", () => limit.stop());
 * ```
 */
export function limitChildWork(
  pid: number,
  limitMs: number,
  onExceeded: (measured: string) => void,
): ChildWorkLimit {
  const started = performance.now();
  const check = () => {
    const wallMs = Math.round(performance.now() - started);
    const cpuMs = processCpuTimeMs(pid);
    const measured = childWorkExceeded(limitMs, wallMs, cpuMs);
    if (measured === undefined) return;
    clearInterval(timer);
    onExceeded(measured);
  };
  const timer = setInterval(check, Math.min(250, limitMs));
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * {@link limitChildWork}'s decision: what was measured, when a child that has run `wallMs` on the
 * clock and used `cpuMs` of CPU (`undefined`: unknown) is past `limitMs`; otherwise `undefined`.
 *
 * @example
 * ```ts
 * childWorkExceeded(20_000, 31_250, 20_010); // "20000 ms of CPU time (it used 20010 ms of CPU in 31250 ms)"
 * childWorkExceeded(20_000, 60_000, 3_000); // undefined: starved, not stuck (the backstop is 100 s)
 * ```
 * @internal
 */
export function childWorkExceeded(
  limitMs: number,
  wallMs: number,
  cpuMs: number | undefined,
): string | undefined {
  if (cpuMs === undefined) return wallMs >= limitMs ? `${limitMs} ms` : undefined;
  if (cpuMs < limitMs && wallMs < 5 * limitMs) return undefined;
  return `${limitMs} ms of CPU time (it used ${cpuMs} ms of CPU in ${wallMs} ms)`;
}
