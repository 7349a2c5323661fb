import { randomUUID } from "node:crypto";
import {
  AssertionFetchError,
  AuthenticationError,
  CredentialUnavailableError,
  KNOWN_CLOUDS,
} from "@azfed/core";
import { rejectionOf } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { managedIdentity } from "../src/index";
import { newIdentity } from "./helpers";
import {
  appId,
  credentialIn,
  customerTenant,
  endpoint,
  entra,
  homeTenant,
  identity,
  otherTenant,
  SCOPE,
  setIdentity,
  trust,
  useImdsEndpoint,
} from "./managed-identity-imds-endpoint";

useImdsEndpoint();

describe("managedIdentity() through IMDS → FederatedTokenCredential → Entra emulator", () => {
  it("acts as the home tenant's app in the customer tenant with the identity's token as the assertion", async () => {
    trust();
    const token = await credentialIn(customerTenant).getToken(SCOPE);
    const claims = await entra.verifyAccessToken(token.token);
    expect(claims).toMatchObject({ tid: customerTenant, appid: appId, aud: "https://storage.azure.com" });

    expect(endpoint.requests).toEqual([
      expect.objectContaining({
        source: "imds",
        apiVersion: "2018-02-01",
        resource: "api://AzureADTokenExchange",
        selector: { client_id: identity.clientId },
        status: 200,
      }),
    ]);
    const exchange = entra.requests.find((request) => request.endpoint === "token");
    expect(exchange?.assertionClaims).toMatchObject({
      iss: entra.issuer(homeTenant),
      sub: identity.principalId,
      oid: identity.principalId,
      azp: identity.clientId,
      tid: homeTenant,
      aud: "api://AzureADTokenExchange",
    });
  });

  it("names the identity by AZFED_MANAGED_IDENTITY_CLIENT_ID, by object id or by resource id", async () => {
    trust();
    const first = identity;
    const fromEnv = managedIdentity({ env: { AZFED_MANAGED_IDENTITY_CLIENT_ID: first.clientId } });
    await credentialIn(customerTenant, fromEnv).getToken(SCOPE);

    const byObjectId = newIdentity(homeTenant);
    const byResourceId = {
      ...newIdentity(homeTenant),
      resourceId: `/subscriptions/${randomUUID()}/resourceGroups/saas/providers/Microsoft.ManagedIdentity/userAssignedIdentities/worker`,
    };
    endpoint.addIdentity(byObjectId);
    endpoint.addIdentity(byResourceId);
    for (const [other, provider] of [
      [byObjectId, managedIdentity({ objectId: byObjectId.principalId })],
      [byResourceId, managedIdentity({ resourceId: byResourceId.resourceId })],
    ] as const) {
      setIdentity(other);
      trust();
      await credentialIn(customerTenant, provider).getToken(SCOPE);
    }
    expect(endpoint.requests.map((request) => request.selector)).toEqual([
      { client_id: first.clientId },
      { object_id: byObjectId.principalId },
      { msi_res_id: byResourceId.resourceId },
    ]);
    expect(endpoint.requests.every((request) => request.status === 200)).toBe(true);
  });

  it("is refused with AADSTS700016 in a tenant where the app is not provisioned", async () => {
    trust();
    const error = await rejectionOf(credentialIn(otherTenant).getToken(SCOPE));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).aadsts).toContain(700016);
  });

  it("is refused with AADSTS700016 in the customer's tenant when the app is single-tenant, and says it must be multi-tenant", async () => {
    trust({}, { tenantId: homeTenant, multiTenant: false });
    const error = await rejectionOf(credentialIn(customerTenant).getToken(SCOPE));
    expect((error as AuthenticationError).aadsts).toEqual([700016]);
    expect((error as AuthenticationError).diagnosis?.likelyCauses.join("\n")).toContain(
      `the app must be multi-tenant (signInAudience AzureADMultipleOrgs) and provisioned in ${customerTenant}`,
    );
    // The same app in its home tenant is fine.
    await credentialIn(homeTenant).getToken(SCOPE);
  });

  it("is refused with AADSTS700236 when the app is registered in another tenant than the identity, and says where it belongs", async () => {
    // The symmetrical-looking mistake: an app of the customer's tenant trusting the home tenant's identity.
    trust({}, { tenantId: customerTenant, multiTenant: false });
    const error = await rejectionOf(credentialIn(customerTenant).getToken(SCOPE));
    expect(error).toBeInstanceOf(AuthenticationError);
    const refusal = error as AuthenticationError;
    expect(refusal.aadsts).toEqual([700236]);
    expect(refusal.diagnosis?.summary).toContain(`issued by tenant ${homeTenant}`);
    expect(refusal.diagnosis?.fix.join("\n")).toContain(
      `multi-tenant app registration of the identity's home tenant ${homeTenant}`,
    );
    expect(refusal.diagnosis?.fix.join("\n")).toContain(`Provision that app in tenant ${customerTenant}`);
  });

  it("is refused with AADSTS700213 when the FIC's subject is the identity's client id", async () => {
    trust({ principalId: identity.clientId });
    const error = await rejectionOf(credentialIn(customerTenant).getToken(SCOPE));
    expect((error as AuthenticationError).aadsts).toContain(700213);
    const diagnosis = (error as AuthenticationError).diagnosis;
    expect(diagnosis?.likelyCauses.join("\n")).toContain(
      `the credential's subject is the identity's client id (${identity.clientId}); it must be its object (principal) id ${identity.principalId}`,
    );
    expect(diagnosis?.commands?.join("\n")).not.toContain("az identity federated-credential");
  });

  it("asks for the audience the credential names, and says which resource the cloud does not know", async () => {
    trust();
    const error = await rejectionOf(
      credentialIn(customerTenant, undefined, { audience: KNOWN_CLOUDS.usgov.exchangeAudience }).getToken(
        SCOPE,
      ),
    );
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect((error as AssertionFetchError).statusCode).toBe(400);
    expect(error.message).toContain("AADSTS500011");
    expect(error.message).toContain("api://AzureADTokenExchangeUSGov");
    expect(endpoint.requests[0]?.resource).toBe("api://AzureADTokenExchangeUSGov");
  });

  it("says which identity is not assigned to the resource", async () => {
    trust();
    const unassigned = randomUUID();
    const error = await rejectionOf(
      credentialIn(customerTenant, managedIdentity({ clientId: unassigned })).getToken(SCOPE),
    );
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error.message).toContain(`client id ${unassigned} is not assigned`);
    expect(error.message).toContain("IMDS");
  });

  it("retries a 503 from IMDS within its retry budget", async () => {
    trust();
    endpoint.failNext(1, { status: 503, body: "{}" });
    const provider = managedIdentity({
      clientId: identity.clientId,
      retry: { maxRetries: 2, baseDelayMs: 10 },
    });
    await credentialIn(customerTenant, provider).getToken(SCOPE);
    expect(endpoint.requests.map((request) => request.status)).toEqual([503, 200]);
  });

  it("is unavailable (ChainedTokenCredential moves on) when nothing answers", async () => {
    trust();
    endpoint.failNext(1, { drop: true });
    const error = await rejectionOf(credentialIn(customerTenant).getToken(SCOPE));
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.name).toBe("CredentialUnavailableError");
    expect(error.message).toMatch(/IMDS .*could not be reached/);
  });

  it("is unavailable, saying what to set, when no identity is named", async () => {
    const error = await rejectionOf(
      credentialIn(customerTenant, managedIdentity({ env: {} })).getToken(SCOPE),
    );
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toContain("AZFED_MANAGED_IDENTITY_CLIENT_ID");
    expect(endpoint.count()).toBe(0);
  });
});
