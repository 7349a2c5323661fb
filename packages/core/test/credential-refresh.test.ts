import { captureAzureLogs } from "@azfed/testing";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { AuthenticationError } from "../src/diagnosis/authentication-error";
import { type Federation, SCOPE, useFederation } from "./federation-fixture";

let federation: Federation;
let now: number;
const clock = (): number => now;
const MINUTE = 60_000;

const ENTRA_REFUSAL = {
  status: 401,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({
    error: "invalid_client",
    error_description:
      "AADSTS700213: No matching federated identity record found for presented assertion subject 'x'.",
    error_codes: [700213],
    trace_id: "0b6a1d1e-1111-4c3b-9d7f-000000000001",
    correlation_id: "0b6a1d1e-2222-4c3b-9d7f-000000000002",
    timestamp: "2025-01-01 00:00:00Z",
  }),
};

useFederation((started) => {
  federation = started;
});
beforeEach(() => {
  federation.entra.setTokenLifetime(3599);
  federation.minted.length = 0;
  now = Date.UTC(2030, 0, 1);
});

const tokenRequests = (): number => federation.entra.count("token");

describe("refresh ahead with a controlled clock", () => {
  it("refreshes after half the lifetime in the background while callers keep the cached token", async () => {
    const credential = federation.credential({ clock });
    const first = await credential.getToken(SCOPE);
    expect(first.expiresOnTimestamp - now).toBeGreaterThan(3_590_000);
    expect(first.refreshAfterTimestamp - now).toBeGreaterThan(1_790_000);
    expect(first.refreshAfterTimestamp - now).toBeLessThan(1_800_000);

    now = first.refreshAfterTimestamp - 1;
    expect(await credential.getToken(SCOPE)).toBe(first);
    expect(tokenRequests()).toBe(1);

    federation.entra.setLatency(200);
    now = first.refreshAfterTimestamp + 1;
    // Due for refresh: the callers get the cached token at once while one refresh runs.
    const during = await Promise.all(Array.from({ length: 50 }, () => credential.getToken(SCOPE)));
    expect(during.every((token) => token === first)).toBe(true);
    await vi.waitFor(() => expect(tokenRequests()).toBe(2), { timeout: 5_000 });
    const second = await vi.waitFor(
      async () => {
        const token = await credential.getToken(SCOPE);
        expect(token.token).not.toBe(first.token);
        return token;
      },
      { timeout: 5_000 },
    );
    expect(second.expiresOnTimestamp).toBeGreaterThan(first.expiresOnTimestamp);
    expect(tokenRequests()).toBe(2);
    expect(federation.minted).toHaveLength(2);
  });

  it("uses Entra's refresh_in when it sends one", async () => {
    federation.entra.setTokenLifetime(4 * 3600); // the emulator sends refresh_in for tokens over two hours
    const token = await federation.credential({ clock }).getToken(SCOPE);
    expect(token.expiresOnTimestamp - now).toBeGreaterThan(4 * 3600_000 - 10_000);
    expect(token.refreshAfterTimestamp - now).toBeGreaterThan(2 * 3600_000 - 10_000);
    expect(token.refreshAfterTimestamp - now).toBeLessThanOrEqual(2 * 3600_000);
  });

  it("refreshes at a refresh_in that is not half the lifetime, counted from when the request was sent", async () => {
    federation.entra.setRefreshIn(600); // 10 minutes of a 3599-second token
    const token = await federation.credential({ clock }).getToken(SCOPE);
    expect(token.refreshAfterTimestamp - now).toBeGreaterThan(600_000 - 10_000);
    expect(token.refreshAfterTimestamp - now).toBeLessThanOrEqual(600_000);
    expect(token.expiresOnTimestamp - token.refreshAfterTimestamp).toBe(2999_000);
  });

  it("refreshes after half the lifetime when refresh_in is 0 or not below expires_in (unusable)", async () => {
    for (const refreshIn of [0, 3599, 5000]) {
      federation.entra.setRefreshIn(refreshIn);
      const token = await federation.credential({ clock }).getToken(SCOPE);
      expect(token.expiresOnTimestamp - token.refreshAfterTimestamp, `refresh_in ${refreshIn}`).toBe(
        1799_500,
      );
    }
  });

  it("refreshes a short-lived token after half its life", async () => {
    federation.entra.setTokenLifetime(120);
    const token = await federation.credential({ clock }).getToken(SCOPE);
    expect(token.refreshAfterTimestamp - now).toBeGreaterThan(58_000);
    expect(token.refreshAfterTimestamp - now).toBeLessThanOrEqual(60_000);
  });

  it("keeps serving the cached token when the refresh fails, then the caller after expiry gets the error", async () => {
    const credential = federation.credential({ clock });
    const first = await credential.getToken(SCOPE);

    federation.entra.failNext(1, ENTRA_REFUSAL);
    now = first.refreshAfterTimestamp + 1;
    const logs = captureAzureLogs({ level: "warning" });
    try {
      expect(await credential.getToken(SCOPE)).toBe(first);
      // Until the credential has handled the failed refresh (its warning), a caller joins it: waiting
      // only for Entra's 401 let a loaded machine's caller after expiry get that refusal, unsent.
      await vi.waitFor(() => expect(logs.text()).toContain("background refresh"), { timeout: 5_000 });
    } finally {
      logs.restore();
    }
    expect(federation.entra.requests.at(-1)?.status).toBe(401);

    now += 10_000; // within the retry delay: no new attempt, the cached token is served
    expect(await credential.getToken(SCOPE)).toBe(first);
    expect(tokenRequests()).toBe(2);

    now = first.expiresOnTimestamp + 1;
    federation.entra.failNext(1, ENTRA_REFUSAL);
    const error = await credential.getToken(SCOPE).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).aadsts).toEqual([700213]);
    expect(tokenRequests()).toBe(3);

    // Once Entra answers again, the next caller gets a new token.
    const recovered = await credential.getToken(SCOPE);
    expect(recovered.token).not.toBe(first.token);
    expect(tokenRequests()).toBe(4);
  });

  it("tries a failed refresh again after 30 seconds", async () => {
    const credential = federation.credential({ clock });
    const first = await credential.getToken(SCOPE);
    federation.entra.failNext(1, ENTRA_REFUSAL);
    now = first.refreshAfterTimestamp + 1;
    const logs = captureAzureLogs({ level: "warning" });
    try {
      await credential.getToken(SCOPE);
      // The warning is logged once the credential has handled the failure (not merely once Entra
      // answered), so the clock moves on only after the failed refresh is over.
      await vi.waitFor(() => expect(logs.text()).toContain("background refresh"), { timeout: 5_000 });
    } finally {
      logs.restore();
    }
    expect(federation.entra.requests.at(-1)?.status).toBe(401);

    now += 31_000;
    expect(await credential.getToken(SCOPE)).toBe(first);
    await vi.waitFor(() => expect(tokenRequests()).toBe(3), { timeout: 5_000 });
    await vi.waitFor(async () => expect((await credential.getToken(SCOPE)).token).not.toBe(first.token), {
      timeout: 5_000,
    });
  });

  it("a claims challenge skips the cache and its token replaces the entry", async () => {
    const credential = federation.credential({ clock });
    const first = await credential.getToken(SCOPE);
    const challenge = JSON.stringify({
      access_token: { nbf: { essential: true, value: String(now / 1000) } },
    });
    const challenged = await credential.getToken(SCOPE, { claims: challenge });
    expect(challenged.token).not.toBe(first.token);
    expect(tokenRequests()).toBe(2);
    expect(federation.minted).toHaveLength(2);
    expect(federation.entra.requests.at(-1)?.form.claims).toContain('"nbf"');

    now += 5 * MINUTE;
    expect(await credential.getToken(SCOPE)).toBe(challenged);
    expect(tokenRequests()).toBe(2);
  });
});
