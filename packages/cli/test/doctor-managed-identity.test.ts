import { randomUUID } from "node:crypto";
import {
  type EntraEmulator,
  expectNoSecrets,
  type ManagedIdentityEmulator,
  startEntraEmulator,
  startManagedIdentityEmulator,
} from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runAzfed } from "./run-azfed";

// msal-node reads the identity endpoint from the process's environment (the emulated IMDS here).
const homeTenant = randomUUID();
const identity = { clientId: randomUUID(), principalId: randomUUID(), tenantId: homeTenant };
const appId = randomUUID();
let entra: EntraEmulator;
let endpoint: ManagedIdentityEmulator;

beforeAll(async () => {
  entra = await startEntraEmulator();
  endpoint = await startManagedIdentityEmulator({ entra, identities: [identity] });
  for (const name of ["IDENTITY_ENDPOINT", "IDENTITY_HEADER", "MSI_ENDPOINT", "IMDS_ENDPOINT"])
    vi.stubEnv(name, undefined);
  vi.stubEnv("AZURE_POD_IDENTITY_AUTHORITY_HOST", endpoint.imdsEnv().AZURE_POD_IDENTITY_AUTHORITY_HOST);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([entra.close(), endpoint.close()]);
});

const workerEnv = () => ({
  AZFED_PROVIDER: "managed-identity",
  AZFED_MANAGED_IDENTITY_CLIENT_ID: identity.clientId,
  AZURE_CLIENT_ID: appId,
  AZURE_TENANT_ID: homeTenant,
  AZURE_AUTHORITY_HOST: entra.url,
});

describe("azfed doctor with AZFED_PROVIDER=managed-identity", () => {
  it("names the managed identity the Entra-issued token came from, never printing it", async () => {
    const run = await runAzfed(["doctor"], { env: workerEnv(), ca: entra.ca });
    expect(run.stdout).toContain("managed-identity (chosen by AZFED_PROVIDER");
    expect(run.stdout).toMatch(new RegExp(`oid\\s+${identity.principalId}`));
    expect(run.stdout).toMatch(new RegExp(`azp\\s+${identity.clientId}`));
    expect(run.stdout).toMatch(new RegExp(`tid\\s+${homeTenant}`));
    expect(run.stdout).toContain(`managed identity with object (principal) id ${identity.principalId}`);
    expectNoSecrets([run.stdout, run.stderr], endpoint.issuedTokens);
  });

  it("explains Entra's refusal when the FIC names the identity's client id as subject", async () => {
    entra.addApplication({
      clientId: appId,
      tenantId: homeTenant,
      federatedCredentials: [
        {
          name: "mi-fic",
          issuer: entra.issuer(homeTenant),
          subject: identity.clientId,
          audiences: ["api://AzureADTokenExchange"],
        },
      ],
    });
    const run = await runAzfed(["doctor", "--exchange"], { env: workerEnv(), ca: entra.ca });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("700213");
    expect(run.stdout).toContain(`it must be its object (principal) id ${identity.principalId}`);
    expect(run.stdout).toContain(identity.principalId);
    expectNoSecrets([run.stdout, run.stderr], endpoint.issuedTokens);
  });
});
