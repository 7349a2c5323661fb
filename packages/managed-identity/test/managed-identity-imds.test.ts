import { randomUUID } from "node:crypto";
import {
  AssertionFetchError,
  AuthenticationError,
  CredentialUnavailableError,
  FederatedTokenCredential,
  KNOWN_CLOUDS,
} from "@azfed/core";
import {
  type CapturedAzureLogs,
  captureAzureLogs,
  type EmulatedManagedIdentity,
  type EntraEmulator,
  expectNoSecrets,
  exposedText,
  type ManagedIdentityEmulator,
  providerContract,
  rejectionOf,
  startEntraEmulator,
  startManagedIdentityEmulator,
} from "@azfed/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  MANAGED_IDENTITY_CLIENT_ID_ENV,
  managedIdentity,
  managedIdentityFederatedCredential,
} from "../src/index";
import { newIdentity } from "./helpers";

// msal-node picks the identity endpoint from process.env once per process (a static field), so
// this file is IMDS only; managed-identity-app-service.test.ts covers App Service.
const SCOPE = "https://storage.azure.com/.default";
const homeTenant = randomUUID();
const customerTenant = randomUUID();
const otherTenant = randomUUID();

let entra: EntraEmulator;
let endpoint: ManagedIdentityEmulator;
let logs: CapturedAzureLogs;
let identity: EmulatedManagedIdentity;
let appId: string;

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

/**
 * Registers the app `appId` trusting `identity` (fields of `fic` replaced): by default the
 * multi-tenant app of the home tenant, provisioned in the customer tenant; or a single-tenant app of
 * `registration.tenantId`.
 */
function trust(
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

function credentialIn(
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
      identity = other;
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

describe("hostile answers from the identity endpoint", () => {
  const leaked = `${"eyJhbGciOiJSUzI1NiJ9"}.${Buffer.from('{"iss":"https://evil.example","sub":"secret","aud":"api://other"}').toString("base64url")}.c2lnbmF0dXJl`;

  it.each([
    [
      "an error quoting a token",
      { status: 500, body: JSON.stringify({ error: "x", error_description: `bad ${leaked}` }) },
    ],
    [
      "a 400 whose description is 1 MB",
      { status: 400, body: JSON.stringify({ error_description: `${leaked} ${"A".repeat(1_000_000)}` }) },
    ],
    ["HTML", { status: 502, body: `<html>${leaked}</html>` }],
  ])("%s: a bounded error without the token", async (_what, fault) => {
    trust();
    endpoint.failNext(1, fault);
    const error = await rejectionOf(credentialIn(customerTenant).getToken(SCOPE));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error.message.length).toBeLessThan(1_000);
    expectNoSecrets(exposedText(error), [leaked]);
  });

  it.each([
    [
      "a token that is not a JWT",
      {
        access_token: "not-a-jwt",
        expires_on: "9999999999",
        resource: "api://AzureADTokenExchange",
        token_type: "Bearer",
      },
      "not a JWT",
    ],
    [
      "a 40 000-character token",
      {
        access_token: `${"a".repeat(20_000)}.${"b".repeat(20_000)}.c`,
        expires_on: "9999999999",
        resource: "api://AzureADTokenExchange",
        token_type: "Bearer",
      },
      "40003 characters",
    ],
    [
      "a token for another audience",
      {
        access_token: leaked,
        expires_on: "9999999999",
        resource: "api://AzureADTokenExchange",
        token_type: "Bearer",
      },
      "not for api://AzureADTokenExchange",
    ],
  ])("200 with %s is refused before it reaches Entra, without the token", async (_what, body, says) => {
    trust();
    endpoint.failNext(1, { status: 200, body: JSON.stringify(body) });
    const error = await rejectionOf(credentialIn(customerTenant).getToken(SCOPE));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error.message).toContain(says);
    expect(entra.count("token")).toBe(0);
    expectNoSecrets(exposedText(error), [leaked]);
  });

  it("never puts the identity's token in an Entra refusal or a log line", async () => {
    trust({ principalId: identity.clientId });
    const error = await rejectionOf(credentialIn(customerTenant).getToken(SCOPE));
    expect(endpoint.issuedTokens).toHaveLength(1);
    expectNoSecrets([exposedText(error), logs.text()], endpoint.issuedTokens);
  });
});

it("gives no token to a caller that has aborted, not even one msal-node has cached", async () => {
  const provider = managedIdentity({ clientId: identity.clientId, retry: { maxRetries: 0 } });
  await provider.getAssertion({ audience: "api://AzureADTokenExchange" });
  const reason = new Error("the caller gave up");
  const error = await rejectionOf(
    provider.getAssertion({ audience: "api://AzureADTokenExchange", signal: AbortSignal.abort(reason) }),
  );
  expect(error).toBe(reason);
  expect(endpoint.requests).toHaveLength(1);
});

// The contract's "platform" is what the provider reads from its environment: the variable that names
// the identity. Managed identity is never guessed: detect is available exactly when an identity is
// named (and never probes the network), so "off the platform" is an environment naming none. The
// identity endpoint is msal-node's choice from process.env, once per process (this file's IMDS), so
// the contract's variants of the environment cannot remove it; the tests above cover an absent or
// refusing endpoint.
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

// Issue 20 finding 8 and "also seen": tokens were never checked for expiry (with expires_on=99999999999
// msal-node served the same token past its exp until restart), and a 50 MB answer was reported as an
// endpoint that "could not be reached".
describe("the identity's token is checked against its own exp", () => {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const expiredToken = (audience: string) =>
    `${part({ alg: "RS256", typ: "JWT" })}.${part({
      iss: "https://sts.windows.net/x/",
      sub: "s",
      aud: audience,
      exp: Math.floor(Date.now() / 1000) - 600,
    })}.c2lnbmF0dXJl`;
  const expiredAnswer = (audience: string) =>
    JSON.stringify({
      access_token: expiredToken(audience),
      expires_on: "99999999999",
      resource: audience,
      token_type: "Bearer",
    });
  const AUDIENCE = "api://AzureADTokenExchange";

  it("an expired token that msal-node would cache for good is asked for again, and the fresh one handed out", async () => {
    endpoint.failNext(1, { status: 200, body: expiredAnswer(AUDIENCE) });
    const provider = managedIdentity({ clientId: identity.clientId, retry: { maxRetries: 0 } });
    for (let call = 0; call < 2; call++) {
      const token = await provider.getAssertion({ audience: AUDIENCE });
      const { exp } = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as {
        exp: number;
      };
      expect(exp * 1000).toBeGreaterThan(Date.now());
    }
    expect(endpoint.requests.map((request) => request.status)).toEqual([200, 200]);
  });

  it("an endpoint that only answers expired tokens is refused, saying so", async () => {
    endpoint.failNext(2, { status: 200, body: expiredAnswer(AUDIENCE) });
    const provider = managedIdentity({ clientId: identity.clientId, retry: { maxRetries: 0 } });
    const error = await rejectionOf(provider.getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error.message).toMatch(/a token that expired at .*Z/);
    expectNoSecrets(exposedText(error), [expiredToken(AUDIENCE).split(".")[2] ?? ""]);
  });

  it("a 50 MB answer is reported as too large, not as an endpoint that cannot be reached", async () => {
    endpoint.failNext(1, { hostile: "huge-body", bytes: 50 * 1024 * 1024 });
    const provider = managedIdentity({ clientId: identity.clientId, retry: { maxRetries: 0 } });
    const error = await rejectionOf(provider.getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error).not.toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toContain("1048576 bytes");
    expect(error.message).not.toContain("could not be reached");
  });
});
