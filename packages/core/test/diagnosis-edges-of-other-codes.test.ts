import { unsignedJwt } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { CLIENT_ID, causes, diagnose, GITHUB, githubToken, SECONDS } from "./diagnosis-cases";

describe("diagnoseEntraError: the edges of the other codes", () => {
  const entraSaysNow = (at: string) =>
    `AADSTS700024: Client assertion is not within its valid time range. Current time: ${at}, assertion valid from 2025-03-01T11:00:00.0000000Z, expiry time of assertion 2025-03-01T13:00:00.0000000Z.`;

  it("AADSTS700024: a token that expires at the very second Entra checks it has expired", () => {
    const diagnosis = diagnose({ aadsts: [700024], assertion: githubToken({ exp: SECONDS }) });
    expect(diagnosis.summary).toBe(
      "The token had expired when Entra checked it: it expired at 2025-03-01T12:00:00.000Z, 0 s before this machine's time 2025-03-01T12:00:00.000Z.",
    );
  });

  it("AADSTS700024: a token valid from the very second Entra checks it is not 'not yet valid'", () => {
    const diagnosis = diagnose({ aadsts: [700024], assertion: githubToken({ nbf: SECONDS }) });
    expect(diagnosis.summary).toMatch(/^Entra found the token outside its valid time range/);
  });

  it("AADSTS700024: not yet valid by Entra's clock, with this machine's clock ahead", () => {
    const diagnosis = diagnose({
      aadsts: [700024],
      assertion: githubToken({ nbf: SECONDS - 60, iat: SECONDS - 60 }),
      errorDescription:
        "AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-03-01T11:55:00.0000000Z, assertion valid from 2025-03-01T11:59:00.0000000Z, expiry time of assertion 2025-03-01T12:04:00.0000000Z.",
    });
    expect(diagnosis.summary).toBe(
      "The token was not yet valid when Entra checked it: it is valid from 2025-03-01T11:59:00.000Z, 4 min 0 s after Entra's time 2025-03-01T11:55:00.000Z.",
    );
    expect(diagnosis.likelyCauses[0]).toBe(
      "This machine's clock is 5 min 0 s ahead of Entra's (Entra: 2025-03-01T11:55:00.000Z, here: 2025-03-01T12:00:00.000Z).",
    );
  });

  it("AADSTS700024: a clock a minute or less off Entra's is not named as a cause", () => {
    for (const at of ["2025-03-01T12:01:00.0000000Z", "2025-03-01T11:59:30.0000000Z"]) {
      const diagnosis = diagnose({
        aadsts: [700024],
        assertion: githubToken(),
        errorDescription: entraSaysNow(at),
      });
      expect(causes(diagnosis)).not.toContain("This machine's clock is");
    }
  });

  it("AADSTS700024 for a token without exp: no expiry and no lifetime to state", () => {
    const diagnosis = diagnose({ aadsts: [700024], assertion: githubToken({ exp: undefined }) });
    expect(diagnosis.summary).toBe(
      "Entra found the token outside its valid time range, although by this machine's clock (2025-03-01T12:00:00.000Z) it is valid.",
    );
    expect(diagnosis.details.join("\n")).not.toContain("lifetime");
  });

  it("AADSTS700016: a client id that holds a GUID but is not one (an App ID URI, a scope) is named as not a GUID", () => {
    for (const clientId of [`api://${CLIENT_ID}`, `${CLIENT_ID}/.default`]) {
      const diagnosis = diagnose({ aadsts: [700016], clientId });
      expect(diagnosis.likelyCauses[0]).toBe(
        `The client id ${JSON.stringify(clientId)} is not a GUID; use the Application (client) ID.`,
      );
      expect(diagnosis.commands).toContain(
        `az identity list --query "[?clientId=='<client-id>'].{name: name, resourceGroup: resourceGroup, tenantId: tenantId}"`,
      );
    }
  });

  it("AADSTS70025 with a token that cannot be decoded (no sub, or no iss) suggests no credential", () => {
    for (const assertion of [
      unsignedJwt({ iss: GITHUB, aud: "api://AzureADTokenExchange", exp: SECONDS + 60 }),
      unsignedJwt({
        sub: "repo:contoso/app:ref:refs/heads/main",
        aud: "api://AzureADTokenExchange",
        exp: SECONDS + 60,
      }),
    ]) {
      const diagnosis = diagnose({ aadsts: [70025], assertion });
      expect(diagnosis.suggestedCredential).toBeUndefined();
      expect(diagnosis.fix[0]).toContain("with the issuer, subject and audience of the platform's token");
    }
  });

  it("AADSTS700016 at an authority host of no known cloud names the host alone", () => {
    const diagnosis = diagnose({ aadsts: [700016], authorityHost: "https://login.contoso.test" });
    expect(diagnosis.likelyCauses).toContain(
      "The app lives in another cloud than https://login.contoso.test.",
    );
  });

  it("AADSTS5002738: an issuer that signs with ES256 is named with its algorithm; without a token, none is named", () => {
    const es256 = diagnose({
      aadsts: [5002738],
      assertion: unsignedJwt(
        {
          iss: "https://issuer.contoso.test",
          sub: "workload",
          aud: "api://AzureADTokenExchange",
          exp: SECONDS + 60,
        },
        { alg: "ES256", typ: "JWT", kid: "k" },
      ),
    });
    expect(es256.summary).toBe(
      "Entra does not accept the token's signature algorithm (ES256): workload identity federation supports issuers that sign with RS256.",
    );
    expect(es256.likelyCauses).toContain(
      "The issuer signs its tokens with an elliptic-curve (ES256, ES384) or other non-RSA key.",
    );
    expect(es256.fix[0]).toBe(
      "Make the issuer sign with an RSA key (RS256) and publish that key in its JWKS, then retry.",
    );
    expect(diagnose({ aadsts: [5002738] }).summary).toBe(
      "Entra does not accept the token's signature algorithm: workload identity federation supports issuers that sign with RS256.",
    );
  });

  it("AADSTS50027: an unsigned token (alg none) is named so; an RS256 token with exp gets neither cause", () => {
    const unsigned = diagnose({
      aadsts: [50027],
      assertion: unsignedJwt({ iss: GITHUB, sub: "s", aud: "a", exp: SECONDS + 60 }, { alg: "none" }),
    });
    expect(causes(unsigned)).toContain(
      "The token is unsigned (alg none); Entra needs an asymmetric signature",
    );
    const signed = diagnose({ aadsts: [50027], assertion: githubToken() });
    expect(causes(signed)).not.toContain("The token is");
    expect(causes(signed)).not.toContain("no `exp` claim");
  });

  it("AADSTS700027 without a token: no header, no key id, no commands", () => {
    const diagnosis = diagnose({ aadsts: [700027] });
    expect(diagnosis.summary).toBe(
      "Entra could not verify the token's signature with the keys its issuer publishes.",
    );
    expect(diagnosis.details.join("\n")).not.toContain("Token header");
    expect(causes(diagnosis)).toContain(
      "The issuer's JWKS (jwks_uri in {issuer}/.well-known/openid-configuration) does not contain the key that signed the token",
    );
    expect(diagnosis.commands).toBeUndefined();
  });

  it("AADSTS700027 with a header that names no algorithm or key, or not as text", () => {
    for (const header of [{ typ: "JWT" }, { alg: 256, kid: ["k1"] }]) {
      const diagnosis = diagnose({
        aadsts: [700027],
        assertion: unsignedJwt({ iss: GITHUB, sub: "s", aud: "a" }, header),
      });
      expect(diagnosis.details).toContain("Token header: alg (none), kid (none).");
      expect(causes(diagnosis)).toContain("does not contain the key that signed the token");
    }
  });

  it("AADSTS90061: the discovery URL of an issuer with several trailing slashes", () => {
    const diagnosis = diagnose({
      aadsts: [90061],
      assertion: unsignedJwt({ iss: "https://oidc.example.com//", sub: "s", aud: "a" }),
    });
    expect(diagnosis.summary).toBe(
      "Entra could not fetch the issuer's OpenID configuration (https://oidc.example.com/.well-known/openid-configuration).",
    );
  });

  it("AADSTS70052 with another issuer than Entra's: no Azure Pipelines cause", () => {
    const diagnosis = diagnose({ aadsts: [70052], assertion: githubToken() });
    expect(causes(diagnosis)).not.toContain("Azure Pipelines");
  });

  it("AADSTS900144 without the parameter's name", () => {
    const diagnosis = diagnose({
      aadsts: [900144],
      errorDescription: "AADSTS900144: The request body is incomplete.",
    });
    expect(diagnosis.summary).toBe("The token request lacked a required parameter.");
  });

  it("any other code with the credential list: names the nearest credential", () => {
    const diagnosis = diagnose({
      aadsts: [53003],
      assertion: githubToken(),
      federatedCredentials: [
        {
          name: "dev",
          issuer: GITHUB,
          subject: "repo:contoso/app:ref:refs/heads/dev",
          audiences: ["api://AzureADTokenExchange"],
        },
      ],
    });
    expect(diagnosis.likelyCauses[0]).toMatch(/^The nearest credential, "dev", expects subject/);
  });

  it("notes a token that expires at the very second of the mismatch as expired", () => {
    const diagnosis = diagnose({ aadsts: [700213], assertion: githubToken({ exp: SECONDS }) });
    expect(causes(diagnosis)).toContain("The token had also expired (at 2025-03-01T12:00:00.000Z, 0 s ago)");
  });
});
