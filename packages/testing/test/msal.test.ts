import { ConfidentialClientApplication, ServerError } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { fetch } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type EntraEmulator, type OidcIssuer, startEntraEmulator, startOidcIssuer } from "../src/index";
import { undiciNetworkClient } from "./support/undici-network-client";

const tenantId = "7d3a6a8e-0c61-4a0b-9d2e-3f4b5c6d7e8f";
const clientId = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
const subject = "repo:contoso/app:ref:refs/heads/main";
const exchangeAudience = "api://AzureADTokenExchange";

describe("@azure/msal-node against the Entra emulator", () => {
  let entra: EntraEmulator;
  let issuer: OidcIssuer;
  let strangerIssuer: OidcIssuer;

  beforeAll(async () => {
    issuer = await startOidcIssuer({ path: "/_services/token" });
    strangerIssuer = await startOidcIssuer({ path: "/stranger" });
    entra = await startEntraEmulator({
      applications: [
        {
          clientId,
          tenantId,
          federatedCredentials: [
            { name: "main", issuer: issuer.issuer, subject, audiences: [exchangeAudience] },
          ],
        },
      ],
    });
  });
  afterAll(async () => {
    await entra.close();
    await issuer.close();
    await strangerIssuer.close();
  });
  afterEach(() => entra.reset());

  const application = (
    claims: Record<string, unknown> = {},
    extra: { clientCapabilities?: string[]; cloudDiscoveryMetadata?: string } = {},
    from: () => OidcIssuer = () => issuer,
  ) =>
    new ConfidentialClientApplication({
      auth: {
        clientId,
        authority: `${entra.url}/${tenantId}`,
        clientAssertion: () => from().mint({ sub: subject, aud: exchangeAudience, ...claims }),
        ...(extra.cloudDiscoveryMetadata ? {} : { knownAuthorities: [new URL(entra.url).host] }),
        ...extra,
      },
      system: {
        networkClient: undiciNetworkClient(entra.dispatcher),
      },
    });

  it("obtains an access token with an assertion minted by the OIDC issuer", async () => {
    const result = await application().acquireTokenByClientCredential({
      scopes: ["https://management.azure.com/.default"],
    });
    expect(result?.accessToken).toBeTruthy();
    expect(result?.tokenType).toBe("Bearer");
    const claims = await entra.verifyAccessToken(result?.accessToken as string);
    expect(claims).toMatchObject({
      aud: "https://management.azure.com",
      iss: `https://sts.windows.net/${tenantId}/`,
      appid: clientId,
      tid: tenantId,
    });
    expect(entra.count("openid-configuration")).toBeGreaterThanOrEqual(1);
    expect(entra.count("token")).toBe(1);
    const expiresIn = ((result?.expiresOn?.getTime() ?? 0) - Date.now()) / 1000;
    expect(expiresIn).toBeGreaterThan(3500);
    expect(expiresIn).toBeLessThanOrEqual(3600);
  });

  it("reads the emulator's instance discovery answer as cloud discovery metadata", async () => {
    const authorize = encodeURIComponent(`${entra.url}/${tenantId}/oauth2/v2.0/authorize`);
    const response = await fetch(
      `${entra.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=${authorize}`,
      { dispatcher: entra.dispatcher },
    );
    const cloudDiscoveryMetadata = await response.text();
    const result = await application({}, { cloudDiscoveryMetadata }).acquireTokenByClientCredential({
      scopes: ["https://storage.azure.com/.default"],
    });
    expect(decodeJwt(result?.accessToken as string).aud).toBe("https://storage.azure.com");
  });

  it("asks for CAE with client capabilities and gets xms_cc in the token", async () => {
    const result = await application({}, { clientCapabilities: ["cp1"] }).acquireTokenByClientCredential({
      scopes: ["https://graph.microsoft.com/.default"],
    });
    expect(decodeJwt(result?.accessToken as string).xms_cc).toEqual(["cp1"]);
    expect(entra.requests.find((request) => request.endpoint === "token")?.form.claims).toContain("xms_cc");
  });

  it("surfaces AADSTS700213 for a wrong subject and AADSTS700211 for an unregistered issuer", async () => {
    const wrongSubject = await application({ sub: "repo:contoso/app:ref:refs/heads/feature" })
      .acquireTokenByClientCredential({ scopes: ["https://management.azure.com/.default"] })
      .catch((error: unknown) => error);
    expect(wrongSubject).toBeInstanceOf(ServerError);
    expect((wrongSubject as ServerError).errorCode).toBe("invalid_client");
    expect((wrongSubject as ServerError).errorMessage).toMatch(
      /^Error\(s\): 700213 - .* - Description: AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso\/app:ref:refs\/heads\/feature'/,
    );

    const unregistered = await application({}, {}, () => strangerIssuer)
      .acquireTokenByClientCredential({ scopes: ["https://management.azure.com/.default"] })
      .catch((error: unknown) => error);
    expect(unregistered).toBeInstanceOf(ServerError);
    expect((unregistered as ServerError).errorMessage).toContain(
      `AADSTS700211: No matching federated identity record found for presented assertion issuer '${strangerIssuer.issuer}'`,
    );
    expect(JSON.stringify(entra.requests)).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
  });
});
