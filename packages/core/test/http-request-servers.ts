// The servers and transports the sendRequest tests share.
import type { IncomingMessage, ServerResponse } from "node:http";
import https from "node:https";
import { createServer, type Server } from "node:net";
import { type RunningServer, startHttpsServer, testCertificateAuthority } from "@azfed/testing";
import type { Dispatcher } from "undici";
import { afterAll, afterEach, beforeAll } from "vitest";

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const servers: RunningServer[] = [];

/** Closes the servers `serve` started after each test of the file that calls it. */
export function closeServersAfterEach(): void {
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
}

export async function serve(handler: Handler): Promise<RunningServer> {
  const server = await startHttpsServer(handler);
  servers.push(server);
  return server;
}

/** A server that answers with the given responses in turn, and records the requests it saw. */
export async function scripted(
  responses: Array<{ status: number; headers?: Record<string, string>; body?: string }>,
) {
  const seen: Array<{
    method: string | undefined;
    url: string | undefined;
    authorization: string | undefined;
  }> = [];
  const server = await serve((request, response) => {
    seen.push({ method: request.method, url: request.url, authorization: request.headers.authorization });
    const next = responses[Math.min(seen.length - 1, responses.length - 1)] ?? { status: 500 };
    response.writeHead(next.status, next.headers ?? {});
    response.end(next.body ?? "");
  });
  return { server, seen };
}

export const fast = { baseDelayMs: 1, maxDelayMs: 50 };

/**
 * Every behaviour holds on both transports: undici's fetch (a dispatcher is given) and `node:https`
 * (none is given; Node's global agent, here one that trusts the test CA, for the time of the block).
 */
export const TRANSPORTS = ["undici, with a dispatcher", "node:https, without one"] as const;

export async function transportUnderTest(
  transport: (typeof TRANSPORTS)[number],
): Promise<Dispatcher | undefined> {
  const ca = await testCertificateAuthority();
  if (transport === "undici, with a dispatcher") return ca.dispatcher;
  const saved = https.globalAgent;
  beforeAll(() => {
    https.globalAgent = new https.Agent({ keepAlive: true, ca: ca.certificatePem });
  });
  afterAll(() => {
    https.globalAgent.destroy();
    https.globalAgent = saved;
  });
  return undefined;
}

/** A TCP server that accepts connections and never answers. */
export async function silentServer(): Promise<{ port: number; close(): void }> {
  const sockets = new Set<import("node:net").Socket>();
  const server: Server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}
