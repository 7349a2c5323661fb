import { describe, expect, it } from "vitest";
import { diagnoseEntraError } from "../src/diagnosis/diagnose-entra-error";
import { federatedCredentialFromClaims } from "../src/fic/federated-credential-from-claims";
import { matchFederatedCredential } from "../src/fic/match-federated-credential";
import { validateFederatedIdentityCredential } from "../src/fic/validation/validate-federated-identity-credential";
import { issuerPlatform } from "../src/platform/issuer-platform";
import { unsignedJwt } from "./unsigned-jwt";

/** The Entra SPIFFE/SPIRE tutorial's issuer and SPIFFE ID (ms.date 08/12/2026, read 2026-12-07). */
const ISSUER = "https://oidc.contoso.com";
const SUBJECT = "spiffe://example.org/ns/demo-spiffe/sa/demo-sa";
const EXCHANGE = "api://AzureADTokenExchange";
const NOW = Date.parse("2026-12-07T10:00:00Z");

describe("the SPIFFE platform entry", () => {
  it.each([
    [ISSUER, SUBJECT, "spiffe"],
    ["https://127.0.0.1:8443", "spiffe://example.org", "spiffe"],
    [ISSUER, undefined, undefined],
    [ISSUER, "system:serviceaccount:demo:web", "kubernetes"],
    // A SPIFFE ID under another platform's issuer stays that platform's.
    ["https://token.actions.githubusercontent.com", SUBJECT, "github-actions"],
  ])("%s (%s) is %s", (issuer, subject, platform) => {
    expect(issuerPlatform(issuer, subject)).toBe(platform);
  });

  it.each([
    ["spiffe://Example.org/web", "the trust domain Example.org is not in lower case"],
    ["spiffe://example.org/web/", "ends with /"],
    ["SPIFFE://example.org/web", "spiffe:// in lower case"],
    ["spiffe://example.org/we%20b", "percent-encoded"],
  ])("the validator warns on %s, which SPIRE never issues", (subject, message) => {
    const result = validateFederatedIdentityCredential({
      name: "spiffe-web",
      issuer: ISSUER,
      subject,
      audiences: [EXCHANGE],
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        field: "subject",
        rule: "spiffe-subject-shape",
        message: expect.stringContaining(message),
      }),
    ]);
  });

  it("the validator has nothing to say about a SPIFFE ID as SPIRE writes it", () => {
    const result = validateFederatedIdentityCredential({
      name: "spiffe-web",
      issuer: ISSUER,
      subject: SUBJECT,
      audiences: [EXCHANGE],
    });
    expect(result.warnings).toEqual([]);
  });

  it.each([
    ["another trust domain", "spiffe://prod.example.org/ns/demo-spiffe/sa/demo-sa", "different trust domain"],
    ["another path", "spiffe://example.org/ns/demo-spiffe/sa/batch", "different workload path"],
  ])("the matcher explains a credential for %s", (_, subject, hint) => {
    const credential = { name: "spiffe", issuer: ISSUER, subject, audiences: [EXCHANGE] };
    const result = matchFederatedCredential({ iss: ISSUER, sub: SUBJECT, aud: EXCHANGE }, [credential]);
    expect(result.matched).toBeUndefined();
    if (result.matched) return;
    expect(result.differences).toEqual([
      expect.objectContaining({ field: "subject", hint: expect.stringContaining(hint) }),
    ]);
  });

  it("names a credential from a token after the trust domain and the path", () => {
    const fic = federatedCredentialFromClaims({ iss: ISSUER, sub: SUBJECT, aud: EXCHANGE });
    expect(fic).toMatchObject({ name: "spiffe-example-org-ns-demo-spiffe-sa-demo-sa", subject: SUBJECT });
    expect(fic.description).toBe(`SPIFFE: ${SUBJECT}`);
  });

  const context = {
    errorDescription: "",
    tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
    clientId: "af3110ba-0ba9-4412-b1a0-59f50b7e9273",
    authorityHost: "https://login.microsoftonline.com",
    audience: EXCHANGE,
    now: NOW,
  };
  const token = (claims: Record<string, unknown>, alg = "RS256") =>
    unsignedJwt(
      { iss: ISSUER, sub: SUBJECT, aud: EXCHANGE, exp: NOW / 1000 + 200, ...claims },
      { alg, kid: "k1" },
    );

  it("AADSTS5002738 (ES256 refused) names SPIRE's jwt_key_type", () => {
    const diagnosis = diagnoseEntraError({ ...context, aadsts: [5002738], assertion: token({}, "ES256") });
    expect(diagnosis.summary).toContain("(ES256)");
    expect(diagnosis.likelyCauses.join("\n")).toContain('jwt_key_type = "rsa-2048"');
  });

  it.each([700027, 7000272])("AADSTS%s (the signing key) names jwt_key_type and set_key_use", (code) => {
    const diagnosis = diagnoseEntraError({ ...context, aadsts: [code], assertion: token({}) });
    const causes = diagnosis.likelyCauses.join("\n");
    expect(causes).toContain("jwt_key_type");
    expect(causes).toContain("set_key_use = true");
  });

  it("another platform's refused keys get no SPIRE advice", () => {
    const github = unsignedJwt({
      iss: "https://token.actions.githubusercontent.com",
      sub: "repo:o/r:ref:refs/heads/main",
      aud: EXCHANGE,
      exp: NOW / 1000 + 200,
    });
    const diagnosis = diagnoseEntraError({ ...context, aadsts: [700027], assertion: github });
    expect(diagnosis.likelyCauses.join("\n")).not.toContain("set_key_use");
  });

  it("the diagnosis of an issuer mismatch names the SPIRE server's jwt_issuer", () => {
    const diagnosis = diagnoseEntraError({ ...context, aadsts: [700211], assertion: token({}) });
    expect(diagnosis.likelyCauses.join("\n")).toContain("jwt_issuer");
  });

  it("the diagnosis of an expired JWT-SVID points at spiffe-helper's daemon mode", () => {
    const diagnosis = diagnoseEntraError({
      ...context,
      aadsts: [700024],
      assertion: token({ exp: NOW / 1000 - 10 }),
    });
    expect(diagnosis.likelyCauses.join("\n")).toContain("daemon_mode");
  });
});
