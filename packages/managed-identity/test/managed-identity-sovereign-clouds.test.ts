import { randomUUID } from "node:crypto";
import { AuthenticationError, FederatedTokenCredential, KNOWN_CLOUDS } from "@azfed/core";
import {
  type EntraEmulator,
  type ManagedIdentityEmulator,
  rejectionOf,
  startEntraEmulator,
  startManagedIdentityEmulator,
} from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { managedIdentity, managedIdentityFederatedCredential } from "../src/index";
import { newIdentity } from "./helpers";

// US Gov and China, end to end through the emulators: the authority host names the cloud, the
// provider asks the identity endpoint for that cloud's exchange audience, the FIC built for that cloud
// carries it, and Entra matches it. Facts from "Configure an application to trust a managed identity":
// audiences api://AzureADTokenExchange, …USGov, …China; another cloud's is not supported.
// https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity
// The issuer is the emulator's (its tokens carry it): the hosts per cloud are unit-tested with the builder.
const SCOPE = "https://storage.azure.com/.default";
const homeTenant = randomUUID();
const customerTenant = randomUUID();

let entra: EntraEmulator;
let endpoint: ManagedIdentityEmulator;
let toEmulator: EntraEmulator["dispatcher"];

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
  // The sovereign clouds' identity endpoints know their own exchange audience, not the public one.
  endpoint = await startManagedIdentityEmulator({
    entra,
    knownApiResources: [KNOWN_CLOUDS.usgov.exchangeAudience, KNOWN_CLOUDS.china.exchangeAudience],
  });
  vi.stubEnv("AZURE_POD_IDENTITY_AUTHORITY_HOST", endpoint.imdsEnv().AZURE_POD_IDENTITY_AUTHORITY_HOST);
  // A known cloud's authority host (login.microsoftonline.us, login.chinacloudapi.cn), its bytes sent
  // to the emulator over TLS, as a forward proxy would.
  toEmulator = entra.dispatcher.compose(
    (dispatch) => (options, handler) => dispatch({ ...options, origin: entra.url }, handler),
  );
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([entra?.close(), endpoint?.close()]);
});

/** A home-tenant multi-tenant app, provisioned in the customer's tenant, trusting `fic`. */
function registerApp(fic: ReturnType<typeof managedIdentityFederatedCredential>): string {
  const appId = randomUUID();
  entra.addApplication({
    clientId: appId,
    tenantId: homeTenant,
    multiTenant: true,
    provisionedIn: [customerTenant],
    federatedCredentials: [{ ...fic, audiences: [...fic.audiences] }],
  });
  return appId;
}

describe.each([
  ["usgov", "https://login.microsoftonline.us", "api://AzureADTokenExchangeUSGov"],
  ["china", "https://login.chinacloudapi.cn", "api://AzureADTokenExchangeChina"],
] as const)("a managed identity in the %s cloud", (cloud, authorityHost, audience) => {
  /** A credential for `appId` in the customer's tenant of this cloud, with the identity's token as its assertion. */
  const credentialFor = (appId: string, identityClientId: string): FederatedTokenCredential =>
    new FederatedTokenCredential({
      tenantId: customerTenant,
      clientId: appId,
      authorityHost,
      dispatcher: toEmulator,
      assertion: managedIdentity({ clientId: identityClientId, retry: { maxRetries: 0 } }),
      retry: { maxRetries: 0 },
    });

  it(`asks the identity endpoint for ${audience} and is matched by the FIC built for the cloud`, async () => {
    const identity = newIdentity(homeTenant);
    endpoint.addIdentity(identity);
    const fic = managedIdentityFederatedCredential({
      principalId: identity.principalId,
      tenantId: homeTenant,
      cloud,
      issuer: entra.issuer(homeTenant),
    });
    expect(fic.audiences).toEqual([audience]);
    const appId = registerApp(fic);
    const credential = credentialFor(appId, identity.clientId);
    const token = await credential.getToken(SCOPE);
    expect(await entra.verifyAccessToken(token.token)).toMatchObject({ tid: customerTenant, appid: appId });
    const asked = endpoint.requests.filter((request) => request.selector.client_id === identity.clientId);
    expect(asked.map((request) => [request.resource, request.status])).toEqual([[audience, 200]]);
    const exchange = entra.requests.find((request) => request.form.client_id === appId);
    expect(exchange?.assertionClaims).toMatchObject({
      aud: audience,
      sub: identity.principalId,
      tid: homeTenant,
    });
  });

  it("is refused with AADSTS700212 by a FIC with the public cloud's audience, and the diagnosis names the cloud", async () => {
    const identity = newIdentity(homeTenant);
    endpoint.addIdentity(identity);
    const appId = registerApp(
      managedIdentityFederatedCredential({
        principalId: identity.principalId,
        tenantId: homeTenant,
        audience: "api://AzureADTokenExchange",
        issuer: entra.issuer(homeTenant),
      }),
    );
    const credential = credentialFor(appId, identity.clientId);
    const error = await rejectionOf(credential.getToken(SCOPE));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).aadsts).toEqual([700212]);
    const label = cloud === "usgov" ? "US Gov" : "China";
    expect((error as AuthenticationError).diagnosis?.likelyCauses.join("\n")).toContain(
      `"${audience}" (the ${label} cloud's exchange audience)`,
    );
  });
});
