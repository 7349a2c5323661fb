import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { managedIdentityFederatedCredential } from "@azfed/managed-identity";
import {
  blobServiceClientTrusting,
  captureAzureLogs,
  type EntraEmulator,
  expectNoSecrets,
  type ManagedIdentityEmulator,
  type RunningAzurite,
  startAzurite,
  startEntraEmulator,
  startManagedIdentityEmulator,
  type TestCertificateAuthority,
  testCertificateAuthority,
} from "@azfed/testing";
import * as storageBlob from "@azure/storage-blob";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DefaultFederatedCredential } from "../src/index";
import { closedLoopbackHost, withLoopbackGcp } from "./support";

// msal-node reads the identity endpoint from process.env (once per process): IMDS, emulated.
const PACKAGE_DIRECTORY = fileURLToPath(new URL("../", import.meta.url));
const STORAGE_SCOPE = "https://storage.azure.com/.default";
const homeTenant = randomUUID();
const customerTenant = randomUUID();
const identity = { clientId: randomUUID(), principalId: randomUUID(), tenantId: homeTenant };
const appId = randomUUID();

let ca: TestCertificateAuthority;
let entra: EntraEmulator;
let endpoint: ManagedIdentityEmulator;
let azurite: RunningAzurite;
let noMetadataHost: string;

beforeAll(async () => {
  ca = await testCertificateAuthority();
  [entra, azurite, noMetadataHost] = await Promise.all([
    startEntraEmulator({ ca }),
    startAzurite({ ca, resolveFrom: PACKAGE_DIRECTORY }),
    closedLoopbackHost(),
  ]);
  endpoint = await startManagedIdentityEmulator({ entra, identities: [identity] });
  for (const name of ["IDENTITY_ENDPOINT", "IDENTITY_HEADER", "MSI_ENDPOINT", "IMDS_ENDPOINT"]) {
    vi.stubEnv(name, undefined);
  }
  vi.stubEnv("AZURE_POD_IDENTITY_AUTHORITY_HOST", endpoint.imdsEnv().AZURE_POD_IDENTITY_AUTHORITY_HOST);
  const fic = managedIdentityFederatedCredential({ ...identity, issuer: entra.issuer(homeTenant) });
  entra.addApplication({
    clientId: appId,
    tenantId: homeTenant,
    multiTenant: true,
    provisionedIn: [customerTenant],
    federatedCredentials: [{ ...fic, audiences: [...fic.audiences] }],
  });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([entra?.close(), endpoint?.close(), azurite?.close()]);
});

/** What a SaaS worker in Azure sets: the provider, its identity, the app, the customer's tenant. */
function workerEnv(): NodeJS.ProcessEnv {
  return {
    AZFED_PROVIDER: "managed-identity",
    AZFED_MANAGED_IDENTITY_CLIENT_ID: identity.clientId,
    AZURE_CLIENT_ID: appId,
    AZURE_TENANT_ID: customerTenant,
    AZURE_AUTHORITY_HOST: entra.url,
  };
}

describe("DefaultFederatedCredential with an Azure managed identity", () => {
  it("home tenant's identity → the app's token in the customer's tenant → BlobServiceClient against Azurite", async () => {
    const logs = captureAzureLogs();
    const credential = new DefaultFederatedCredential({ env: workerEnv(), dispatcher: entra.dispatcher });
    const container = blobServiceClientTrusting(storageBlob, {
      ca,
      accountUrl: azurite.accountUrl,
      credential: credential,
    }).getContainerClient(`mi-${randomUUID().slice(0, 8)}`);
    await container.create();
    await container.getBlockBlobClient("invoice.txt").upload("paid", 4);
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat()) names.push(blob.name);
    logs.restore();

    expect(names).toEqual(["invoice.txt"]);
    expect(await credential.selection()).toMatchObject({
      chosenBy: "AZFED_PROVIDER",
      tenantId: customerTenant,
      clientId: appId,
      reason: expect.stringContaining(`client id ${identity.clientId}`),
    });
    const exchange = entra.requests.find((request) => request.endpoint === "token" && request.status === 200);
    expect(exchange?.path).toContain(`/${customerTenant}/`);
    expect(exchange?.assertionClaims).toMatchObject({
      iss: entra.issuer(homeTenant),
      sub: identity.principalId,
    });
    expect(endpoint.requests.at(-1)?.resource).toBe("api://AzureADTokenExchange");
    expectNoSecrets(logs.text(), endpoint.issuedTokens);
  });

  it("is never chosen by detection, even where an identity endpoint answers", async () => {
    const { AZFED_PROVIDER: _named, ...unnamed } = workerEnv();
    const credential = new DefaultFederatedCredential({
      env: unnamed,
      providers: withLoopbackGcp(noMetadataHost),
      dispatcher: entra.dispatcher,
    });
    const before = endpoint.count();
    await expect(credential.getToken(STORAGE_SCOPE)).rejects.toMatchObject({
      name: "CredentialUnavailableError",
      message: expect.not.stringContaining("managed-identity"),
    });
    expect(endpoint.count()).toBe(before);
  });

  it("says what is missing when AZFED_PROVIDER names it without an identity", async () => {
    const { AZFED_MANAGED_IDENTITY_CLIENT_ID: _id, ...noIdentity } = workerEnv();
    const credential = new DefaultFederatedCredential({ env: noIdentity, dispatcher: entra.dispatcher });
    await expect(credential.getToken(STORAGE_SCOPE)).rejects.toMatchObject({
      name: "CredentialUnavailableError",
      message: expect.stringContaining('AZFED_PROVIDER selects "managed-identity"'),
    });
    await expect(credential.getToken(STORAGE_SCOPE)).rejects.toThrow(/AZFED_MANAGED_IDENTITY_CLIENT_ID/);
  });

  it("asks for the cloud's own exchange audience in US Gov (passed through detection)", async () => {
    const credential = new DefaultFederatedCredential({
      env: { ...workerEnv(), AZURE_AUTHORITY_HOST: "https://login.microsoftonline.us" },
      retry: { maxRetries: 0 },
    });
    // The emulated IMDS knows only the public cloud's audience, so the request shows what was asked.
    await expect(credential.getToken(STORAGE_SCOPE)).rejects.toThrow(/AADSTS500011/);
    expect(endpoint.requests.at(-1)?.resource).toBe("api://AzureADTokenExchangeUSGov");
  });
});
