import { type CapturedAzureLogs, captureAzureLogs, expectNoSecrets, exposedText } from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AssertionProvider } from "../src/provider/assertion-provider";
import { type Federation, PUBLIC_AUDIENCE, SCOPE, SUBJECT, startFederation } from "./federation-fixture";

let federation: Federation;
let logs: CapturedAzureLogs;
const errors: unknown[] = [];
const secrets = new Set<string>();

const REQUEST_TOKEN = "ghs_requestTokenOfThePlatform0123456789";
const OPAQUE_ASSERTION = "opaque-secret-assertion-value-0123456789";

beforeAll(async () => {
  federation = await startFederation();
  logs = captureAzureLogs();
});
afterAll(async () => {
  logs?.restore();
  await federation?.close();
});

/** Runs a getToken, keeping the token (a secret) or the error (to be searched). */
async function run(getToken: Promise<{ token: string }>): Promise<void> {
  try {
    secrets.add((await getToken).token);
  } catch (error) {
    errors.push(error);
  }
}

describe("nothing secret in any error or log line", () => {
  it("collects errors and verbose logs across the success and failure paths", async () => {
    federation.minted.length = 0;
    let now = Date.now();
    const credential = federation.credential({ clock: () => now });
    // Success, a cached call, a background refresh.
    await run(credential.getToken(SCOPE));
    await run(credential.getToken(SCOPE));
    now += 40 * 60_000;
    await run(credential.getToken(SCOPE));
    await vi.waitFor(() => expect(federation.entra.count("token")).toBe(2));
    // CAE with a claims challenge.
    await run(
      credential.getToken(SCOPE, { enableCae: true, claims: '{"access_token":{"nbf":{"essential":true}}}' }),
    );
    // Entra refusals: subject, expired assertion.
    federation.claims = { sub: "repo:contoso/app:pull_request" };
    await run(federation.credential().getToken(SCOPE));
    federation.claims = {};
    federation.mintOptions = { expired: true };
    await run(federation.credential().getToken(SCOPE));
    federation.mintOptions = {};
    // A server that echoes the assertion in its error (Entra never does; the redaction must hold anyway).
    const echoed = await federation.issuer.mint({ sub: SUBJECT, aud: PUBLIC_AUDIENCE });
    federation.minted.push(echoed);
    federation.entra.failNext(1, {
      status: 400,
      body: JSON.stringify({
        error: "invalid_request",
        error_description: `AADSTS50027: bad client_assertion=${echoed} Authorization: Bearer ${REQUEST_TOKEN}`,
        error_codes: [50027],
      }),
    });
    await run(federation.credential({ assertion: () => echoed }).getToken(SCOPE));
    // 5xx until the retries are spent, dropped connections, a timeout, an abort.
    federation.entra.failNext(2, {
      status: 503,
      body: `{"error":"temporarily_unavailable","access_token":"${echoed}"}`,
    });
    await run(federation.credential({ retry: { maxRetries: 1, baseDelayMs: 1 } }).getToken(SCOPE));
    federation.entra.failNext(2, { drop: true });
    await run(federation.credential({ retry: { maxRetries: 1, baseDelayMs: 1 } }).getToken(SCOPE));
    federation.entra.setLatency(2_000);
    await run(federation.credential({ timeoutMs: 300 }).getToken(SCOPE));
    await run(federation.credential().getToken(SCOPE, { abortSignal: AbortSignal.timeout(200) }));
    federation.entra.setLatency(0);
    // Providers that fail with secrets in their messages, or return something that is not a JWT.
    await run(
      federation
        .credential({
          assertion: () => {
            throw new Error(`GET failed with Authorization: Bearer ${REQUEST_TOKEN}; token ${echoed}`);
          },
        })
        .getToken(SCOPE),
    );
    await run(federation.credential({ assertion: () => OPAQUE_ASSERTION }).getToken(SCOPE));
    const absent: AssertionProvider = {
      name: "github-actions",
      detect: () => ({ available: false, reason: "ACTIONS_ID_TOKEN_REQUEST_URL is not set" }),
      getAssertion: async () => echoed,
    };
    await run(federation.credential({ assertion: absent }).getToken(SCOPE));

    for (const assertion of federation.minted) secrets.add(assertion);
    secrets.add(REQUEST_TOKEN);
    secrets.add(OPAQUE_ASSERTION);

    // The paths really ran: tokens were issued, errors and log lines were produced.
    expect(secrets.size).toBeGreaterThan(8);
    expect(errors.length).toBeGreaterThanOrEqual(10);
    expect(logs.lines.some((line) => line.includes("azfed:verbose"))).toBe(true);
    expect(logs.lines.some((line) => line.includes("azfed:info") && line.includes("expires"))).toBe(true);
    expect(logs.lines.some((line) => line.includes("retrying in"))).toBe(true);

    // Neither a secret nor a recognisable piece of it (a JWT's signature part).
    expectNoSecrets([...errors.map(exposedText), ...logs.lines], secrets);
  });
});
