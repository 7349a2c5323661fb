import type { IncomingMessage, ServerResponse } from "node:http";
import { FaultInjector, type InjectedFault } from "./fault-injection";

/**
 * One request as a platform emulator records it: what it asked, then the status answered.
 *
 * @internal
 */
export interface RecordedRequest {
  /** The status answered (0 for a dropped connection, or while the answer is still pending). */
  readonly status: number;
}

/**
 * One request on its way through an emulator: the status and the token it gets are written into the
 * log unless the log was reset since the request arrived.
 *
 * @internal
 */
export interface RequestInFlight {
  /** Writes the status answered. */
  answered(status: number): void;
  /** Records a token issued for this request. */
  issued(token: string): void;
}

/**
 * What the platform emulators share about their traffic: the log of requests received (oldest
 * first, the status written when the answer goes out), the tokens issued, the queue of injected
 * faults and the added latency, and a `reset()` that forgets them all. A request still in flight
 * when `reset()` runs does not write into the fresh log.
 *
 * Used by the GitHub Actions, Buildkite, Google Cloud metadata and managed identity emulators. The
 * Entra emulator keeps its own log (per endpoint, with bodies), the AWS STS emulator queues STS
 * refusals beside the faults, and the SPIRE agent answers gRPC, not HTTP.
 *
 * @example
 * ```ts
 * const traffic = new EmulatorTraffic<{ path: string; status: number }>();
 * const handle = async (request: IncomingMessage, response: ServerResponse) => {
 *   const exchange = traffic.begin({ path: request.url ?? "/" });
 *   if (await traffic.servedFault(request, response, exchange)) return;
 *   exchange.answered(200);
 *   response.end("ok");
 * };
 * ```
 *
 * @internal
 */
export class EmulatorTraffic<Entry extends RecordedRequest> {
  readonly #faults = new FaultInjector();
  #requests: Entry[] = [];
  #issued: string[] = [];
  /** Bumped by reset(), so a request still in flight then does not write into the fresh log. */
  #generation = 0;

  /** Records a request as pending (status 0) and returns how to write its answer. */
  begin(entry: Omit<Entry, "status">): RequestInFlight {
    const born = this.#generation;
    const index = this.#requests.push({ ...entry, status: 0 } as Entry) - 1;
    return {
      answered: (status) => {
        if (born === this.#generation) this.#requests[index] = { ...entry, status } as Entry;
      },
      issued: (token) => {
        if (born === this.#generation) this.#issued.push(token);
      },
    };
  }

  /**
   * Waits the added latency, then serves the next queued fault, if any. Returns true when the request
   * needs no other answer: a fault was served (its status recorded, 0 for a dropped connection) or
   * the client left while the emulator was slow (the status stays 0).
   */
  async servedFault(
    request: IncomingMessage,
    response: ServerResponse,
    exchange: RequestInFlight,
  ): Promise<boolean> {
    await this.#faults.delay();
    if (request.socket.destroyed) return true;
    if (!this.#faults.serveNext(response)) return false;
    exchange.answered(response.headersSent ? response.statusCode : 0);
    return true;
  }

  /** Every request received, oldest first (a copy). */
  get requests(): readonly Entry[] {
    return [...this.#requests];
  }

  /** How many requests were received. */
  get requestCount(): number {
    return this.#requests.length;
  }

  /** The tokens issued, oldest first (a copy). */
  get issuedTokens(): readonly string[] {
    return [...this.#issued];
  }

  /** Makes the next `count` requests fail with `fault`. */
  failNext(count: number, fault: InjectedFault): void {
    this.#faults.failNext(count, fault);
  }

  /** Waits `ms` before every answer; 0 turns it off. */
  setLatency(ms: number): void {
    this.#faults.setLatency(ms);
  }

  /** Forgets the requests, tokens, queued faults and latency. */
  reset(): void {
    this.#generation++;
    this.#requests = [];
    this.#issued = [];
    this.#faults.reset();
  }
}
