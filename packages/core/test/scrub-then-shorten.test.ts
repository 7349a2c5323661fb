// Issue 20 finding 3: text was shortened before it was scrubbed, so a secret straddling the cut kept
// its first part (a segment echoed in correlation_id kept 46 characters; an assertion across the
// 4096-character cut of error_description kept 339 of its 342 signature characters).
import { echoSecret, expectNoSecretTrace } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { scrubAndShorten } from "../src/bounded-text";
import { parseEntraErrorBody } from "../src/credential/entra-error-body";
import { AuthenticationError } from "../src/diagnosis/authentication-error";
import { describeNetworkError } from "../src/http/http-request-error";
import { type Federation, SCOPE, useFederation } from "./federation-fixture";

let federation: Federation;

useFederation((started) => {
  federation = started;
});

const SECRET = `eyJhbGciOiJSUzI1NiJ9.eyJ${"a".repeat(300)}.${"s".repeat(342)}`;

describe("scrub first, then shorten", () => {
  it("an assertion echoed across the 4096-character cut of error_description leaves no trace", async () => {
    federation.entra.failNext(1, {
      hostile: "echo",
      status: 400,
      body: (request) =>
        JSON.stringify({
          error: "invalid_client",
          error_description: `AADSTS700213: ${"x".repeat(4096 - 200)} ${request.form.client_assertion}`,
          correlation_id: echoSecret(request.form.client_assertion ?? "", "signature"),
          trace_id: echoSecret(request.form.client_assertion ?? "", "payload"),
        }),
    });
    const error = await federation
      .credential()
      .getToken(SCOPE)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expectNoSecretTrace(error, federation.minted);
    const refusal = error as AuthenticationError;
    for (const field of [refusal.correlationId, refusal.traceId]) expect(field).toContain("[REDACTED]");
  });

  it("every field of Entra's error body is scrubbed whole before it is cut", () => {
    const refusal = parseEntraErrorBody(
      400,
      JSON.stringify({
        error: "invalid_client",
        error_description: `${"x".repeat(4090)} ${SECRET}`,
        correlation_id: SECRET.split(".")[2],
        trace_id: `id ${SECRET}`,
        timestamp: SECRET.split(".")[1],
      }),
      [SECRET],
    );
    expectNoSecretTrace(new Error(JSON.stringify(refusal)), [SECRET]);
  });

  it("scrubAndShorten and the network error's text scrub before they cut", () => {
    const text = `${"x".repeat(100)} ${SECRET}`;
    expect(scrubAndShorten(text, 150, [SECRET])).toBe(`${"x".repeat(100)} [REDACTED]`);
    expect(scrubAndShorten(text, 110)).not.toContain("eyJ");
    expect(describeNetworkError(new Error(`${"x".repeat(480)} ${SECRET}`))).not.toMatch(/eyJ|sssssss/);
  });
});
