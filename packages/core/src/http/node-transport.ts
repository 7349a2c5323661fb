import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import type { ResponseHeaders, Transport, TransportRequest, TransportResponse } from "./transport";

/**
 * The transport used when no dispatcher applies: `node:https` (or `node:http`) through Node's global
 * agent, which keeps connections alive, so a discovery and the token request that follows share one
 * TLS connection. It loads nothing that Node has not loaded already: Node's `fetch` would load its
 * bundled undici (some 40 ms) and compile its WebAssembly HTTP parser (which delays the process's exit
 * by some 100 ms). Idle connections do not keep the process alive. Whatever replaces
 * `https.globalAgent` (a custom CA, an agent-based proxy) applies.
 *
 * `node:http` and `node:https` are taken with `process.getBuiltinModule`, not imported: an ES module
 * import of `node:http` builds its namespace by reading every export, and on Node 24 its `WebSocket`,
 * `CloseEvent` and `MessageEvent` are getters that load the bundled undici, HTTP/2 and zlib (measured
 * in docs/performance.md); the CommonJS exports object reads nothing.
 *
 * @example
 * ```ts
 * const response = await nodeTransport({ url: "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration", method: "GET", signal });
 * ```
 */
export const nodeTransport: Transport = (request: TransportRequest) =>
  new Promise<TransportResponse>((resolve, reject) => {
    const url = new URL(request.url);
    const send =
      url.protocol === "http:"
        ? process.getBuiltinModule("node:http").request
        : process.getBuiltinModule("node:https").request;
    const headers: Record<string, string> = { accept: "*/*", "user-agent": "node", ...request.headers };
    if (request.body !== undefined) headers["content-length"] = String(Buffer.byteLength(request.body));
    const outgoing = send(url, { method: request.method, headers, signal: request.signal }, (incoming) =>
      resolve(answer(incoming, request.signal)),
    );
    outgoing.on("error", reject);
    outgoing.end(request.body);
  });

function answer(incoming: IncomingMessage, signal: AbortSignal): TransportResponse {
  const chunks = incoming[Symbol.asyncIterator]();
  const onAbort = (): void => {
    incoming.destroy(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
  };
  signal.addEventListener("abort", onAbort, { once: true });
  incoming.once("close", () => signal.removeEventListener("abort", onAbort));
  return {
    status: incoming.statusCode ?? 0,
    statusText: incoming.statusMessage ?? "",
    headers: nodeHeaders(incoming.headers),
    read: async () => {
      const next = await chunks.next();
      return next.done ? undefined : (next.value as Buffer);
    },
    cancel: async () => {
      incoming.destroy();
    },
  };
}

function nodeHeaders(headers: IncomingHttpHeaders): ResponseHeaders {
  const value = (name: string): string | null => {
    const found = headers[name.toLowerCase()];
    return found === undefined ? null : Array.isArray(found) ? found.join(", ") : found;
  };
  return {
    get: value,
    has: (name) => value(name) !== null,
    forEach: (callback) => {
      for (const name of Object.keys(headers)) {
        const found = value(name);
        if (found !== null) callback(found, name);
      }
    },
  };
}
