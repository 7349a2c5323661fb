import { describe, expect, it } from "vitest";
import { AuthenticationError } from "../src/diagnosis/authentication-error";
import { HttpRequestError } from "../src/http/http-request-error";
import { type Federation, SCOPE, useFederation } from "./federation-fixture";

let federation: Federation;

useFederation((started) => {
  federation = started;
});

const ENTRA_400 = JSON.stringify({
  error: "invalid_request",
  error_description: "AADSTS90014: The required field 'scope' is missing from the credential.",
  error_codes: [90014],
  trace_id: "0b6a1d1e-1111-4c3b-9d7f-000000000001",
  correlation_id: "0b6a1d1e-2222-4c3b-9d7f-000000000002",
  timestamp: "2025-01-01 00:00:00Z",
});

describe("token request retries", () => {
  it("waits for Retry-After (seconds) after a 429, then succeeds", async () => {
    federation.entra.failNext(1, { status: 429, headers: { "retry-after": "1" }, body: "{}" });
    const started = performance.now();
    const token = await federation.credential().getToken(SCOPE);
    const elapsed = performance.now() - started;
    expect(token.token).toBeTruthy();
    expect(federation.entra.count("token")).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(950);
  });

  it("honours x-ms-retry-after-ms on 503s", async () => {
    federation.entra.failNext(2, { status: 503, headers: { "x-ms-retry-after-ms": "200" }, body: "{}" });
    const started = performance.now();
    const token = await federation.credential({ retry: { baseDelayMs: 1 } }).getToken(SCOPE);
    expect(token.token).toBeTruthy();
    expect(federation.entra.count("token")).toBe(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(380);
  });

  it("retries a dropped connection and a 500", async () => {
    federation.entra.failNext(1, { drop: true });
    federation.entra.failNext(1, { status: 500, body: "{}" });
    const token = await federation.credential().getToken(SCOPE);
    expect(token.token).toBeTruthy();
    expect(federation.entra.count("token")).toBe(3);
  });

  it("never retries Entra's 400", async () => {
    federation.entra.failNext(3, {
      status: 400,
      headers: { "content-type": "application/json" },
      body: ENTRA_400,
    });
    const error = await federation
      .credential()
      .getToken(SCOPE)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).aadsts).toEqual([90014]);
    expect((error as AuthenticationError).correlationId).toBe("0b6a1d1e-2222-4c3b-9d7f-000000000002");
    expect(federation.entra.count("token")).toBe(1);
  });

  it("stops after maxRetries and reports the last answer", async () => {
    federation.entra.failNext(10, { status: 503, headers: { "retry-after": "0" }, body: "{}" });
    const error = await federation
      .credential({ retry: { maxRetries: 2, baseDelayMs: 1 } })
      .getToken(SCOPE)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).statusCode).toBe(503);
    expect(federation.entra.count("token")).toBe(3);
  });

  it("gives up on network failures with HttpRequestError after the retries", async () => {
    federation.entra.failNext(10, { drop: true });
    const error = await federation
      .credential({ retry: { maxRetries: 1, baseDelayMs: 1 } })
      .getToken(SCOPE)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpRequestError);
    expect((error as HttpRequestError).reason).toBe("network");
    expect((error as HttpRequestError).attempts).toBe(2);
    expect(federation.entra.count("token")).toBe(2);
  });

  it("does not wait for a Retry-After that would pass the overall timeout", async () => {
    federation.entra.failNext(1, { status: 429, headers: { "retry-after": "30" }, body: "{}" });
    const started = performance.now();
    const error = await federation
      .credential({ timeoutMs: 10_000, retry: {} })
      .getToken(SCOPE)
      .catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(5_000); // no 30 s wait, and no wait until the timeout
    expect(error).toBeInstanceOf(HttpRequestError);
    expect((error as HttpRequestError).reason).toBe("throttled");
    expect((error as HttpRequestError).statusCode).toBe(429);
    expect((error as Error).message).toContain("try again after");
    expect(federation.entra.count("token")).toBe(1);
  });

  it("ends a slow exchange at timeoutMs with a TimeoutError", async () => {
    // A budget the first token (discovery, assertion, request) keeps on a loaded machine too; 400 ms did not.
    const credential = federation.credential({ timeoutMs: 1_500 });
    await credential.getToken("https://vault.azure.net/.default"); // discovery done
    federation.entra.setLatency(10_000);
    const started = performance.now();
    const error = await credential.getToken(SCOPE).catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(5_000); // far sooner than the 10 s answer
    expect((error as Error).name).toBe("TimeoutError");
    expect((error as Error).message).toContain("1500 ms (timeoutMs)");
  });
});
