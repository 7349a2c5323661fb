// How the Entra emulator treats an issuer's signing algorithm and its keys' `use`, as the sources say:
// ES256/ES384/ES512 assertions are refused with AADSTS5002738 (XenitAB/aad-oidc-identity, commit
// 1a421e1e; AzureAD/microsoft-identity-web#3467), a key without "use": "sig" is not found, AADSTS700027
// (entra-docs SPIFFE page, ms.date 08/12/2026: Entra "expects this parameter on the signing keys";
// XenitAB/aad-oidc-identity). Each refusal comes from an issuer misconfigured that way.
import { fetch } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type EntraEmulator,
  type EntraErrorBody,
  type OidcIssuer,
  type OidcIssuerMisconfiguration,
  startEntraEmulator,
  startOidcIssuer,
} from "../src/index";

const tenantId = "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e";
const clientId = "8e9f0a1b-2c3d-4e5f-8a6b-7c8d9e0f1a2b";
const subject = "spiffe://example.org/ns/demo-spiffe/sa/demo-sa";
const audience = "api://AzureADTokenExchange";

let entra: EntraEmulator;
let issuer: OidcIssuer;

beforeAll(async () => {
  issuer = await startOidcIssuer({ path: "/spire" });
  entra = await startEntraEmulator({
    ca: issuer.ca,
    applications: [
      {
        clientId,
        tenantId,
        federatedCredentials: [{ name: "spiffe", issuer: issuer.issuer, subject, audiences: [audience] }],
      },
    ],
  });
});
afterEach(() => {
  issuer.misconfigure("none");
  entra.reset();
});
afterAll(async () => {
  await entra?.close();
  await issuer?.close();
});

/** Mints an assertion from the issuer as `mode` serves it and exchanges it; resolves to Entra's answer. */
async function exchangeFrom(
  mode: OidcIssuerMisconfiguration,
): Promise<{ status: number; body: EntraErrorBody }> {
  issuer.misconfigure(mode);
  const assertion = await issuer.mint({ sub: subject, aud: audience });
  const response = await fetch(`${entra.url}/${tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      scope: "https://storage.azure.com/.default",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion,
    }),
    dispatcher: entra.dispatcher,
  });
  return { status: response.status, body: (await response.json()) as EntraErrorBody };
}

describe("the Entra emulator and an issuer's signing keys", () => {
  it("exchanges an RS256 assertion verified with a key that says use: sig", async () => {
    const { status } = await exchangeFrom("none");
    expect(status).toBe(200);
  });

  it("refuses an ES256 assertion with AADSTS5002738, before it fetches any key", async () => {
    const keysBefore = issuer.count("keys");
    const { status, body } = await exchangeFrom("es256-keys");
    expect({ status, error: body.error, codes: body.error_codes }).toEqual({
      status: 400,
      error: "invalid_request",
      codes: [5002738],
    });
    expect(body.error_description).toMatch(
      /^AADSTS5002738: Invalid JWT token\. 'ES256' is not a supported signature algorithm\. Supported signing algorithms are: 'RS256, HS256' Trace ID: /,
    );
    expect(issuer.count("keys")).toBe(keysBefore);
  });

  it.each<[OidcIssuerMisconfiguration, string]>([
    ["keys-without-use", "a key without use"],
    ["encryption-keys", 'a key whose use is "enc"'],
  ])(
    "refuses an RS256 assertion whose key is published as %s (%s): AADSTS700027, the key not found",
    async (mode) => {
      const { status, body } = await exchangeFrom(mode);
      expect({ status, error: body.error, codes: body.error_codes }).toEqual({
        status: 401,
        error: "invalid_client",
        codes: [700027],
      });
      expect(body.error_description).toContain("The key was not found");
    },
  );

  it("accepts the same issuer again once its keys say use: sig (the key set is fetched anew)", async () => {
    expect((await exchangeFrom("keys-without-use")).status).toBe(401);
    expect((await exchangeFrom("none")).status).toBe(200);
  });
});
