import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AssertionContext } from "../src/assertion-provider";
import { FederatedTokenCredential } from "../src/credential/federated-token-credential";
import { type Federation, routeEverythingTo, SCOPE, SUBJECT, startFederation } from "./federation-fixture";

let federation: Federation;

beforeAll(async () => {
  federation = await startFederation();
});
afterAll(async () => {
  await federation?.close();
});
beforeEach(() => {
  federation.entra.reset();
  federation.contexts.length = 0;
  vi.stubEnv("AZURE_AUTHORITY_HOST", "");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/**
 * The audience a credential asks its provider for. The provider fails, so no token request is made;
 * known clouds need no other request (a custom host is discovered meanwhile: the emulator here).
 */
async function audienceAskedFor(
  authorityHost: string | undefined,
  audience?: string,
): Promise<string | undefined> {
  let seen: AssertionContext | undefined;
  const credential = new FederatedTokenCredential({
    tenantId: "contoso.onmicrosoft.com",
    clientId: randomUUID(),
    dispatcher: federation.entra.dispatcher,
    ...(authorityHost !== undefined ? { authorityHost } : {}),
    ...(audience !== undefined ? { audience } : {}),
    assertion: (ctx) => {
      seen = ctx;
      throw new Error("stop before any request");
    },
  });
  await expect(credential.getToken(SCOPE)).rejects.toThrow("stop before any request");
  return seen?.audience;
}

describe("the exchange audience follows the authority's cloud", () => {
  it.each([
    [undefined, "api://AzureADTokenExchange"],
    ["https://login.microsoftonline.com", "api://AzureADTokenExchange"],
    ["https://login.microsoftonline.us", "api://AzureADTokenExchangeUSGov"],
    ["https://login.microsoftonline.us/", "api://AzureADTokenExchangeUSGov"],
    ["https://login.chinacloudapi.cn", "api://AzureADTokenExchangeChina"],
    ["https://LOGIN.chinacloudapi.cn/", "api://AzureADTokenExchangeChina"],
  ])("authority host %s asks for %s", async (authorityHost, expected) => {
    expect(await audienceAskedFor(authorityHost)).toBe(expected);
    expect(federation.entra.requests).toHaveLength(0);
  });

  it("a custom authority host asks for the public cloud's audience", async () => {
    expect(await audienceAskedFor(federation.entra.url)).toBe("api://AzureADTokenExchange");
    // The discovery started alongside goes on; let it finish before the next test.
    await vi.waitFor(() => expect(federation.entra.count("openid-configuration")).toBe(1));
  });

  it("uses AZURE_AUTHORITY_HOST's cloud", async () => {
    vi.stubEnv("AZURE_AUTHORITY_HOST", "https://login.microsoftonline.us/");
    expect(await audienceAskedFor(undefined)).toBe("api://AzureADTokenExchangeUSGov");
  });

  it("an explicit audience wins", async () => {
    expect(await audienceAskedFor("https://login.microsoftonline.us", "api://my-exchange")).toBe(
      "api://my-exchange",
    );
  });
});

describe("known clouds: the first token costs exactly one HTTP request", () => {
  it.each([
    ["https://login.microsoftonline.com", "api://AzureADTokenExchange"],
    ["https://login.microsoftonline.us", "api://AzureADTokenExchangeUSGov"],
    ["https://login.chinacloudapi.cn", "api://AzureADTokenExchangeChina"],
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
