import { describe, expect, it } from "vitest";
import { isRetryableStatus, retryDelayMs, serverRetryDelayMs } from "../src/http/retry";

const NOW = Date.parse("2026-01-01T00:00:00Z");

describe("retryDelayMs", () => {
  it("prefers x-ms-retry-after-ms, then Retry-After seconds, then an HTTP date", () => {
    expect(retryDelayMs(1, new Headers({ "x-ms-retry-after-ms": "250", "retry-after": "9" }))).toBe(250);
    expect(retryDelayMs(1, new Headers({ "retry-after": "3" }))).toBe(3_000);
    expect(retryDelayMs(1, new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), {}, NOW)).toBe(
      5_000,
    );
  });

  it("caps the server's wish at maxDelayMs, 30 s unless set", () => {
    expect(retryDelayMs(1, new Headers({ "retry-after": "120" }), { maxDelayMs: 10_000 })).toBe(10_000);
    expect(retryDelayMs(1, new Headers({ "retry-after": "120" }))).toBe(30_000);
    expect(retryDelayMs(1, new Headers({ "retry-after": "29" }))).toBe(29_000);
  });

  it("backs off exponentially with jitter inside [ceiling/2, ceiling]", () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const ceiling = 100 * 2 ** (attempt - 1);
      const delays = Array.from({ length: 200 }, () =>
        retryDelayMs(attempt, undefined, { baseDelayMs: 100, maxDelayMs: 10_000 }),
      );
      for (const delay of delays) {
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
        expect(Number.isInteger(delay)).toBe(true);
      }
      // Jitter: the delays spread over the range rather than sitting at one end.
      expect(Math.min(...delays)).toBeLessThan(ceiling * 0.6);
      expect(Math.max(...delays)).toBeGreaterThan(ceiling * 0.9);
    }
  });

  it("starts from 500 ms and caps the backoff at 30 s by default", () => {
    for (let i = 0; i < 50; i++) {
      const first = retryDelayMs(1);
      expect(first).toBeGreaterThanOrEqual(250);
      expect(first).toBeLessThanOrEqual(500);
      const late = retryDelayMs(20);
      expect(late).toBeGreaterThanOrEqual(15_000);
      expect(late).toBeLessThanOrEqual(30_000);
    }
  });

  it("caps the backoff at maxDelayMs", () => {
    for (let i = 0; i < 50; i++) {
      const delay = retryDelayMs(10, undefined, { baseDelayMs: 1_000, maxDelayMs: 2_000 });
      expect(delay).toBeGreaterThanOrEqual(1_000);
      expect(delay).toBeLessThanOrEqual(2_000);
    }
  });

  it("falls back to the backoff on a malformed Retry-After", () => {
    for (const value of ["soon", "-5", "1.5", "", "Thu, 01 Jan 2026"]) {
      const delay = retryDelayMs(1, new Headers({ "retry-after": value }), { baseDelayMs: 100 });
      expect(delay).toBeGreaterThanOrEqual(50);
      expect(delay).toBeLessThanOrEqual(100);
    }
  });
});

describe("serverRetryDelayMs", () => {
  const wait = (headers: Record<string, string> | undefined) =>
    serverRetryDelayMs(headers === undefined ? undefined : new Headers(headers), NOW);

  it("is undefined without headers or without either header", () => {
    expect(wait(undefined)).toBeUndefined();
    expect(wait({})).toBeUndefined();
    expect(wait({ "content-type": "application/json" })).toBeUndefined();
  });

  it("reads x-ms-retry-after-ms as milliseconds, fractions and surrounding spaces included", () => {
    expect(wait({ "x-ms-retry-after-ms": "1500" })).toBe(1_500);
    expect(wait({ "x-ms-retry-after-ms": " 12.5 " })).toBe(12.5);
    expect(wait({ "x-ms-retry-after-ms": "12.25" })).toBe(12.25);
    expect(wait({ "x-ms-retry-after-ms": "0" })).toBe(0);
    expect(wait({ "x-ms-retry-after-ms": "1234567890123456" })).toBe(1_234_567_890_123_456);
  });

  it("ignores a malformed or over-long x-ms-retry-after-ms and reads Retry-After instead", () => {
    for (const value of ["-5", "abc", "1e3", "5ms", "12345678901234567", "1.", ".5"]) {
      expect(wait({ "x-ms-retry-after-ms": value, "retry-after": "2" })).toBe(2_000);
      expect(wait({ "x-ms-retry-after-ms": value })).toBeUndefined();
    }
  });

  it("reads Retry-After as whole seconds", () => {
    expect(wait({ "retry-after": "0" })).toBe(0);
    expect(wait({ "retry-after": " 7 " })).toBe(7_000);
    expect(wait({ "retry-after": "120" })).toBe(120_000);
  });

  it("refuses Retry-After numbers that are not delta-seconds", () => {
    for (const value of ["-5", "1.5", "+3", "3s", "0x10", "1 2"])
      expect(wait({ "retry-after": value })).toBeUndefined();
  });

  it("reads an HTTP date in the three forms RFC 9110 allows, as the time left from now", () => {
    expect(wait({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" })).toBe(5_000);
    expect(wait({ "retry-after": "Thursday, 01-Jan-26 00:01:00 GMT" })).toBe(60_000);
    expect(wait({ "retry-after": "Thu Jan  1 00:00:30 2026" })).toBe(30_000);
  });

  it("is 0 for a date in the past", () => {
    expect(wait({ "retry-after": "Wed, 31 Dec 2025 23:59:00 GMT" })).toBe(0);
  });

  it("ignores text that only Date.parse would read as a date", () => {
    for (const value of [
      "2026-01-01T00:00:05Z",
      "January 1, 2026",
      "Funday, 01 Jan 2026 00:00:05 GMT",
      "Thu, 01 Jan 2026 00:00:05 GMT extra",
    ]) {
      expect(wait({ "retry-after": value })).toBeUndefined();
    }
  });

  it("ignores a date-shaped value that is not a date", () => {
    expect(wait({ "retry-after": "Mon, 99 Foo 2026 99:99:99 GMT" })).toBeUndefined();
  });

  it("ignores a Retry-After longer than 64 characters", () => {
    expect(wait({ "retry-after": `${"0".repeat(64)}` })).toBe(0);
    expect(wait({ "retry-after": `${"0".repeat(65)}` })).toBeUndefined();
  });
});

describe("isRetryableStatus", () => {
  it("retries only transient statuses", () => {
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([200, 301, 400, 401, 403, 404, 409, 501, 505].some(isRetryableStatus)).toBe(false);
  });
});
