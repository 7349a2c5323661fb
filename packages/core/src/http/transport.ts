/**
 * The headers of an answer, read by name. Node's `Headers` (from `fetch`) has this shape, and so does
 * what azfed's default transport returns from `node:https`.
 *
 * @example
 * ```ts
 * const type = response.headers.get("content-type") ?? "";
 * response.headers.forEach((value, name) => console.log(`${name}: ${value}`));
 * ```
 */
export interface ResponseHeaders {
  /** The value of header `name` (any case), several values joined with ", "; `null` when absent. */
  get(name: string): string | null;
  /** Whether the answer has header `name` (any case). */
  has(name: string): boolean;
  /** Calls `callback` once per header, with its lower-case name. */
  forEach(callback: (value: string, name: string) => void): void;
}

/** One request as a transport sends it: no retries, no redirects followed. */
export interface TransportRequest {
  readonly url: string;
  readonly method: "GET" | "POST";
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Aborts the request and the reading of its body. */
  readonly signal: AbortSignal;
}

/** An answer whose body has not been read yet. */
export interface TransportResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: ResponseHeaders;
  /** The next chunk of the body; `undefined` at its end. Throws on a network failure or an abort. */
  read(): Promise<Uint8Array | undefined>;
  /** Stops reading and frees the connection. Never throws. */
  cancel(): Promise<void>;
}

/**
 * Sends one request and resolves with the answer's head; rejects with the network's own error (the
 * one place that wraps it is `sendRequest`).
 */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;
