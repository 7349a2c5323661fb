import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { childWorkExceeded, limitChildWork, processCpuTimeMs } from "../src/servers/child-work-limit";

const onLinux = process.platform === "linux";
const children: ChildProcess[] = [];

function node(script: string): ChildProcess {
  const child = spawn(process.execPath, ["-e", script], { stdio: "ignore" });
  children.push(child);
  return child;
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

function exceeded(pid: number, limitMs: number): Promise<{ measured: string; afterMs: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    limitChildWork(pid, limitMs, (measured) => resolve({ measured, afterMs: performance.now() - started }));
  });
}

describe.runIf(onLinux)("processCpuTimeMs", () => {
  it("reads a process's CPU time, which grows while it works, and undefined for no process", () => {
    const before = processCpuTimeMs(process.pid) ?? -1;
    // Work until the count moves (10 ms ticks; a starved process may take a while to use one).
    const until = performance.now() + 10_000;
    while ((processCpuTimeMs(process.pid) ?? -1) <= before && performance.now() < until);
    expect(before).toBeGreaterThanOrEqual(0);
    expect(processCpuTimeMs(process.pid)).toBeGreaterThan(before);
    expect(processCpuTimeMs(2 ** 30)).toBeUndefined();
  });
});

describe.runIf(onLinux)("limitChildWork", () => {
  it("stops a child that works past the limit, counting its CPU time", async () => {
    const child = node("for (;;);");
    const { measured } = await exceeded(child.pid ?? -1, 300);
    const [, cpu, wall] = /^300 ms of CPU time \(it used (\d+) ms of CPU in (\d+) ms\)$/.exec(measured) ?? [];
    // It used the 300 ms, or (starved on a loaded machine) the backstop ran out.
    expect(Number(cpu) >= 300 || Number(wall) >= 1_500).toBe(true);
    expect(Number(cpu)).toBeGreaterThan(0);
  });

  it("lets a child that waits without working run five times the limit on the clock", async () => {
    const child = node("setTimeout(() => {}, 60_000);");
    const { measured, afterMs } = await exceeded(child.pid ?? -1, 200);
    expect(afterMs).toBeGreaterThanOrEqual(1_000);
    expect(measured).toMatch(/^200 ms of CPU time \(it used \d+ ms of CPU in \d+ ms\)$/);
    expect(Number(/in (\d+) ms\)$/.exec(measured)?.[1])).toBeGreaterThanOrEqual(1_000);
  });

  it("says nothing once stopped", async () => {
    const child = node("for (;;);");
    let called = false;
    const limit = limitChildWork(child.pid ?? -1, 100, () => {
      called = true;
    });
    limit.stop();
    await new Promise((done) => setTimeout(done, 400));
    expect(called).toBe(false);
  });
});

describe("childWorkExceeded (the decision)", () => {
  it.each([
    [20_000, 19_999, undefined, undefined],
    [20_000, 20_000, undefined, "20000 ms"],
    [20_000, 99_999, 19_999, undefined],
    [20_000, 31_250, 20_000, "20000 ms of CPU time (it used 20000 ms of CPU in 31250 ms)"],
    [20_000, 100_000, 3_000, "20000 ms of CPU time (it used 3000 ms of CPU in 100000 ms)"],
  ])("limit %i ms, %i ms on the clock, %s ms of CPU: %s", (limitMs, wallMs, cpuMs, expected) => {
    expect(childWorkExceeded(limitMs, wallMs, cpuMs)).toBe(expected);
  });
});

describe("limitChildWork where the CPU time cannot be read", () => {
  it("counts wall-clock time", async () => {
    const { measured, afterMs } = await exceeded(2 ** 30, 100);
    expect(measured).toBe("100 ms");
    expect(afterMs).toBeGreaterThanOrEqual(99);
  });
});
