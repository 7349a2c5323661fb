import { randomUUID } from "node:crypto";
import { AuthenticationError, CredentialUnavailableError, FederatedTokenCredential } from "@azfed/core";
import {
  type CapturedAzureLogs,
  captureAzureLogs,
  type EntraEmulator,
  expectNoSecrets,
  exposedText,
  rejectionOf,
  type SpireWorkloadApi,
  startEntraEmulator,
  startSpireWorkloadApi,
} from "@azfed/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type SpiffeOptions, SpiffeWorkloadApiError, spiffe, spiffeFederatedCredential } from "../src/index";

const SCOPE = "https://storage.azure.com/.default";
const WEB = "spiffe://example.org/ns/demo-spiffe/sa/demo-sa";
const BATCH = "spiffe://example.org/ns/demo-spiffe/sa/batch";
let entra: EntraEmulator;
let workloadApi: SpireWorkloadApi;
let logs: CapturedAzureLogs;
let clientId: string;
let tenantId: string;

function credential(options: SpiffeOptions = {}): FederatedTokenCredential {
  return new FederatedTokenCredential({
    tenantId,
    clientId,
    assertion: spiffe({ env: workloadApi.env(), ...options }),
    authorityHost: entra.url,
    dispatcher: entra.dispatcher,
    retry: { maxRetries: 0 },
  });
}

function trust(subject = WEB): void {
  const fic = spiffeFederatedCredential({ issuer: workloadApi.issuer, spiffeId: subject });
  entra.addApplication({
    clientId,
    tenantId,
    federatedCredentials: [{ ...fic, audiences: [...fic.audiences] }],
  });
}

beforeAll(async () => {
  workloadApi = await startSpireWorkloadApi({ identities: [{ spiffeId: WEB }] });
  entra = await startEntraEmulator({ ca: workloadApi.oidcIssuer.ca });
});
afterAll(async () => {
  await entra?.close();
  await workloadApi?.close();
});
beforeEach(() => {
  entra.reset();
  workloadApi.reset();
  clientId = randomUUID();
  tenantId = randomUUID();
  logs = captureAzureLogs();
});
afterEach(() => {
  logs.restore();
  expectNoSecrets(logs.text(), workloadApi.issuedTokens);
});

describe("spiffe() → Workload API (gRPC on a Unix socket) → Entra emulator", () => {
  it("exchanges a JWT-SVID fetched for the exchange audience, with the security header", async () => {
    trust();
    const accessToken = await credential().getToken(SCOPE);
    expect(await entra.verifyAccessToken(accessToken.token)).toMatchObject({
      appid: clientId,
      tid: tenantId,
    });
    expect(workloadApi.requests).toEqual([
      { audience: ["api://AzureADTokenExchange"], spiffeId: "", securityHeader: true },
    ]);
  });

  it("asks for the spiffeId option, and presents that identity's SVID", async () => {
    workloadApi.setIdentities([{ spiffeId: WEB }, { spiffeId: BATCH }]);
    trust(BATCH);
    await credential({ spiffeId: BATCH }).getToken(SCOPE);
    expect(workloadApi.requests[0]?.spiffeId).toBe(BATCH);
  });

  it("chooses by hint among several SVIDs, and says which are there when none has it", async () => {
    workloadApi.setIdentities([
      { spiffeId: WEB, hint: "internal" },
      { spiffeId: BATCH, hint: "external" },
    ]);
    trust(BATCH);
    await credential({ hint: "external" }).getToken(SCOPE);
    const error = await rejectionOf(credential({ hint: "azure" }).getToken(SCOPE));
    expect(error).toBeInstanceOf(SpiffeWorkloadApiError);
    expect(error.message).toContain('none with hint "azure"');
    expect(error.message).toContain(`${BATCH} (hint "external")`);
    expectNoSecrets(exposedText(error), workloadApi.issuedTokens);
  });

  it("presents the first of several SVIDs without spiffeId or hint, and says so", async () => {
    workloadApi.setIdentities([{ spiffeId: WEB }, { spiffeId: BATCH }]);
    trust(WEB);
    await credential().getToken(SCOPE);
    expect(logs.text()).toContain("the workload has 2 identities");
  });

  it("tries again after PermissionDenied (an entry not yet synced) and Unavailable, as the standard allows", async () => {
    trust();
    workloadApi.failNext(1, "PermissionDenied");
    workloadApi.failNext(1, "Unavailable");
    await credential({ retry: { baseDelayMs: 1, maxDelayMs: 5 } }).getToken(SCOPE);
    expect(workloadApi.count()).toBe(3);
  });

  it("PermissionDenied that lasts: a typed error naming the registration entry to create", async () => {
    workloadApi.setIdentities([]);
    const error = await rejectionOf(credential({ retry: { maxRetries: 1, baseDelayMs: 1 } }).getToken(SCOPE));
    expect(error).toBeInstanceOf(SpiffeWorkloadApiError);
    expect((error as SpiffeWorkloadApiError).status).toBe("PermissionDenied");
    expect(error.message).toContain("no identity issued");
    expect(error.message).toContain("registration entry");
    expect(workloadApi.count()).toBe(2);
  });

  it("InvalidArgument is not tried again", async () => {
    workloadApi.failNext(1, "InvalidArgument");
    const error = await rejectionOf(credential({ retry: { baseDelayMs: 1 } }).getToken(SCOPE));
    expect((error as SpiffeWorkloadApiError).status).toBe("InvalidArgument");
    expect(workloadApi.count()).toBe(1);
  });

  it("a socket that does not exist: CredentialUnavailableError, and detect says so without a call", async () => {
    const missing = `unix://${workloadApi.socketPath}.gone`;
    const provider = spiffe({ env: { SPIFFE_ENDPOINT_SOCKET: missing } });
    expect(provider.detect()).toEqual({
      available: false,
      reason: `the Workload API socket ${missing} does not exist`,
    });
    const error = await rejectionOf(provider.getAssertion({ audience: "api://AzureADTokenExchange" }));
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toContain("no Workload API socket");
  });

  it("a credential for another workload is refused, and the diagnosis says what a SPIFFE subject must be", async () => {
    trust(BATCH);
    const error = await rejectionOf(credential().getToken(SCOPE));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(exposedText(error)).toContain(
      "the workload's SPIFFE ID exactly as its registration entry gives it",
    );
    expectNoSecrets(exposedText(error), workloadApi.issuedTokens);
  });

  it("an abort ends the call with the signal's reason", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    const error = await rejectionOf(
      spiffe({ env: workloadApi.env() }).getAssertion({
        audience: "api://AzureADTokenExchange",
        signal: controller.signal,
      }),
    );
    expect(error.message).toBe("stop");
  });
});

describe("detect", () => {
  it("is available when SPIFFE_ENDPOINT_SOCKET names an existing socket", () => {
    expect(spiffe({ env: workloadApi.env() }).detect()).toEqual({
      available: true,
      reason: `SPIFFE_ENDPOINT_SOCKET is set (${workloadApi.endpoint})`,
    });
  });

  it("is absent without SPIFFE_ENDPOINT_SOCKET, and names a malformed one", () => {
    expect(spiffe({ env: {} }).detect()).toEqual({
      available: false,
      reason: "SPIFFE_ENDPOINT_SOCKET is not set",
    });
    const bad = spiffe({ env: { SPIFFE_ENDPOINT_SOCKET: "tcp://localhost:8081" } }).detect();
    expect(bad.available).toBe(false);
    expect(bad.reason).toContain("an IP address, not a host name");
  });
});
