import { randomUUID } from "node:crypto";
import { FederatedTokenCredential } from "@azfed/core";
import {
  type EntraEmulator,
  expectNoSecrets,
  expectNoSecretTrace,
  exposedText,
  type ManagedIdentityEmulator,
  rejectionOf,
  startEntraEmulator,
  startManagedIdentityEmulator,
} from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { managedIdentity, managedIdentityFederatedCredential } from "../src/index";
import { newIdentity } from "./helpers";

// msal-node picks the identity endpoint from process.env once per process: this file is App Service only.
const tenantId = randomUUID();
let entra: EntraEmulator;
let endpoint: ManagedIdentityEmulator;

beforeAll(async () => {
  entra = await startEntraEmulator();
  endpoint = await startManagedIdentityEmulator({ entra });
  for (const [name, value] of Object.entries(endpoint.appServiceEnv())) vi.stubEnv(name, value);
  vi.stubEnv("IDENTITY_SERVER_THUMBPRINT", undefined);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([entra.close(), endpoint.close()]);
});

describe("managedIdentity() on App Service (IDENTITY_ENDPOINT + IDENTITY_HEADER)", () => {
  it("detects the App Service endpoint and exchanges the identity's token", async () => {
    const identity = newIdentity(tenantId);
    endpoint.addIdentity(identity);
    const appId = randomUUID();
    const fic = managedIdentityFederatedCredential({ ...identity, issuer: entra.issuer(tenantId) });
    entra.addApplication({
      clientId: appId,
      tenantId,
      federatedCredentials: [{ ...fic, audiences: [...fic.audiences] }],
    });

    const provider = managedIdentity({ clientId: identity.clientId });
    expect(await provider.detect()).toMatchObject({
      available: true,
      reason: expect.stringContaining(
        "App Service identity endpoint (IDENTITY_ENDPOINT and IDENTITY_HEADER are set",
      ),
    });
    const credential = new FederatedTokenCredential({
      tenantId,
      clientId: appId,
      assertion: provider,
      authorityHost: entra.url,
      dispatcher: entra.dispatcher,
    });
    const token = await credential.getToken("https://vault.azure.net/.default");
    expect((await entra.verifyAccessToken(token.token)).appid).toBe(appId);
    expect(endpoint.requests).toEqual([
      expect.objectContaining({
        source: "app-service",
        apiVersion: "2019-08-01",
        resource: "api://AzureADTokenExchange",
        selector: { client_id: identity.clientId },
        status: 200,
      }),
    ]);
  });

  it("never shows IDENTITY_HEADER in an error", async () => {
    endpoint.failNext(1, {
      status: 500,
      body: JSON.stringify({ error_description: `header was ${endpoint.identityHeader}` }),
    });
    const provider = managedIdentity({ clientId: newIdentity(tenantId).clientId, retry: { maxRetries: 0 } });
    const error = await rejectionOf(provider.getAssertion({ audience: "api://AzureADTokenExchange" }));
    expect(error.message).toContain("answered 500");
    expectNoSecrets(exposedText(error), [endpoint.identityHeader]);
  });

  it("keeps no trace of IDENTITY_HEADER when a malformed header echoes the request (issue 20)", async () => {
    endpoint.failNext(1, { hostile: "malformed-header" });
    const provider = managedIdentity({ clientId: newIdentity(tenantId).clientId, retry: { maxRetries: 0 } });
    const error = await rejectionOf(provider.getAssertion({ audience: "api://AzureADTokenExchange" }));
    expectNoSecretTrace(error, [endpoint.identityHeader]);
  });
});
