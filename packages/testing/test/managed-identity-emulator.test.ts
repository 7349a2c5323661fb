import { randomUUID } from "node:crypto";
import { decodeJwt } from "jose";
import { fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type EntraEmulator,
  InvalidEmulatorOptionError,
  type ManagedIdentityEmulator,
  startEntraEmulator,
  startManagedIdentityEmulator,
} from "../src/index";

const tenantId = randomUUID();
const identity = { clientId: randomUUID(), principalId: randomUUID(), tenantId };
const resource = "api://AzureADTokenExchange";
let entra: EntraEmulator;
let endpoint: ManagedIdentityEmulator;

beforeAll(async () => {
  entra = await startEntraEmulator();
  endpoint = await startManagedIdentityEmulator({ entra, identities: [identity] });
});
afterAll(async () => {
  await Promise.all([entra.close(), endpoint.close()]);
});

async function imds(query: Record<string, string>, headers: Record<string, string> = { metadata: "true" }) {
  const url = `${endpoint.url}/metadata/identity/oauth2/token?${new URLSearchParams({ "api-version": "2018-02-01", ...query })}`;
  const response = await fetch(url, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

describe("startManagedIdentityEmulator", () => {
  it("issues a token shaped like Entra's for a managed identity, with IMDS's answer fields", async () => {
    const { status, body } = await imds({ resource, client_id: identity.clientId });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      token_type: "Bearer",
      resource,
      client_id: identity.clientId,
      expires_in: "86399",
    });
    expect(decodeJwt(body.access_token ?? "")).toMatchObject({
      iss: entra.issuer(tenantId),
      sub: identity.principalId,
      oid: identity.principalId,
      azp: identity.clientId,
      tid: tenantId,
      aud: resource,
      ver: "2.0",
    });
  });

  it("answers 400 without the Metadata header, for an unknown identity and for another cloud's audience", async () => {
    expect((await imds({ resource }, {})).body.error_description).toBe(
      "Required metadata header not specified",
    );
    expect((await imds({ resource, client_id: randomUUID() })).body.error_description).toBe(
      "Identity not found",
    );
    const otherCloud = await imds({ resource: "api://AzureADTokenExchangeChina" });
    expect(otherCloud.status).toBe(400);
    expect(otherCloud.body.error_description).toMatch(/^AADSTS500011:/);
  });

  it("requires App Service's secret header", async () => {
    const { IDENTITY_ENDPOINT, IDENTITY_HEADER } = endpoint.appServiceEnv();
    const url = `${IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=${encodeURIComponent(resource)}`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { "x-identity-header": IDENTITY_HEADER } })).status).toBe(200);
    expect(endpoint.requests.every((request) => !JSON.stringify(request).includes(IDENTITY_HEADER))).toBe(
      true,
    );
  });

  it("refuses to guess between several identities when none is named", async () => {
    endpoint.addIdentity({ clientId: randomUUID(), principalId: randomUUID(), tenantId });
    const { status, body } = await imds({ resource });
    expect(status).toBe(400);
    expect(body.error_description).toContain("Multiple user assigned identities");
  });

  it("refuses identities whose ids are not GUIDs", () => {
    expect(() => endpoint.addIdentity({ ...identity, principalId: "worker" })).toThrow(
      InvalidEmulatorOptionError,
    );
  });
});

describe("Entra emulator: an app provisioned in some tenants only", () => {
  it("refuses provisionedIn on an app that is not multi-tenant", () => {
    expect(() =>
      entra.addApplication({ clientId: randomUUID(), tenantId, provisionedIn: [randomUUID()] }),
    ).toThrow(/provisionedIn/);
  });
});

describe("Entra emulator: a managed identity's token for an app of another tenant", () => {
  async function exchange(appTenant: string, subject: string) {
    const appId = randomUUID();
    entra.addApplication({
      clientId: appId,
      tenantId: appTenant,
      federatedCredentials: [
        { name: "worker", issuer: entra.issuer(tenantId), subject, audiences: [resource] },
      ],
    });
    const response = await fetch(`${entra.url}/${appTenant}/oauth2/v2.0/token`, {
      method: "POST",
      dispatcher: entra.dispatcher,
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: appId,
        scope: "https://storage.azure.com/.default",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: await entra.issueManagedIdentityToken(identity, resource),
      }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it("is refused with AADSTS700236 once the credential matched, as Entra refuses it; the same tenant's app is not", async () => {
    const otherTenant = randomUUID();
    const refused = await exchange(otherTenant, identity.principalId);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: "invalid_client", error_codes: [700236] });
    expect(String(refused.body.error_description)).toMatch(
      new RegExp(
        `^AADSTS700236: Entra ID tokens issued by issuer '${entra.issuer(tenantId).replace(/[.]/g, "\\.")}' may not be used for federated identity credential flows for applications or managed identities registered in this tenant\\.`,
      ),
    );
    // A credential that does not match is reported first.
    expect((await exchange(otherTenant, identity.clientId)).body.error_codes).toEqual([700213]);
    expect((await exchange(tenantId, identity.principalId)).status).toBe(200);
  });
});
