import { captureAzureLogs, type EntraEmulator, exposedText, startEntraEmulator } from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthenticationError } from "../src/diagnosis/authentication-error";
import type { AssertionProvider } from "../src/provider/assertion-provider";
import { type Federation, SCOPE, useFederation } from "./federation-fixture";

// How the exchange (credential/msal-exchange.ts) sends its token request: MSAL's own retries off,
// a provider's token request route, and what of the assertion may reach an error.

let federation: Federation;
/** A second Entra, behind the route a provider names (the AKS identity binding proxy's part). */
let routed: EntraEmulator;

useFederation((started) => {
  federation = started;
});
beforeAll(async () => {
  routed = await startEntraEmulator({ ca: federation.entra.ca });
  routed.addApplication({
    clientId: federation.clientId,
    tenantId: federation.tenantId,
    federatedCredentials: [federation.fic],
  });
});
afterAll(async () => {
  await routed.close();
});

describe("the token request", () => {
  it("is sent once when azfed's retries are off: MSAL does not retry a 503 on its own", async () => {
    federation.entra.failNext(1, {
      status: 503,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ error: "temporarily_unavailable", error_description: "AADSTS90033: busy." }),
    });
    const error = await federation
      .credential({ retry: { maxRetries: 0 } })
      .getToken(SCOPE)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).statusCode).toBe(503);
    expect(federation.entra.count("token")).toBe(1);
  });

  it("goes where the provider's route points, and says so at the verbose level", async () => {
    routed.reset();
    const provider: AssertionProvider = {
      name: "routed-platform",
      getAssertion: (ctx) => federation.assertion(ctx),
      tokenRequestRoute: async () => ({
        url: routed.url,
        ca: federation.entra.ca.certificatePem,
        description: "the test's second Entra",
      }),
    };
    const logs = captureAzureLogs({ level: "verbose" });
    let token = "";
    try {
      token = (await federation.credential({ assertion: provider }).getToken(SCOPE)).token;
    } finally {
      logs.restore();
    }
    expect(await routed.verifyAccessToken(token)).toMatchObject({ appid: federation.clientId });
    expect(routed.count("token")).toBe(1);
    expect(federation.entra.count("token")).toBe(0);
    expect(logs.text()).toContain(
      "azfed:verbose FederatedTokenCredential: the token request goes to the test's second Entra",
    );
  });

  it("without a route goes to the authority host and writes no route line", async () => {
    routed.reset();
    const provider: AssertionProvider = {
      name: "unrouted-platform",
      getAssertion: (ctx) => federation.assertion(ctx),
      tokenRequestRoute: async () => undefined,
    };
    const logs = captureAzureLogs({ level: "verbose" });
    try {
      await federation.credential({ assertion: provider }).getToken(SCOPE);
    } finally {
      logs.restore();
    }
    expect(federation.entra.count("token")).toBe(1);
    expect(routed.count("token")).toBe(0);
    expect(logs.text()).not.toContain("the token request goes to");
  });
});

describe("an assertion Entra echoes back", () => {
  it("is removed from the error and the log even when it is not shaped like a JWT that redaction knows", async () => {
    // Three base64url parts, as fetchAssertion requires, but no `eyJ` header: only the exchange's own
    // list of secrets can find it in Entra's text.
    const assertion = `opaque${"A1b2C3d4".repeat(6)}.${"payload9".repeat(5)}.${"signatur".repeat(5)}`;
    const logs = captureAzureLogs({ level: "verbose" });
    let error: unknown;
    try {
      error = await federation
        .credential({
          assertion: async () => {
            federation.entra.failNext(1, {
              status: 400,
              headers: { "content-type": "application/json" },
              body: JSON.stringify({
                error: "invalid_request",
                error_description: `AADSTS50027: JWT token is invalid or malformed: ${assertion}.`,
                error_codes: [50027],
              }),
            });
            return assertion;
          },
        })
        .getToken(SCOPE)
        .catch((caught: unknown) => caught);
    } finally {
      logs.restore();
    }
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).aadsts).toEqual([50027]);
    expect((error as AuthenticationError).errorDescription).toContain("JWT token is invalid or malformed");
    for (const text of [exposedText(error), logs.text()]) {
      expect(text).not.toContain(assertion);
      for (const part of assertion.split(".")) expect(text).not.toContain(part);
    }
  });
});
