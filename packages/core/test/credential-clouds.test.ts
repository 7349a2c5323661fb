import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FederatedTokenCredential } from "../src/credential/federated-token-credential";
import type { AssertionContext, AssertionProvider } from "../src/provider/assertion-provider";
import { type Federation, routeEverythingTo, SCOPE, SUBJECT, useFederation } from "./federation-fixture";

let federation: Federation;

useFederation((started) => {
  federation = started;
});
beforeEach(() => {
  federation.contexts.length = 0;
  vi.stubEnv("AZURE_AUTHORITY_HOST", "");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/**
 * The audience a credential asks its provider for. The provider fails, so no token request is made;
 * known clouds need no other request (a custom host is discovered meanwhile: the emulator here).
 * `defaultAudience` makes the provider one of Entra-issued assertions (a managed identity).
 */
async function audienceAskedFor(
  authorityHost: string | undefined,
  audience?: string,
  defaultAudience?: AssertionProvider["defaultAudience"],
): Promise<string | undefined> {
  let seen: AssertionContext | undefined;
  const credential = new FederatedTokenCredential({
    tenantId: "contoso.onmicrosoft.com",
    clientId: randomUUID(),
    dispatcher: federation.entra.dispatcher,
    ...(authorityHost !== undefined ? { authorityHost } : {}),
    ...(audience !== undefined ? { audience } : {}),
    assertion: {
      name: defaultAudience ? "entra-issued" : "external",
      ...(defaultAudience ? { defaultAudience } : {}),
      getAssertion: async (ctx) => {
        seen = ctx;
        throw new Error("stop before any request");
      },
    },
  });
  await expect(credential.getToken(SCOPE)).rejects.toThrow("stop before any request");
  return seen?.audience;
}

const entraIssued: AssertionProvider["defaultAudience"] = (cloud) =>
  cloud?.exchangeAudience ?? "api://AzureADTokenExchange";

describe("an external issuer is asked for the cloud's own exchange audience by default", () => {
  // The portal's default for a new credential in a sovereign cloud (Azure/login#452) and what
  // Microsoft's SDKs derive from the authority host (azure-sdk-for-js deriveAudience).
  it.each([
    [undefined, "api://AzureADTokenExchange"],
    ["https://login.microsoftonline.com", "api://AzureADTokenExchange"],
    ["https://login.microsoftonline.us", "api://AzureADTokenExchangeUSGov"],
    ["https://login.microsoftonline.us/", "api://AzureADTokenExchangeUSGov"],
    ["https://login.chinacloudapi.cn", "api://AzureADTokenExchangeChina"],
    ["https://login.sovcloud-identity.fr", "api://AzureADTokenExchangeFrance"],
    ["https://login.sovcloud-identity.de", "api://AzureADTokenExchangeGermany"],
    ["https://login.sovcloud-identity.sg", "api://AzureADTokenExchangeGovSG"],
  ])("authority host %s asks an external issuer for %s", async (authorityHost, expected) => {
    expect(await audienceAskedFor(authorityHost)).toBe(expected);
    expect(federation.entra.requests).toHaveLength(0);
  });

  it("a custom authority host asks for api://AzureADTokenExchange", async () => {
    expect(await audienceAskedFor(federation.entra.url)).toBe("api://AzureADTokenExchange");
    // The discovery started alongside goes on; let it finish before the next test.
    await vi.waitFor(() => expect(federation.entra.count("openid-configuration")).toBe(1));
  });

  it("an explicit audience wins", async () => {
    expect(await audienceAskedFor("https://login.microsoftonline.us", "api://my-exchange")).toBe(
      "api://my-exchange",
    );
  });
});

describe("an Entra-issued assertion asks for its cloud's exchange audience (defaultAudience)", () => {
  it.each([
    [undefined, "api://AzureADTokenExchange"],
    ["https://login.microsoftonline.us/", "api://AzureADTokenExchangeUSGov"],
    ["https://LOGIN.chinacloudapi.cn/", "api://AzureADTokenExchangeChina"],
  ])("authority host %s asks for %s", async (authorityHost, expected) => {
    expect(await audienceAskedFor(authorityHost, undefined, entraIssued)).toBe(expected);
  });

  it("uses AZURE_AUTHORITY_HOST's cloud", async () => {
    vi.stubEnv("AZURE_AUTHORITY_HOST", "https://login.microsoftonline.us/");
    expect(await audienceAskedFor(undefined, undefined, entraIssued)).toBe("api://AzureADTokenExchangeUSGov");
  });

  it("an explicit audience still wins", async () => {
    expect(await audienceAskedFor("https://login.microsoftonline.us", "api://my-exchange", entraIssued)).toBe(
      "api://my-exchange",
    );
  });
});

describe("known clouds: the first token costs exactly one HTTP request", () => {
  it.each([
    ["https://login.microsoftonline.com", "api://AzureADTokenExchange"],
    ["https://login.microsoftonline.us", "api://AzureADTokenExchangeUSGov"],
    ["https://login.chinacloudapi.cn", "api://AzureADTokenExchangeChina"],
    ["https://login.sovcloud-identity.fr", "api://AzureADTokenExchangeFrance"],
    ["https://login.sovcloud-identity.de", "api://AzureADTokenExchangeGermany"],
    ["https://login.sovcloud-identity.sg", "api://AzureADTokenExchangeGovSG"],
  ])("%s (routed to the emulator)", async (authorityHost, audience) => {
    const clientId = randomUUID();
    federation.entra.addApplication({
      clientId,
      tenantId: federation.tenantId,
      federatedCredentials: [
        { name: "cloud", issuer: federation.issuer.issuer, subject: SUBJECT, audiences: [audience] },
      ],
    });
    const credential = federation.credential({
      clientId,
      authorityHost,
      dispatcher: routeEverythingTo(federation.entra),
    });
    const token = await credential.getToken(SCOPE);
    expect((await federation.entra.verifyAccessToken(token.token)).tid).toBe(federation.tenantId);
    expect(federation.contexts.at(-1)?.audience).toBe(audience);
    expect(federation.entra.requests).toHaveLength(1);
    expect(federation.entra.requests[0]?.endpoint).toBe("token");
    expect(federation.entra.requests[0]?.path).toMatch(
      new RegExp(`^/${federation.tenantId}/oauth2/v2.0/token`),
    );
  });

  it("also for another tenant of a known cloud: the {tenant} endpoint is filled in", async () => {
    const clientId = randomUUID();
    const otherTenant = randomUUID();
    federation.entra.addApplication({
      clientId,
      tenantId: federation.tenantId,
      multiTenant: true,
      federatedCredentials: [
        {
          name: "main",
          issuer: federation.issuer.issuer,
          subject: SUBJECT,
          audiences: ["api://AzureADTokenExchange"],
        },
      ],
    });
    const credential = federation.credential({
      clientId,
      authorityHost: "https://login.microsoftonline.com",
      dispatcher: routeEverythingTo(federation.entra),
      additionallyAllowedTenants: [otherTenant],
    });
    const token = await credential.getToken(SCOPE, { tenantId: otherTenant });
    expect((await federation.entra.verifyAccessToken(token.token)).tid).toBe(otherTenant);
    expect(federation.entra.requests.map((request) => request.endpoint)).toEqual(["token"]);
  });
});
