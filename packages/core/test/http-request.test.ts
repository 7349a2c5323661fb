import { describe, expect, it, vi } from "vitest";
import { HttpRequestError } from "../src/http/http-request-error";
import { sendRequest } from "../src/http/send-request";
import {
  closeServersAfterEach,
  fast,
  scripted,
  serve,
  silentServer,
  TRANSPORTS,
  transportUnderTest,
} from "./http-request-servers";

closeServersAfterEach();

describe.each(TRANSPORTS)("sendRequest (%s)", async (transport) => {
  const dispatcher = await transportUnderTest(transport);

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
    const sent = sendRequest({ url: server.url, dispatcher, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    // Abort once the first answer is in, while sendRequest waits the 10 s the server asked for (a
    // fixed delay is not enough on a loaded machine, where the first request can take longer).
    await vi.waitFor(() => expect(seen).toHaveLength(1), { timeout: 10_000 });
    controller.abort(new Error("stop"));
    const error = await sent;
    expect(error).toBeInstanceOf(HttpRequestError);
    expect((error as HttpRequestError).reason).toBe("aborted");
    expect(seen).toHaveLength(1);
  });
});
