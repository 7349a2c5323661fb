import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FederatedTokenCredential } from "../src/credential/federated-token-credential";
import { CredentialUnavailableError } from "../src/errors/credential-unavailable-error";
import type { AssertionProvider } from "../src/provider/assertion-provider";
import { type Federation, PUBLIC_AUDIENCE, SCOPE, SUBJECT, useFederation } from "./federation-fixture";

let federation: Federation;

useFederation((started) => {
  federation = started;
});
beforeEach(() => {
  federation.minted.length = 0;
  federation.contexts.length = 0;
  federation.claims = {};
  federation.mintOptions = {};
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("FederatedTokenCredential against the Entra emulator", () => {
  it("exchanges a fresh assertion for an access token Entra issued", async () => {
    const before = Date.now();
    const token = await federation.credential().getToken(SCOPE);

    const claims = await federation.entra.verifyAccessToken(token.token);
    expect(claims.aud).toBe("https://management.azure.com");
    expect(claims.iss).toBe(`https://sts.windows.net/${federation.tenantId}/`);
    expect(claims.appid ?? claims.azp).toBe(federation.clientId);
    expect(token.tokenType).toBe("Bearer");
    // The emulator issues tokens for 3599 s; half of that is the refresh point.
    expect(token.expiresOnTimestamp).toBeGreaterThanOrEqual(before + 3_590_000);
    expect(token.expiresOnTimestamp).toBeLessThanOrEqual(Date.now() + 3_600_000);
    expect(token.refreshAfterTimestamp - before).toBeGreaterThan(1_790_000);
    expect(token.refreshAfterTimestamp - before).toBeLessThan(1_810_000);

    const [tokenRequest] = federation.entra.requests.filter((request) => request.endpoint === "token");
    expect(tokenRequest?.path).toMatch(new RegExp(`^/${federation.tenantId}/oauth2/v2.0/token`));
    expect(tokenRequest?.form).toMatchObject({
      grant_type: "client_credentials",
      client_id: federation.clientId,
      scope: SCOPE,
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    });
    expect(tokenRequest?.assertionClaims?.sub).toBe(SUBJECT);
    expect(federation.minted).toHaveLength(1);
  });

  it("asks the provider for the public exchange audience on a custom authority host, with an abort signal", async () => {
    await federation.credential().getToken(SCOPE);
    expect(federation.contexts).toHaveLength(1);
    expect(federation.contexts[0]?.audience).toBe(PUBLIC_AUDIENCE);
    expect(federation.contexts[0]?.signal).toBeInstanceOf(AbortSignal);
  });

  it("discovers a custom authority host once per credential", async () => {
    const credential = federation.credential();
    await credential.getToken(SCOPE);
    await credential.getToken("https://vault.azure.net/.default");
    await credential.getToken("https://storage.azure.com/.default");
    expect(federation.entra.count("instance-discovery")).toBe(1);
    expect(federation.entra.count("openid-configuration")).toBe(1);
    expect(federation.entra.count("token")).toBe(3);
  });

  it("skips instance discovery with disableInstanceDiscovery", async () => {
    const token = await federation.credential({ disableInstanceDiscovery: true }).getToken(SCOPE);
    expect(token.token).toBeTruthy();
    expect(federation.entra.count("instance-discovery")).toBe(0);
    expect(federation.entra.count("openid-configuration")).toBe(1);
    expect(federation.entra.count("token")).toBe(1);
  });

  it("serves a cached token without I/O, whatever the order of the scopes", async () => {
    const credential = federation.credential();
    // MSAL drops the OIDC scopes from an app-token request, so Entra sees one .default scope.
    const scopes = ["https://storage.azure.com/.default", "openid"];
    const first = await credential.getToken(scopes);
    federation.entra.failNext(10, { drop: true }); // any request now would fail
    const second = await credential.getToken([...scopes].reverse());
    const third = await credential.getToken(scopes);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(federation.entra.count("token")).toBe(1);
    expect(federation.minted).toHaveLength(1);
  });

  it("keeps separate cache entries per scopes", async () => {
    const credential = federation.credential();
    const management = await credential.getToken(SCOPE);
    const vault = await credential.getToken("https://vault.azure.net/.default");
    expect(vault.token).not.toBe(management.token);
    expect((await federation.entra.verifyAccessToken(vault.token)).aud).toBe("https://vault.azure.net");
    expect(federation.entra.count("token")).toBe(2);
    expect(federation.minted).toHaveLength(2); // a fresh assertion for each exchange
  });

  it("shares one exchange between 1000 concurrent cold calls: one assertion, one token request", async () => {
    federation.entra.setLatency(50);
    const credential = federation.credential();
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => credential.getToken(SCOPE)));
    expect(new Set(tokens.map((token) => token.token)).size).toBe(1);
    expect(federation.minted).toHaveLength(1);
    expect(federation.entra.count("token")).toBe(1);
  });

  it("reads AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_AUTHORITY_HOST (trailing slash and all)", async () => {
    vi.stubEnv("AZURE_TENANT_ID", federation.tenantId);
    vi.stubEnv("AZURE_CLIENT_ID", federation.clientId);
    vi.stubEnv("AZURE_AUTHORITY_HOST", `${federation.entra.url}/`);
    const credential = new FederatedTokenCredential({
      assertion: (ctx) => federation.assertion(ctx),
      dispatcher: federation.entra.dispatcher,
    });
    const token = await credential.getToken(SCOPE);
    expect((await federation.entra.verifyAccessToken(token.token)).tid).toBe(federation.tenantId);
  });

  it("takes tenant and client ids from the provider's detection when neither option nor variable gives them", async () => {
    vi.stubEnv("AZURE_TENANT_ID", "");
    vi.stubEnv("AZURE_CLIENT_ID", "");
    const detect = vi.fn(() => ({
      available: true as const,
      tenantId: federation.tenantId,
      clientId: federation.clientId,
    }));
    const provider: AssertionProvider = {
      name: "pipelines-like",
      detect,
      getAssertion: (ctx) => federation.assertion(ctx),
    };
    const credential = new FederatedTokenCredential({
      assertion: provider,
      authorityHost: federation.entra.url,
      dispatcher: federation.entra.dispatcher,
    });
    await Promise.all([credential.getToken(SCOPE), credential.getToken(SCOPE)]);
    await credential.getToken("https://vault.azure.net/.default");
    expect(detect).toHaveBeenCalledTimes(1);
    expect(federation.entra.requests.find((request) => request.endpoint === "token")?.form.client_id).toBe(
      federation.clientId,
    );
  });

  it("throws CredentialUnavailableError with the provider's reason when its platform is absent", async () => {
    const provider: AssertionProvider = {
      name: "github-actions",
      detect: () => ({
        available: false,
        reason: "ACTIONS_ID_TOKEN_REQUEST_URL is not set: add `permissions: id-token: write`",
      }),
      getAssertion: (ctx) => federation.assertion(ctx),
    };
    const credential = federation.credential({ assertion: provider });
    const error = await credential.getToken(SCOPE).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect((error as Error).name).toBe("CredentialUnavailableError");
    expect((error as Error).message).toContain("github-actions");
    expect((error as Error).message).toContain("permissions: id-token: write");
    expect(federation.minted).toHaveLength(0);
    expect(federation.entra.count("token")).toBe(0);
  });
});
