import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:net";
import { type RunningServer, startHttpsServer, testCertificateAuthority } from "@azfed/testing";
import { afterEach, describe, expect, it } from "vitest";
import { HttpRequestError } from "../src/http/http-request-error";
import { sendRequest } from "../src/http/send-request";

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: Handler): Promise<RunningServer> {
  const server = await startHttpsServer(handler);
  servers.push(server);
  return server;
}

/** A server that answers with the given responses in turn, and records the requests it saw. */
async function scripted(
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

const fast = { baseDelayMs: 1, maxDelayMs: 50 };

describe("sendRequest", async () => {
  const { dispatcher } = await testCertificateAuthority();

  it("returns a 200 answer with its body and headers", async () => {
    const { server, seen } = await scripted([
      { status: 200, headers: { "x-answer": "yes" }, body: '{"value":1}' },
    ]);
    const response = await sendRequest({ url: `${server.url}/token?x=1`, dispatcher });
    expect(response.status).toBe(200);
    expect(response.body).toBe('{"value":1}');
    expect(response.headers.get("x-answer")).toBe("yes");
    expect(seen).toHaveLength(1);
  });

  it.each([408, 429, 500, 502, 503, 504])("retries status %i and then succeeds", async (status) => {
    const { server, seen } = await scripted([{ status }, { status: 200, body: "ok" }]);
    const response = await sendRequest({ url: server.url, dispatcher, retry: fast });
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(2);
  });

  it.each([400, 401, 403, 404])("does not retry status %i", async (status) => {
    const { server, seen } = await scripted([{ status, body: "no" }, { status: 200 }]);
    const response = await sendRequest({ url: server.url, dispatcher, retry: fast });
    expect(response.status).toBe(status);
    expect(seen).toHaveLength(1);
  });

  it("stops after maxRetries and returns the last answer", async () => {
    const { server, seen } = await scripted([{ status: 503, body: "busy" }]);
    const response = await sendRequest({ url: server.url, dispatcher, retry: { ...fast, maxRetries: 2 } });
    expect(response.status).toBe(503);
    expect(response.body).toBe("busy");
    expect(seen).toHaveLength(3);
  });

  it("waits as long as Retry-After says", async () => {
    const { server } = await scripted([{ status: 429, headers: { "retry-after": "1" } }, { status: 200 }]);
    const started = Date.now();
    const response = await sendRequest({ url: server.url, dispatcher, retry: { baseDelayMs: 1 } });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("gives up at once when Retry-After asks for more than the overall timeout", async () => {
    const { server, seen } = await scripted([
      { status: 429, headers: { "retry-after": "60" } },
      { status: 200 },
    ]);
    const error = await sendRequest({ url: server.url, dispatcher, timeoutMs: 2_000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpRequestError);
    expect((error as HttpRequestError).reason).toBe("throttled");
    expect((error as HttpRequestError).retryAfterMs).toBe(60_000);
    expect((error as Error).message).toMatch(/throttled.*429.*60 s.*try again after \d{4}-/);
    expect(seen).toHaveLength(1);
  });

  it("follows a same-origin redirect with its headers", async () => {
    const { server, seen } = await scripted([
      { status: 302, headers: { location: "/moved?x=2" } },
      { status: 200, body: "moved" },
    ]);
    const response = await sendRequest({
      url: `${server.url}/start`,
      dispatcher,
      headers: { authorization: "Bearer s3cret" },
    });
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${server.url}/moved?x=2`);
    expect(seen.map((request) => request.authorization)).toEqual(["Bearer s3cret", "Bearer s3cret"]);
  });

  it("returns a cross-origin redirect instead of carrying the credential there", async () => {
    const other = await scripted([{ status: 200 }]);
    const { server } = await scripted([{ status: 302, headers: { location: `${other.server.url}/steal` } }]);
    const response = await sendRequest({
      url: server.url,
      dispatcher,
      headers: { authorization: "Bearer s3cret" },
    });
    expect(response.status).toBe(302);
    expect(other.seen).toHaveLength(0);
  });

  it("retries a network error and then throws HttpRequestError without the query string", async () => {
    const closed = await serve(() => {});
    const url = `${closed.url}/token?audience=secret-ish`;
    await closed.close();
    const error = await sendRequest({ url, dispatcher, retry: { ...fast, maxRetries: 1 } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpRequestError);
    expect((error as HttpRequestError).reason).toBe("network");
    expect((error as HttpRequestError).attempts).toBe(2);
    expect((error as Error).message).toContain(closed.url);
    expect((error as Error).message).not.toContain("secret-ish");
  });

  it("times out a server that never answers", async () => {
    const silent = await silentServer();
    const started = Date.now();
    const error = await sendRequest({ url: `http://127.0.0.1:${silent.port}/`, timeoutMs: 300 }).catch(
      (e: unknown) => e,
    );
    silent.close();
    expect(error).toBeInstanceOf(HttpRequestError);
    expect((error as HttpRequestError).reason).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("stops when the caller aborts, also between retries", async () => {
    const { server, seen } = await scripted([{ status: 503, headers: { "retry-after": "10" } }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stop")), 100);
    const error = await sendRequest({ url: server.url, dispatcher, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpRequestError);
    expect((error as HttpRequestError).reason).toBe("aborted");
    expect(seen).toHaveLength(1);
  });
});

/** A TCP server that accepts connections and never answers. */
async function silentServer(): Promise<{ port: number; close(): void }> {
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
