import { describe, expect, it } from "vitest";
import { parseEntraErrorBody } from "../src/credential/entra-error-body";

const ENTRA_BODY = {
  error: "invalid_client",
  error_description:
    "AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso/app:ref:refs/heads/main'.",
  error_codes: [700213],
  timestamp: "2026-12-07 10:00:00Z",
  trace_id: "0f2d8a4e-1b2c-4d5e-8f90-123456789abc",
  correlation_id: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
};

describe("parseEntraErrorBody", () => {
  it("reads every field of Entra's JSON error body", () => {
    expect(parseEntraErrorBody(401, JSON.stringify(ENTRA_BODY))).toEqual({
      statusCode: 401,
      errorCode: "invalid_client",
      errorDescription: ENTRA_BODY.error_description,
      aadsts: [700213],
      correlationId: ENTRA_BODY.correlation_id,
      traceId: ENTRA_BODY.trace_id,
      timestamp: ENTRA_BODY.timestamp,
    });
  });

  it.each([
    ["an HTML page", "<html><body>Bad gateway</body></html>"],
    ["JSON without error", '{"message":"no"}'],
    ["JSON whose error is not text", '{"error":42}'],
    ["JSON null", "null"],
    ["a JSON string", '"invalid_client"'],
    ["nothing", ""],
  ])("describes %s without quoting it, by the status", (_, body) => {
    expect(parseEntraErrorBody(502, body)).toEqual({
      statusCode: 502,
      errorCode: "http_502",
      errorDescription: "The authority answered HTTP 502 without Microsoft Entra ID's JSON error body.",
      aadsts: [],
      correlationId: undefined,
      traceId: undefined,
      timestamp: undefined,
    });
  });

  it("does not parse a body over 1 MiB, and parses one of exactly 1 MiB", () => {
    const json = JSON.stringify({ error: "invalid_client", error_description: "AADSTS7000215" });
    const exactly = json + " ".repeat(1024 * 1024 - json.length);
    expect(parseEntraErrorBody(400, exactly).errorCode).toBe("invalid_client");
    expect(parseEntraErrorBody(400, `${exactly} `).errorCode).toBe("http_400");
  });

  it("says what Entra answered when the description is missing or not text", () => {
    for (const body of [
      { error: "temporarily_unavailable" },
      { error: "temporarily_unavailable", error_description: 7 },
    ]) {
      const refusal = parseEntraErrorBody(503, JSON.stringify(body));
      expect(refusal.errorDescription).toBe("Microsoft Entra ID answered HTTP 503 temporarily_unavailable.");
      expect(refusal.aadsts).toEqual([]);
    }
  });

  it("takes the codes from error_codes (integers only), else once each from the description", () => {
    const withCodes = { ...ENTRA_BODY, error_codes: [700213, "50001", 1.5, 700016] };
    expect(parseEntraErrorBody(401, JSON.stringify(withCodes)).aadsts).toEqual([700213, 700016]);
    const noCodes = {
      error: "invalid_request",
      error_description: "AADSTS90002: Tenant not found. AADSTS90002 again; AADSTS50001: and another.",
      error_codes: "not a list",
    };
    expect(parseEntraErrorBody(400, JSON.stringify(noCodes)).aadsts).toEqual([90002, 50001]);
    const emptyCodes = { ...noCodes, error_codes: [] };
    expect(parseEntraErrorBody(400, JSON.stringify(emptyCodes)).aadsts).toEqual([90002, 50001]);
  });

  it("shortens the description to 4096 characters and the other fields to 64", () => {
    const long = {
      error: "e".repeat(100),
      error_description: `AADSTS700213: ${"d".repeat(5000)}`,
      correlation_id: "c".repeat(100),
      trace_id: "t".repeat(100),
      timestamp: "s".repeat(100),
    };
    const refusal = parseEntraErrorBody(400, JSON.stringify(long));
    expect(refusal.errorDescription.length).toBeLessThanOrEqual(4096);
    expect(refusal.errorDescription.length).toBeGreaterThan(4000);
    for (const value of [refusal.errorCode, refusal.correlationId, refusal.traceId, refusal.timestamp]) {
      expect(value?.length).toBeLessThanOrEqual(64);
      expect(value?.length).toBeGreaterThan(32);
    }
  });

  it("leaves out empty or non-text ids", () => {
    const body = { error: "invalid_client", correlation_id: "", trace_id: 5, timestamp: null };
    const refusal = parseEntraErrorBody(401, JSON.stringify(body));
    expect(refusal.correlationId).toBeUndefined();
    expect(refusal.traceId).toBeUndefined();
    expect(refusal.timestamp).toBeUndefined();
  });

  it("removes the given secrets from every field", () => {
    const secret = "s3cr3t-assertion-value-0123456789";
    const body = {
      error: `bad_${secret}`,
      error_description: `AADSTS50027: the token ${secret} is invalid`,
      correlation_id: secret,
      trace_id: `x${secret}`,
      timestamp: secret,
    };
    const refusal = parseEntraErrorBody(400, JSON.stringify(body), [undefined, secret]);
    expect(JSON.stringify(refusal)).not.toContain(secret);
    expect(refusal.errorDescription).toContain("AADSTS50027: the token");
  });
});
