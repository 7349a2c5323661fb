import { randomUUID } from "node:crypto";
import { FederatedTokenCredential } from "@azfed/core";
import {
  type CapturedAzureLogs,
  captureAzureLogs,
  type EmulatedManagedIdentity,
  type EntraEmulator,
  expectNoSecrets,
  type ManagedIdentityEmulator,
  startEntraEmulator,
  startManagedIdentityEmulator,
} from "@azfed/testing";
import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { managedIdentity, managedIdentityFederatedCredential } from "../src/index";
import { newIdentity } from "./helpers";

// msal-node picks the identity endpoint from process.env once per process (a static field), so
// this file is IMDS only; managed-identity-app-service.test.ts covers App Service.
export const SCOPE = "https://storage.azure.com/.default";
export const homeTenant = randomUUID();
export const customerTenant = randomUUID();
export const otherTenant = randomUUID();

export let entra: EntraEmulator;
export let endpoint: ManagedIdentityEmulator;
export let logs: CapturedAzureLogs;
export let identity: EmulatedManagedIdentity;
export let appId: string;

/**
 * Starts the Entra emulator and the IMDS endpoint for the file (IMDS named through
 * AZURE_POD_IDENTITY_AUTHORITY_HOST), gives each test a fresh identity and app id, captures the
 * Azure SDK logs and checks no issued token reached them. The `let`s above are live bindings.
 */
export function useImdsEndpoint(): void {
  beforeAll(async () => {
    for (const name of [
      "IDENTITY_ENDPOINT",
      "IDENTITY_HEADER",
      "MSI_ENDPOINT",
      "MSI_SECRET",
      "IMDS_ENDPOINT",
    ]) {
      vi.stubEnv(name, undefined);
    }
    entra = await startEntraEmulator();
    endpoint = await startManagedIdentityEmulator({ entra });
    vi.stubEnv("AZURE_POD_IDENTITY_AUTHORITY_HOST", endpoint.imdsEnv().AZURE_POD_IDENTITY_AUTHORITY_HOST);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await Promise.all([entra.close(), endpoint.close()]);
  });
  beforeEach(() => {
    entra.reset();
    endpoint.reset();
    identity = newIdentity(homeTenant);
    endpoint.addIdentity(identity);
    appId = randomUUID();
    logs = captureAzureLogs();
  });
  afterEach(() => {
    logs.restore();
    expectNoSecrets(logs.text(), endpoint.issuedTokens);
  });
}

/** Makes `identity` (what trust() and credentialIn() use) another identity, for the rest of the test. */
export function setIdentity(next: EmulatedManagedIdentity): void {
  identity = next;
}

/**
 * Registers the app `appId` trusting `identity` (fields of `fic` replaced): by default the
 * multi-tenant app of the home tenant, provisioned in the customer tenant; or a single-tenant app of
 * `registration.tenantId`.
 */
export function trust(
  fic: Partial<Parameters<typeof managedIdentityFederatedCredential>[0]> = {},
  registration: { readonly tenantId: string; readonly multiTenant: boolean } = {
    tenantId: homeTenant,
    multiTenant: true,
  },
): void {
  const credential = managedIdentityFederatedCredential({
    principalId: identity.principalId,
    tenantId: homeTenant,
    issuer: entra.issuer(homeTenant),
    ...fic,
  });
  entra.addApplication({
    clientId: appId,
    tenantId: registration.tenantId,
    ...(registration.multiTenant ? { multiTenant: true, provisionedIn: [customerTenant] } : {}),
    federatedCredentials: [{ ...credential, audiences: [...credential.audiences] }],
  });
}

export function credentialIn(
  tenantId: string,
  provider = managedIdentity({ clientId: identity.clientId, retry: { maxRetries: 0 } }),
  options: { audience?: string } = {},
): FederatedTokenCredential {
  return new FederatedTokenCredential({
    tenantId,
    clientId: appId,
    assertion: provider,
    authorityHost: entra.url,
    dispatcher: entra.dispatcher,
    retry: { maxRetries: 0 },
    ...options,
  });
}
