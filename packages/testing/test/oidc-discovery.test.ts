import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  customFetch as joseCustomFetch,
  jwtVerify,
} from "jose";
import * as oauth from "oauth4webapi";
import { type Dispatcher, fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type EntraEmulator,
  InvalidEmulatorOptionError,
  type OidcIssuer,
  startEntraEmulator,
  startOidcIssuer,
  testCertificateAuthority,
} from "../src/index";

const tenantId = "4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b";
const clientId = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
const subject = "system:serviceaccount:payments:api";
const exchangeAudience = "api://AzureADTokenExchange";

/** fetch through the test CA's dispatcher, in the shape oauth4webapi's and jose's customFetch hooks take. */
function fetchWith(dispatcher: Dispatcher) {
  return ((url: string, init?: RequestInit) =>
    fetch(url, {
      ...(init as Parameters<typeof fetch>[1]),
      dispatcher,
    })) as unknown as typeof globalThis.fetch;
}

describe("discovery documents read by a real OIDC client (oauth4webapi)", () => {
  let issuers: OidcIssuer[];
  let entra: EntraEmulator;
  let trustedFetch: typeof globalThis.fetch;

  beforeAll(async () => {
    trustedFetch = fetchWith((await testCertificateAuthority()).dispatcher);
    issuers = await Promise.all([
      startOidcIssuer(),
      startOidcIssuer({ path: "/_services/token" }),
      startOidcIssuer({ path: "/tenant/cluster", trailingSlash: true }),
    ]);
    entra = await startEntraEmulator();
  });
  afterAll(async () => {
    await Promise.all([...issuers.map((issuer) => issuer.close()), entra.close()]);
  });

  it("reads each OIDC issuer's discovery document and checks its issuer", async () => {
    for (const issuer of issuers) {
      const issuerUrl = new URL(issuer.issuer);
      const response = await oauth.discoveryRequest(issuerUrl, { [oauth.customFetch]: trustedFetch });
      const metadata = await oauth.processDiscoveryResponse(issuerUrl, response);
      expect(metadata.issuer).toBe(issuer.issuer);
      expect(metadata.jwks_uri).toBe(issuer.jwksUri);
      expect(metadata.id_token_signing_alg_values_supported).toEqual(["RS256"]);
    }
    expect(issuers[2]?.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/tenant\/cluster\/$/);
  });

  it("reads the Entra emulator's tenant discovery document, shaped like Entra's", async () => {
    const issuerUrl = new URL(`${entra.url}/${tenantId}/v2.0`);
    const response = await oauth.discoveryRequest(issuerUrl, { [oauth.customFetch]: trustedFetch });
    const metadata = await oauth.processDiscoveryResponse(issuerUrl, response);
    expect(metadata).toMatchObject({
      issuer: `${entra.url}/${tenantId}/v2.0`,
      token_endpoint: `${entra.url}/${tenantId}/oauth2/v2.0/token`,
      authorization_endpoint: `${entra.url}/${tenantId}/oauth2/v2.0/authorize`,
      jwks_uri: `${entra.url}/${tenantId}/discovery/v2.0/keys`,
      token_endpoint_auth_methods_supported: expect.arrayContaining(["private_key_jwt"]),
    });
    expect(entra.count("openid-configuration")).toBe(1);
  });

  it("uses Entra's {tenantid} template for the common authority", async () => {
    const response = await fetch(`${entra.url}/common/v2.0/.well-known/openid-configuration`, {
      dispatcher: entra.dispatcher,
    });
    const metadata = (await response.json()) as Record<string, string>;
    expect(metadata.issuer).toBe(`${entra.url}/{tenantid}/v2.0`);
    expect(metadata.token_endpoint).toBe(`${entra.url}/{tenantid}/oauth2/v2.0/token`);
  });

  it("answers instance discovery for its own host and refuses other instances (AADSTS50049)", async () => {
    const authorize = encodeURIComponent(`${entra.url}/${tenantId}/oauth2/v2.0/authorize`);
    const known = await fetch(
      `${entra.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=${authorize}`,
      {
        dispatcher: entra.dispatcher,
      },
    );
    const host = new URL(entra.url).host;
    expect(await known.json()).toEqual({
      tenant_discovery_endpoint: `${entra.url}/${tenantId}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [
        {
          preferred_network: host,
          preferred_cache: host,
          aliases: [host, `localhost:${new URL(entra.url).port}`],
        },
      ],
    });
    const other = encodeURIComponent("https://login.contoso.example/tenant/oauth2/v2.0/authorize");
    const unknown = await fetch(
      `${entra.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=${other}`,
      {
        dispatcher: entra.dispatcher,
      },
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: "invalid_instance", error_codes: [50049] });
    expect(entra.count("instance-discovery")).toBe(2);
  });
});

describe("tokens verified with jose against the published keys", () => {
  let issuer: OidcIssuer;
  let entra: EntraEmulator;
  let trustedFetch: typeof globalThis.fetch;

  beforeAll(async () => {
    issuer = await startOidcIssuer({ path: "/issuer" });
    entra = await startEntraEmulator({
      applications: [
        {
          clientId,
          tenantId,
          federatedCredentials: [
            { name: "payments", issuer: issuer.issuer, subject, audiences: [exchangeAudience] },
          ],
        },
      ],
    });
    trustedFetch = fetchWith(entra.dispatcher);
  });
  afterAll(async () => {
    await entra.close();
    await issuer.close();
  });

  it("verifies an emulator access token against the emulator's JWKS (jwks_uri from discovery)", async () => {
    const discovery = (await (
      await fetch(`${entra.url}/${tenantId}/v2.0/.well-known/openid-configuration`, {
        dispatcher: entra.dispatcher,
      })
    ).json()) as { jwks_uri: string };
    const tokenResponse = await fetch(`${entra.url}/${tenantId}/oauth2/v2.0/token`, {
      method: "POST",
      dispatcher: entra.dispatcher,
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: clientId,
        scope: "https://vault.azure.net/.default",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: await issuer.mint({ sub: subject, aud: exchangeAudience }),
      }),
    });
    const { access_token } = (await tokenResponse.json()) as { access_token: string };
    const keys = createRemoteJWKSet(new URL(discovery.jwks_uri), { [joseCustomFetch]: trustedFetch });
    const { payload, protectedHeader } = await jwtVerify(access_token, keys, {
      issuer: `https://sts.windows.net/${tenantId}/`,
      audience: "https://vault.azure.net",
      algorithms: ["RS256"],
    });
    expect(payload).toMatchObject({ appid: clientId, tid: tenantId, appidacr: "2" });
    expect(protectedHeader).toMatchObject({ typ: "JWT", alg: "RS256" });
    expect(protectedHeader.kid).toBe(protectedHeader.x5t);
    expect(entra.count("keys")).toBe(1);

    const tampered = `${access_token.slice(0, -4)}AAAA`;
    await expect(jwtVerify(tampered, keys)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
    await expect(entra.verifyAccessToken(tampered)).rejects.toThrow();
  });

  it("mints issuer tokens that jose verifies, with the asked lifetime, expiry and key", async () => {
    const keys = createRemoteJWKSet(new URL(issuer.jwksUri), { [joseCustomFetch]: trustedFetch });
    const token = await issuer.mint(
      { sub: subject, aud: exchangeAudience, custom: "claim" },
      { lifetimeSeconds: 3600 },
    );
    const { payload } = await jwtVerify(token, keys, { issuer: issuer.issuer, audience: exchangeAudience });
    expect(payload).toMatchObject({ sub: subject, custom: "claim" });
    expect((payload.exp as number) - (payload.iat as number)).toBe(3600);
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);

    await expect(
      jwtVerify(await issuer.mint({ sub: subject }, { expired: true }), keys),
    ).rejects.toBeInstanceOf(errors.JWTExpired);
    await expect(jwtVerify(await issuer.mint({ sub: subject }, { notYetValid: true }), keys)).rejects.toThrow(
      /"nbf" claim timestamp check failed/,
    );
    const wrong = await issuer.mint({ sub: subject }, { wrongKey: true });
    expect(decodeProtectedHeader(wrong).kid).toBe(decodeProtectedHeader(token).kid);
    await expect(jwtVerify(wrong, keys)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
    expect(decodeProtectedHeader(await issuer.mint({}, { kid: "other" })).kid).toBe("other");
  });

  it("rotates keys: the old key stays published until dropOldKeys()", async () => {
    const rotating = await startOidcIssuer({ path: "/rotating" });
    try {
      const jwks = async () =>
        (
          (await (await fetch(rotating.jwksUri, { dispatcher: entra.dispatcher })).json()) as {
            keys: { kid: string }[];
          }
        ).keys.map((key) => key.kid);
      const oldKid = decodeProtectedHeader(await rotating.mint({})).kid;
      await rotating.rotateKeys();
      const newKid = decodeProtectedHeader(await rotating.mint({})).kid;
      expect(newKid).not.toBe(oldKid);
      expect(await jwks()).toEqual([oldKid, newKid]);
      rotating.dropOldKeys();
      expect(await jwks()).toEqual([newKid]);
    } finally {
      await rotating.close();
    }
  });

  it("refuses a bad issuer path or lifetime with a clear error", async () => {
    await expect(startOidcIssuer({ path: "no-leading-slash" })).rejects.toThrow(InvalidEmulatorOptionError);
    await expect(startOidcIssuer({ path: "/x?y=1" })).rejects.toThrow(/Invalid path.*absolute URL path/);
    await expect(issuer.mint({}, { lifetimeSeconds: 0 })).rejects.toThrow(
      /lifetimeSeconds.*positive integer/,
    );
  });
});
