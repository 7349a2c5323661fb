import { randomUUID } from "node:crypto";
import { AuthenticationError, FederatedTokenCredential } from "@azfed/core";
import {
  type CapturedAzureLogs,
  captureAzureLogs,
  claimsOf,
  type EntraEmulator,
  expectNoSecrets,
  exposedText,
  type GcpMetadataEmulator,
  type RecordedRequest,
  rejectionOf,
  startEntraEmulator,
  startGcpMetadataEmulator,
} from "@azfed/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { gcp, gcpFederatedCredential, gcpSubject } from "../src/index";

const SCOPE = "https://management.azure.com/.default";

let entra: EntraEmulator;
let metadata: GcpMetadataEmulator;
let logs: CapturedAzureLogs;
let clientId: string;
let tenantId: string;

function tokenRequests(): RecordedRequest[] {
  return entra.requests.filter((request) => request.endpoint === "token");
}

function credential(provider = gcp({ env: metadata.env() })): FederatedTokenCredential {
  return new FederatedTokenCredential({
    tenantId,
    clientId,
    assertion: provider,
    authorityHost: entra.url,
    dispatcher: entra.dispatcher,
    retry: { maxRetries: 0 },
  });
}

function trust(options: Partial<Parameters<typeof gcpFederatedCredential>[0]> = {}): void {
  const fic = gcpFederatedCredential({
    uniqueId: metadata.serviceAccount.uniqueId,
    issuer: metadata.issuer,
    ...options,
  });
  entra.addApplication({
    clientId,
    tenantId,
    federatedCredentials: [{ ...fic, audiences: [...fic.audiences] }],
  });
}

beforeAll(async () => {
  entra = await startEntraEmulator();
  metadata = await startGcpMetadataEmulator({ ca: entra.ca });
});
afterAll(async () => {
  await Promise.all([entra.close(), metadata.close()]);
});

beforeEach(() => {
  entra.reset();
  metadata.reset();
  clientId = randomUUID();
  tenantId = randomUUID();
  logs = captureAzureLogs();
});

afterEach(() => {
  logs.restore();
  expectNoSecrets(logs.text(), metadata.issuedTokens);
});

describe("gcp → FederatedTokenCredential → Entra emulator, over HTTPS", () => {
  it("exchanges the metadata server's identity token for an access token", async () => {
    trust();
    const accessToken = await credential().getToken(SCOPE);
    const claims = await entra.verifyAccessToken(accessToken.token);
    expect(claims.tid).toBe(tenantId);

    const [request] = tokenRequests();
    expect(request?.status).toBe(200);
    expect(request?.assertionClaims?.sub).toBe(gcpSubject({ uniqueId: metadata.serviceAccount.uniqueId }));
    expect(request?.assertionClaims?.iss).toBe(metadata.issuer);
    expect(request?.assertionClaims?.aud).toBe("api://AzureADTokenExchange");
    expect(request?.assertionClaims?.jti).toBe(claimsOf(metadata.issuedTokens[0] ?? "").jti);
    expect(metadata.requests[0]).toMatchObject({
      audience: "api://AzureADTokenExchange",
      format: "full",
      flavor: "Google",
    });
  });

  it("asks the metadata server for the audience the FIC names", async () => {
    trust({ audience: "api://AzureADTokenExchangeUSGov" });
    const usgov = new FederatedTokenCredential({
      tenantId,
      clientId,
      assertion: gcp({ env: metadata.env() }),
      authorityHost: entra.url,
      audience: "api://AzureADTokenExchangeUSGov",
      dispatcher: entra.dispatcher,
    });
    await usgov.getToken(SCOPE);
    expect(metadata.requests[0]?.audience).toBe("api://AzureADTokenExchangeUSGov");
    expect(tokenRequests()[0]?.status).toBe(200);
  });

  it("survives a metadata server hiccup (retried 503) during the exchange", async () => {
    trust();
    metadata.failNext(1, { status: 503 });
    const provider = gcp({ env: metadata.env(), retry: { maxRetries: 2, baseDelayMs: 10 } });
    await credential(provider).getToken(SCOPE);
    expect(metadata.requests.map((request) => request.status)).toEqual([503, 200]);
  });

  it("explains a FIC that still names https://accounts.google.com while tokens come from elsewhere", async () => {
    trust({ issuer: "https://accounts.google.com" });
    const error = await rejectionOf(credential().getToken(SCOPE));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/AADSTS700211|AADSTS70021/);
    expectNoSecrets(exposedText(error), metadata.issuedTokens);
  });

  it("explains a FIC for another service account's unique ID", async () => {
    trust({ uniqueId: "100000000000000000001" });
    const error = await rejectionOf(credential().getToken(SCOPE));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/AADSTS700213|AADSTS70021/);
    expectNoSecrets(exposedText(error), metadata.issuedTokens);
  });

  it("reports a metadata answer without the flavor header through the credential, never showing the body", async () => {
    trust();
    metadata.failNext(1, { withoutFlavorHeader: true, body: "proxy-secret-page" });
    const error = await rejectionOf(credential().getToken(SCOPE));
    const shown = exposedText(error);
    expect(shown).toContain("without the Metadata-Flavor: Google response header");
    expect(shown).not.toContain("proxy-secret-page");
    expect(tokenRequests()).toHaveLength(0);
  });

  it("is unavailable to the credential when no metadata server answers", async () => {
    trust();
    const provider = gcp({ metadataHost: "127.0.0.1:1", probeTimeoutMs: 300 });
    const error = await rejectionOf(credential(provider).getToken(SCOPE));
    expect(error.name).toBe("CredentialUnavailableError");
    expect(error.message).toContain("no Google Cloud metadata server at http://127.0.0.1:1");
  });
});
