// How the Entra emulator treats an issuer's signing algorithm and its keys' `use`, as the sources say:
// ES256/ES384/ES512 assertions are refused with AADSTS5002738 (XenitAB/aad-oidc-identity, commit
// 1a421e1e; AzureAD/microsoft-identity-web#3467), a key without "use": "sig" is not found, AADSTS700027
// (entra-docs SPIFFE page, ms.date 08/12/2026: Entra "expects this parameter on the signing keys";
// XenitAB/aad-oidc-identity). Each refusal comes from an issuer misconfigured that way.
import { afterEach, describe, expect, it } from "vitest";
import type { OidcIssuerMisconfiguration } from "../src/index";
import {
  exchange,
  expectRefusal,
  issuer,
  mint,
  useEntraEmulatorUnderTest,
} from "./entra-emulator-under-test";

useEntraEmulatorUnderTest();
afterEach(() => issuer.misconfigure("none"));

/** Mints an assertion from the trusted issuer as `mode` serves it and exchanges it. */
async function exchangeFrom(mode: OidcIssuerMisconfiguration) {
  issuer.misconfigure(mode);
  return exchange(await mint());
}

describe("the Entra emulator and an issuer's signing keys", () => {
  it("exchanges an RS256 assertion verified with a key that says use: sig", async () => {
    expect((await exchangeFrom("none")).status).toBe(200);
  });

  it("refuses an ES256 assertion with AADSTS5002738, before it fetches any key", async () => {
    const keysBefore = issuer.count("keys");
    expectRefusal(await exchangeFrom("es256-keys"), {
      code: 5002738,
      error: "invalid_request",
      status: 400,
      message:
        /^AADSTS5002738: Invalid JWT token\. 'ES256' is not a supported signature algorithm\. Supported signing algorithms are: 'RS256, HS256' Trace ID: /,
    });
    expect(issuer.count("keys")).toBe(keysBefore);
  });

  it.each<[OidcIssuerMisconfiguration, string]>([
    ["keys-without-use", "a key without use"],
    ["encryption-keys", 'a key whose use is "enc"'],
  ])(
    "refuses an RS256 assertion whose key is published as %s (%s): AADSTS700027, the key not found",
    async (mode) => {
      expectRefusal(await exchangeFrom(mode), {
        code: 700027,
        error: "invalid_client",
        status: 401,
        message: /The key was not found/,
      });
    },
  );

  it("accepts the same issuer again once its keys say use: sig (the key set is fetched anew)", async () => {
    expect((await exchangeFrom("keys-without-use")).status).toBe(401);
    expect((await exchangeFrom("none")).status).toBe(200);
  });
});
