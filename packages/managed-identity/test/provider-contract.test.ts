import { randomUUID } from "node:crypto";
import {
  type EntraEmulator,
  type ManagedIdentityEmulator,
  providerContract,
  startEntraEmulator,
  startManagedIdentityEmulator,
} from "@azfed/testing";
import { afterAll, beforeAll, describe, it, vi } from "vitest";
import { MANAGED_IDENTITY_CLIENT_ID_ENV, managedIdentity } from "../src/index";

// The contract's "platform" is what the provider reads from its environment: the variable that names
// the identity. Managed identity is never guessed: detect is available exactly when an identity is
// named (and never probes the network), so "off the platform" is an environment naming none. The
// identity endpoint itself is msal-node's choice from process.env, once per process (here IMDS,
// emulated), so the contract's variants of the environment cannot remove it; the IMDS and App
// Service test files cover an absent or refusing endpoint.
const identity = { clientId: randomUUID(), principalId: randomUUID(), tenantId: randomUUID() };
let entra: EntraEmulator;
let endpoint: ManagedIdentityEmulator;

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
  endpoint = await startManagedIdentityEmulator({ entra, identities: [identity] });
  vi.stubEnv("AZURE_POD_IDENTITY_AUTHORITY_HOST", endpoint.imdsEnv().AZURE_POD_IDENTITY_AUTHORITY_HOST);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([entra?.close(), endpoint?.close()]);
});

describe("managedIdentity() keeps the provider contract", () => {
  for (const check of providerContract({
    name: "managed-identity",
    create: (env) => managedIdentity({ env, retry: { maxRetries: 0 }, timeoutMs: 5_000 }),
    platformEnv: () => ({ [MANAGED_IDENTITY_CLIENT_ID_ENV]: identity.clientId }),
    // A client id names the identity; it is not a secret. What the endpoint issued is.
    secretVariables: [],
    secrets: () => endpoint.issuedTokens,
  })) {
    it(check.name, check.run);
  }
});
