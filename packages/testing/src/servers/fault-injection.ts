import type { ServerResponse } from "node:http";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import { type HostileFault, isHostileFault, serveHostileFault } from "./hostile-fault";

/**
 * What an emulator answers instead of its normal response: a status with optional headers and body
 * (e.g. 429 with `Retry-After`), `{ drop: true }` to destroy the connection without an answer, or a
 * {@link HostileFault} (a huge or endless body, a slow drip, a reset mid-body, secrets echoed back).
 *
 * @example
 * ```ts
 * const throttled: InjectedFault = { status: 429, headers: { "retry-after": "1" }, body: "slow down" };
 * const dropped: InjectedFault = { drop: true };
 * entra.failNext(1, throttled);
 * ```
 */
export type InjectedFault =
  | { readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: string }
  | { readonly drop: true }
  | HostileFault;

/**
 * A queue of injected faults plus an added latency, shared by the emulators.
 *
 * @internal
 */
export class FaultInjector<Scope extends string = string> {
  #queue: { fault: InjectedFault; scope: Scope | undefined }[] = [];
  #latencyMs = 0;

  /**
   * Queues `count` answers of `fault`, served before any normal answer; with a `scope`, only to
   * requests of that scope (e.g. one endpoint).
   */
  failNext(count: number, fault: InjectedFault, scope?: Scope): void {
    if (!Number.isInteger(count) || count < 1) {
      throw new InvalidEmulatorOptionError({
        field: "count",
        value: count,
        expected: "a positive integer: how many of the next responses fail",
        fix: "pass e.g. 1",
      });
    }
    const isDrop = typeof fault === "object" && fault !== null && "drop" in fault && fault.drop === true;
    const isStatus =
      typeof fault === "object" &&
      fault !== null &&
      "status" in fault &&
      typeof fault.status === "number" &&
      Number.isInteger(fault.status) &&
      fault.status >= 100 &&
      fault.status <= 599;
    if (!isDrop && !isStatus && !isHostileFault(fault)) {
      throw new InvalidEmulatorOptionError({
        field: "response",
        value: fault,
        expected: "{ status: 100..599, headers?, body? }, { drop: true } or { hostile: ... }",
        fix: 'pass e.g. { status: 429, headers: { "retry-after": "1" } }',
      });
    }
    for (let index = 0; index < count; index++) this.#queue.push({ fault, scope });
  }

  /** Adds `ms` milliseconds before every answer. */
  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new InvalidEmulatorOptionError({
        field: "ms",
        value: ms,
        expected: "a non-negative number of milliseconds",
        fix: "pass 0 to remove the latency",
      });
    }
    this.#latencyMs = ms;
  }

  /** Waits for the configured latency. */
  async delay(): Promise<void> {
    if (this.#latencyMs > 0) await new Promise((done) => setTimeout(done, this.#latencyMs));
  }

  /**
   * Serves the next queued fault for this scope, if any; returns what it served. `requestBody` is the
   * request's body when the emulator has already read it (an `echo` fault reads it otherwise).
   */
  serveNext(response: ServerResponse, scope?: Scope, requestBody?: string): InjectedFault | undefined {
    const index = this.#queue.findIndex((entry) => entry.scope === undefined || entry.scope === scope);
    if (index < 0) return undefined;
    const { fault } = this.#queue.splice(index, 1)[0] as { fault: InjectedFault };
    if (isHostileFault(fault)) {
      void serveHostileFault(fault, response, requestBody).catch(() => response.destroy());
      return fault;
    }
    if ("drop" in fault) {
      response.socket?.destroy();
      response.destroy();
      return fault;
    }
    const body = fault.body ?? "";
    response.writeHead(fault.status ?? 200, {
      "content-length": Buffer.byteLength(body),
      ...(fault.body !== undefined && !hasHeader(fault.headers, "content-type")
        ? { "content-type": guessContentType(fault.body) }
        : {}),
      ...fault.headers,
    });
    response.end(body);
    return fault;
  }

  /** Forgets queued faults and the latency. */
  reset(): void {
    this.#queue = [];
    this.#latencyMs = 0;
  }
}

function hasHeader(headers: Readonly<Record<string, string>> | undefined, name: string): boolean {
  return Object.keys(headers ?? {}).some((key) => key.toLowerCase() === name);
}

function guessContentType(body: string): string {
  const start = body.trimStart()[0];
  return start === "{" || start === "[" ? "application/json; charset=utf-8" : "text/plain; charset=utf-8";
}
