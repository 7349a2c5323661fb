import { captureAzureLogs } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { HttpRequestError } from "../src/http/http-request-error";
import { MAX_RESPONSE_BODY_BYTES, sendRequest } from "../src/http/send-request";
import {
  closeServersAfterEach,
  fast,
  scripted,
  serve,
  TRANSPORTS,
  transportUnderTest,
} from "./http-request-servers";

closeServersAfterEach();

describe.each(TRANSPORTS)("sendRequest: defaults, redirects, limits and logs (%s)", async (transport) => {
  const dispatcher = await transportUnderTest(transport);

  it("retries 3 times by default, then returns the last answer", async () => {
    const { server, seen } = await scripted([{ status: 503, body: "busy" }]);
    const response = await sendRequest({ url: server.url, dispatcher, retry: fast });
    expect(response.status).toBe(503);
    expect(seen).toHaveLength(4);
  });

  it("sends a GET by default, else the method, headers and body given", async () => {
    const received: Array<{ method?: string; type?: string; body: string }> = [];
    const server = await serve((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on("end", () => {
        received.push({ method: request.method, type: request.headers["content-type"], body });
        response.end("ok");
      });
    });
    await sendRequest({ url: server.url, dispatcher });
    await sendRequest({
      url: server.url,
      dispatcher,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    expect(received).toEqual([
      { method: "GET", type: undefined, body: "" },
      { method: "POST", type: "application/x-www-form-urlencoded", body: "grant_type=client_credentials" },
    ]);
  });

  it("follows at most 5 redirects, then returns the redirect", async () => {
    const { server, seen } = await scripted([{ status: 302, headers: { location: "/again" } }]);
    const response = await sendRequest({ url: server.url, dispatcher });
    expect(response.status).toBe(302);
    expect(seen).toHaveLength(6);
  });

  it.each([300, 399])("follows a %i with a location", async (status) => {
    const { server, seen } = await scripted([
      { status, headers: { location: "/there" } },
      { status: 200, body: "there" },
    ]);
    const response = await sendRequest({ url: server.url, dispatcher });
    expect(response.body).toBe("there");
    expect(seen.map((request) => request.url)).toEqual(["/", "/there"]);
  });

  it.each([201, 299, 400, 401])("does not follow the location of a %i", async (status) => {
    const { server, seen } = await scripted([{ status, headers: { location: "/there" }, body: "here" }]);
    const response = await sendRequest({ url: server.url, dispatcher });
    expect(response.status).toBe(status);
    expect(response.body).toBe("here");
    expect(seen).toHaveLength(1);
  });

  it("returns a redirect without a location as it is", async () => {
    const { server, seen } = await scripted([{ status: 302, body: "nowhere" }]);
    const response = await sendRequest({ url: server.url, dispatcher });
    expect(response.status).toBe(302);
    expect(seen).toHaveLength(1);
  });

  it("does not wait when Retry-After asks for more than retry.maxDelayMs, and says so", async () => {
    const { server, seen } = await scripted([{ status: 429, headers: { "retry-after": "10" } }]);
    const error = await sendRequest({ url: server.url, dispatcher, retry: { maxDelayMs: 5_000 } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpRequestError);
    expect(error).toMatchObject({ reason: "throttled", statusCode: 429, retryAfterMs: 10_000, attempts: 1 });
    expect((error as Error).message).toContain("more than retry.maxDelayMs (5000 ms) allows");
    expect(seen).toHaveLength(1);
  });

  it("waits when Retry-After asks for exactly retry.maxDelayMs", async () => {
    const { server, seen } = await scripted([
      { status: 429, headers: { "retry-after": "1" } },
      { status: 200 },
    ]);
    const response = await sendRequest({ url: server.url, dispatcher, retry: { maxDelayMs: 1_000 } });
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(2);
  });

  it("names the time left of the budget when Retry-After asks for more", async () => {
    const { server } = await scripted([{ status: 503, headers: { "retry-after": "30" } }]);
    const error = await sendRequest({ url: server.url, dispatcher, timeoutMs: 10_000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ reason: "throttled", statusCode: 503, retryAfterMs: 30_000 });
    expect((error as Error).message).toMatch(/more than the (9|10) s left of the request's budget/);
  });

  it("on its last attempt returns a throttled answer instead of refusing to wait", async () => {
    const { server, seen } = await scripted([
      { status: 429, headers: { "retry-after": "60" }, body: "later" },
    ]);
    const response = await sendRequest({ url: server.url, dispatcher, retry: { maxRetries: 0 } });
    expect(response.status).toBe(429);
    expect(response.body).toBe("later");
    expect(seen).toHaveLength(1);
  });

  it("does not retry when the backoff would end past the budget", async () => {
    const { server, seen } = await scripted([{ status: 503 }, { status: 200 }]);
    const response = await sendRequest({
      url: server.url,
      dispatcher,
      timeoutMs: 2_000,
      retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 },
    });
    expect(response.status).toBe(503);
    expect(seen).toHaveLength(1);
  });

  it("is aborted before any request when the caller's signal already is", async () => {
    const { server, seen } = await scripted([{ status: 200 }]);
    const error = await sendRequest({ url: server.url, dispatcher, signal: AbortSignal.abort() }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ reason: "aborted", attempts: 1 });
    expect(seen).toHaveLength(0);
  });

  it("reads a body of exactly maxBodyBytes, declared or not", async () => {
    const declared = await scripted([
      { status: 200, headers: { "content-length": "100" }, body: "x".repeat(100) },
    ]);
    expect(
      (await sendRequest({ url: declared.server.url, dispatcher, maxBodyBytes: 100 })).body,
    ).toHaveLength(100);
    const server = await serve((_request, response) => {
      response.write("y".repeat(60));
      response.end("y".repeat(40));
    });
    expect((await sendRequest({ url: server.url, dispatcher, maxBodyBytes: 100 })).body).toBe(
      "y".repeat(100),
    );
  });

  it("refuses a body declared one byte over maxBodyBytes, saying how large", async () => {
    const { server } = await scripted([
      { status: 400, headers: { "content-length": "101" }, body: "x".repeat(101) },
    ]);
    const error = await sendRequest({ url: server.url, dispatcher, maxBodyBytes: 100 }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ reason: "too-large", statusCode: 400, attempts: 1 });
    expect((error as Error).message).toContain("declared as 101 bytes, more than the 100 bytes azfed reads");
  });

  it("refuses an undeclared body once it passes maxBodyBytes", async () => {
    const server = await serve((_request, response) => {
      response.write("y".repeat(60));
      response.end("y".repeat(41));
    });
    const error = await sendRequest({ url: server.url, dispatcher, maxBodyBytes: 100 }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ reason: "too-large", statusCode: 200 });
    expect((error as Error).message).toContain("longer than the 100 bytes azfed reads");
  });

  it("reads at most 1 MiB by default", async () => {
    expect(MAX_RESPONSE_BODY_BYTES).toBe(1_048_576);
    const length = MAX_RESPONSE_BODY_BYTES + 1;
    const { server } = await scripted([
      { status: 200, headers: { "content-length": String(length) }, body: "z".repeat(length) },
    ]);
    const error = await sendRequest({ url: server.url, dispatcher }).catch((e: unknown) => e);
    expect((error as Error).message).toContain("declared as 1048577 bytes, more than the 1048576 bytes");
  });

  it("decodes UTF-8 split across chunks", async () => {
    const server = await serve((_request, response) => {
      const bytes = Buffer.from("é€😀", "utf8");
      response.write(bytes.subarray(0, 1));
      setTimeout(() => {
        response.write(bytes.subarray(1, 4));
        setTimeout(() => response.end(bytes.subarray(4)), 10);
      }, 10);
    });
    expect((await sendRequest({ url: server.url, dispatcher })).body).toBe("é€😀");
  });

  it("logs each answer, each retry and the last attempt at verbose level, naming the caller", async () => {
    const logs = captureAzureLogs();
    try {
      const ok = await scripted([{ status: 200 }]);
      await sendRequest({
        url: `${ok.server.url}/token?secret-ish=1`,
        dispatcher,
        method: "POST",
        caller: "github",
      });
      await sendRequest({ url: ok.server.url, dispatcher });
      const busy = await scripted([{ status: 503 }]);
      await sendRequest({ url: `${busy.server.url}/busy`, dispatcher, retry: { ...fast, maxRetries: 1 } });
      const text = logs.text();
      expect(text).toMatch(new RegExp(`azfed:verbose github: POST ${ok.server.url}/token -> 200 in \\d+ ms`));
      expect(text).toMatch(new RegExp(`azfed:verbose azfed: GET ${ok.server.url}/ -> 200 in \\d+ ms`));
      expect(text).toMatch(
        new RegExp(`azfed: ${busy.server.url}/busy gave status 503 on attempt 1; retrying in \\d+ ms`),
      );
      expect(text).toContain(`azfed: ${busy.server.url}/busy gave status 503 on attempt 2; not retrying`);
      expect(text).not.toContain("secret-ish");
    } finally {
      logs.restore();
    }
  });

  it("logs a network error it retries and a throttling it does not wait for", async () => {
    const logs = captureAzureLogs();
    try {
      const closed = await serve(() => {});
      const url = `${closed.url}/gone`;
      await closed.close();
      await sendRequest({ url, dispatcher, retry: { ...fast, maxRetries: 1 } }).catch(() => undefined);
      const throttled = await scripted([{ status: 429, headers: { "retry-after": "100" } }]);
      await sendRequest({ url: throttled.server.url, dispatcher }).catch(() => undefined);
      const text = logs.text();
      expect(text).toMatch(
        new RegExp(`azfed: ${closed.url}/gone gave network error \\(.+\\) on attempt 1; retrying in`),
      );
      expect(text).toMatch(
        new RegExp(`azfed: ${closed.url}/gone gave network error \\(.+\\) on attempt 2; not retrying`),
      );
      expect(text).toContain(
        `azfed: ${throttled.server.url}/ gave status 429 asking to wait 100000 ms; not waiting`,
      );
    } finally {
      logs.restore();
    }
  });
});
