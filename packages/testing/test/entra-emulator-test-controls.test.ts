import { fetch } from "undici";
import { describe, expect, it } from "vitest";
import {
  clientId,
  entra,
  exchange,
  exchangeAudience,
  issuer,
  jwtBearer,
  mint,
  scope,
  subject,
  tenantId,
  useEntraEmulatorUnderTest,
} from "./entra-emulator-under-test";

describe("startEntraEmulator", () => {
  useEntraEmulatorUnderTest();

  describe("for tests: request log, counts, faults, latency", () => {
    it("logs requests with the assertion redacted everywhere", async () => {
      const assertion = await mint();
      await exchange(assertion);
      await exchange(assertion, { client_secret: "s3cr3t-value" });
      const serialized = JSON.stringify(entra.requests);
      expect(serialized).not.toContain(assertion);
      expect(serialized).not.toContain(assertion.split(".")[2]);
      expect(serialized).not.toContain("s3cr3t-value");
      const [first] = entra.requests;
      expect(first).toMatchObject({
        method: "POST",
        path: `/${tenantId}/oauth2/v2.0/token`,
        endpoint: "token",
        status: 200,
        injected: false,
      });
      expect(first?.form).toEqual({
        grant_type: "client_credentials",
        client_id: clientId,
        scope,
        client_assertion_type: jwtBearer,
        client_assertion: "[REDACTED]",
      });
      expect(first?.assertionClaims).toMatchObject({
        sub: subject,
        aud: exchangeAudience,
        iss: issuer.issuer,
      });
      expect(entra.requests[1]).toMatchObject({ status: 401, errorCode: 7000215 });
    });

    it("counts requests per endpoint and reset() clears the log and counts", async () => {
      await fetch(`${entra.url}/${tenantId}/v2.0/.well-known/openid-configuration`, {
        dispatcher: entra.dispatcher,
      });
      await fetch(`${entra.url}/${tenantId}/discovery/v2.0/keys`, { dispatcher: entra.dispatcher });
      await exchange(await mint());
      expect([
        entra.count("openid-configuration"),
        entra.count("keys"),
        entra.count("token"),
        entra.count("instance-discovery"),
      ]).toEqual([1, 1, 1, 0]);
      entra.reset();
      expect(entra.count("token")).toBe(0);
      expect(entra.requests).toEqual([]);
    });

    it("answers 429 with Retry-After, then succeeds for a client that waits and retries", async () => {
      entra.failNext(1, {
        status: 429,
        headers: { "Retry-After": "1" },
        body: '{"error":"temporarily_unavailable"}',
      });
      const assertion = await mint();
      const first = await exchange(assertion);
      expect(first.status).toBe(429);
      expect(first.headers.get("retry-after")).toBe("1");
      expect(first.body).toEqual({ error: "temporarily_unavailable" });
      const waitMs = Number(first.headers.get("retry-after")) * 1000;
      const started = Date.now();
      await new Promise((done) => setTimeout(done, waitMs));
      const second = await exchange(assertion);
      expect(Date.now() - started).toBeGreaterThanOrEqual(waitMs - 5);
      expect(second.status).toBe(200);
      expect(entra.requests.map((request) => [request.status, request.injected])).toEqual([
        [429, true],
        [200, false],
      ]);
      expect(entra.count("token")).toBe(2);
    });

    it("injects faults on the token endpoint by default, or on a chosen endpoint", async () => {
      entra.failNext(2, { status: 503 });
      const discovery = await fetch(`${entra.url}/${tenantId}/v2.0/.well-known/openid-configuration`, {
        dispatcher: entra.dispatcher,
      });
      expect(discovery.status).toBe(200);
      expect((await exchange(await mint())).status).toBe(503);
      expect((await exchange(await mint())).status).toBe(503);
      expect((await exchange(await mint())).status).toBe(200);
      entra.failNext(1, { status: 500 }, "openid-configuration");
      const failed = await fetch(`${entra.url}/${tenantId}/v2.0/.well-known/openid-configuration`, {
        dispatcher: entra.dispatcher,
      });
      expect(failed.status).toBe(500);
    });

    it("drops the connection when asked", async () => {
      entra.failNext(1, { drop: true });
      await expect(exchange(await mint())).rejects.toThrow();
      expect(entra.requests.at(-1)).toMatchObject({ status: 0, injected: true });
      expect((await exchange(await mint())).status).toBe(200);
    });

    it("adds latency", async () => {
      entra.setLatency(150);
      const started = Date.now();
      await fetch(`${entra.url}/${tenantId}/discovery/v2.0/keys`, { dispatcher: entra.dispatcher });
      expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    });

    it("refuses a bad fault or lifetime with a clear error", () => {
      expect(() => entra.failNext(0, { status: 500 })).toThrow(/count.*positive integer/);
      expect(() => entra.failNext(1, { status: 42 })).toThrow(/response.*100\.\.599/);
      expect(() => entra.setTokenLifetime(1.5)).toThrow(/tokenLifetimeSeconds/);
    });
  });
});
