import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CredentialUnavailableError, FederatedTokenCredential, InvalidInputError } from "@azfed/core";
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
import { SpiffeJwtSvidFileError, spiffe, spiffeFederatedCredential } from "../src/index";

const AUDIENCE = "api://AzureADTokenExchange";
const WEB = "spiffe://example.org/ns/demo-spiffe/sa/demo-sa";
let entra: EntraEmulator;
let workloadApi: SpireWorkloadApi;
let directory: string;
let file: string;
let logs: CapturedAzureLogs;

beforeAll(async () => {
  workloadApi = await startSpireWorkloadApi({ identities: [{ spiffeId: WEB }] });
  entra = await startEntraEmulator({ ca: workloadApi.oidcIssuer.ca });
  directory = mkdtempSync(join(tmpdir(), "azfed-spiffe-helper-"));
  file = join(directory, "jwt_svid.token");
});
afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await entra?.close();
  await workloadApi?.close();
});
beforeEach(() => {
  workloadApi.reset();
  rmSync(file, { force: true });
  logs = captureAzureLogs();
});
afterEach(() => {
  logs.restore();
  expectNoSecrets(logs.text(), workloadApi.issuedTokens);
});

describe("spiffe({ jwtSvidFile }): the file spiffe-helper keeps", () => {
  it("exchanges the JWT-SVID in the file, read again at each exchange (spiffe-helper rewrites it in place)", async () => {
    const fic = spiffeFederatedCredential({ issuer: workloadApi.issuer, spiffeId: WEB });
    const clientId = crypto.randomUUID();
    const tenantId = crypto.randomUUID();
    entra.addApplication({
      clientId,
      tenantId,
      federatedCredentials: [{ ...fic, audiences: [...fic.audiences] }],
    });
    const first = await workloadApi.writeJwtSvidFile(file, AUDIENCE);
    const provider = spiffe({ jwtSvidFile: file });
    expect(await provider.getAssertion({ audience: AUDIENCE })).toBe(first);
    const credential = new FederatedTokenCredential({
      tenantId,
      clientId,
      assertion: provider,
      authorityHost: entra.url,
      dispatcher: entra.dispatcher,
    });
    expect((await credential.getToken("https://storage.azure.com/.default")).token).toBeTruthy();
    const second = await workloadApi.writeJwtSvidFile(file, AUDIENCE);
    expect(await provider.getAssertion({ audience: AUDIENCE })).toBe(second);
    expect(workloadApi.count()).toBe(0);
  });

  it("an expired SVID is never presented: the error says spiffe-helper must run as a daemon", async () => {
    await workloadApi.writeJwtSvidFile(file, AUDIENCE, { expired: true });
    const error = await rejectionOf(spiffe({ jwtSvidFile: file }).getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(SpiffeJwtSvidFileError);
    expect((error as SpiffeJwtSvidFileError).problem).toBe("expired");
    expect(error.message).toContain("daemon_mode = true");
    expectNoSecrets(exposedText(error), workloadApi.issuedTokens);
  });

  it("waits out a file caught mid-write (truncated, then written), then reads the SVID", async () => {
    const token = await workloadApi.writeJwtSvidFile(file, AUDIENCE);
    writeFileSync(file, token.slice(0, 20));
    const reading = spiffe({ jwtSvidFile: file }).getAssertion({ audience: AUDIENCE });
    writeFileSync(file, token);
    expect(await reading).toBe(token);
  });

  it("an empty file or one without a JWT: typed errors that never show the content", async () => {
    writeFileSync(file, "");
    const empty = await rejectionOf(spiffe({ jwtSvidFile: file }).getAssertion({ audience: AUDIENCE }));
    expect((empty as SpiffeJwtSvidFileError).problem).toBe("empty");
    writeFileSync(file, "not-a-token-but-a-secret-0123456789");
    const garbage = await rejectionOf(spiffe({ jwtSvidFile: file }).getAssertion({ audience: AUDIENCE }));
    expect((garbage as SpiffeJwtSvidFileError).problem).toBe("not-a-jwt");
    expectNoSecrets(exposedText(garbage), ["not-a-token-but-a-secret-0123456789"]);
  });

  it("a JWT-SVID without iss names the SPIRE server's jwt_issuer", async () => {
    const claims = Buffer.from(JSON.stringify({ sub: WEB, aud: AUDIENCE, exp: 4_102_444_800 })).toString(
      "base64url",
    );
    writeFileSync(file, `eyJhbGciOiJSUzI1NiJ9.${claims}.c2ln`);
    const error = await rejectionOf(spiffe({ jwtSvidFile: file }).getAssertion({ audience: AUDIENCE }));
    expect((error as SpiffeJwtSvidFileError).problem).toBe("no-issuer");
    expect(error.message).toContain("jwt_issuer");
  });

  it("warns when the file's audience is not the exchange audience (spiffe-helper's jwt_audience)", async () => {
    await workloadApi.writeJwtSvidFile(file, "spiffe-helper-default");
    await spiffe({ jwtSvidFile: file }).getAssertion({ audience: AUDIENCE });
    expect(logs.text()).toContain(`set jwt_audience = "${AUDIENCE}"`);
  });

  it("a missing file: CredentialUnavailableError, and detect says so", async () => {
    const provider = spiffe({ jwtSvidFile: file });
    expect(provider.detect().available).toBe(false);
    const error = await rejectionOf(provider.getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toContain("spiffe-helper");
  });

  it("refuses the Workload API's options beside jwtSvidFile", () => {
    expect(() => spiffe({ jwtSvidFile: file, spiffeId: WEB })).toThrow(InvalidInputError);
    expect(() => spiffe({ jwtSvidFile: file, endpointSocket: "unix:///run/agent.sock" })).toThrow(/not both/);
  });
});
