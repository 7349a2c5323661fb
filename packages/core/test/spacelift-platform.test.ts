import { describe, expect, it } from "vitest";
import { diagnoseEntraError } from "../src/diagnosis/diagnose-entra-error";
import { federatedCredentialFromClaims } from "../src/fic/federated-credential-from-claims";
import { matchFederatedCredential } from "../src/fic/match-federated-credential";
import { validateFederatedIdentityCredential } from "../src/fic/validation/validate-federated-identity-credential";
import { issuerPlatform } from "../src/platform/issuer-platform";
import { unsignedJwt } from "./unsigned-jwt";

/** Spacelift's examples (spacelift-io/user-documentation, commit 6e9746fefd4ef10fc7c4b68567356a98d3c07c56, checked 2026-12-07). */
const ISSUER = "https://demo.app.spacelift.io";
const AUDIENCE = "demo.app.spacelift.io";
const SUBJECT = "space:legacy-01KJMM56VS4W3AL9YZWVCXBX8D:stack:azure-oidc-test:run_type:TRACKED:scope:write";
const NOW = Date.parse("2026-12-07T10:00:00Z");
const EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

describe("the Spacelift platform entry", () => {
  it.each([
    [ISSUER, undefined, "spacelift"],
    ["https://myaccount.app.spacelift.io/", undefined, "spacelift"],
    ["https://127.0.0.1:8443", SUBJECT, "spacelift"],
    ["https://127.0.0.1:8443", "space:root:module:net:run_type:TESTING:scope:read", "spacelift"],
    ["https://app.spacelift.io", undefined, undefined],
    ["https://demo.app.spacelift.io.evil.example", undefined, undefined],
    ["https://127.0.0.1:8443", "space:root", undefined],
    ["https://token.actions.githubusercontent.com", SUBJECT, "github-actions"],
  ])("%s (%s) is %s", (issuer, subject, platform) => {
    expect(issuerPlatform(issuer, subject)).toBe(platform);
  });

  it.each([
    ["space:root:stack:infra:run_type:tracked:scope:write", "run type tracked"],
    ["space:root:stack:infra:run_type:TRACKED:scope:admin", "scope admin"],
    ["space:root:stack:infra", "space:{space id}:{stack|module}"],
  ])("the validator warns on %s", (subject, text) => {
    const result = validateFederatedIdentityCredential({
      name: "spacelift",
      issuer: ISSUER,
      subject,
      audiences: [AUDIENCE],
    });
    expect(result.warnings).toEqual([
      expect.objectContaining({ rule: "spacelift-subject-shape", message: expect.stringContaining(text) }),
    ]);
  });

  it("the validator accepts the default subject and a template with the space's path", () => {
    for (const subject of [
      SUBJECT,
      "space:us-east-1:space_path:/root/production/us-east-1:stack:x:run_type:TRACKED:scope:read",
    ]) {
      expect(
        validateFederatedIdentityCredential({
          name: "spacelift",
          issuer: ISSUER,
          subject,
          audiences: [AUDIENCE],
        }).warnings,
      ).toEqual([]);
    }
  });

  it.each([
    ["space:other:stack:azure-oidc-test:run_type:TRACKED:scope:write", "different space"],
    ["space:legacy-01KJMM56VS4W3AL9YZWVCXBX8D:stack:web:run_type:TRACKED:scope:write", "different stack"],
    [
      "space:legacy-01KJMM56VS4W3AL9YZWVCXBX8D:stack:azure-oidc-test:run_type:PROPOSED:scope:write",
      "different run type",
    ],
    [
      "space:legacy-01KJMM56VS4W3AL9YZWVCXBX8D:stack:azure-oidc-test:run_type:TRACKED:scope:read",
      "different scope",
    ],
  ])("the matcher explains a credential for %s", (subject, hint) => {
    const result = matchFederatedCredential({ iss: ISSUER, sub: SUBJECT, aud: AUDIENCE }, [
      { name: "spacelift", issuer: ISSUER, subject, audiences: [AUDIENCE] },
    ]);
    expect(result.matched).toBeUndefined();
    if (result.matched) return;
    expect(result.differences).toEqual([
      expect.objectContaining({ field: "subject", hint: expect.stringContaining(hint) }),
    ]);
  });

  it("names a credential from a token after space, stack, run type and scope", () => {
    const fic = federatedCredentialFromClaims({ iss: ISSUER, sub: SUBJECT, aud: AUDIENCE });
    expect(fic).toMatchObject({
      name: "spacelift-legacy-01KJMM56VS4W3AL9YZWVCXBX8D-azure-oidc-test-tracked-write",
      audiences: [AUDIENCE],
    });
  });

  it("the diagnosis of a subject mismatch and of an expired token say what Spacelift does", () => {
    const context = {
      errorDescription: "",
      tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      clientId: "af3110ba-0ba9-4412-b1a0-59f50b7e9273",
      authorityHost: "https://login.microsoftonline.com",
      audience: AUDIENCE,
      now: NOW,
    };
    const token = (exp: number) => unsignedJwt({ iss: ISSUER, sub: SUBJECT, aud: AUDIENCE, exp });
    const mismatch = diagnoseEntraError({ ...context, aadsts: [700213], assertion: token(NOW / 1000 + 200) });
    expect(mismatch.likelyCauses.join("\n")).toContain("add a credential for each run type and scope");
    const expired = diagnoseEntraError({ ...context, aadsts: [700024], assertion: token(NOW / 1000 - 10) });
    expect(expired.likelyCauses.join("\n")).toContain("valid for one hour from the start of the run");
  });
});

describe("the Spacelift audience", () => {
  it("the validator recommends the account host, the audience Spacelift's tokens carry", () => {
    const subject = SUBJECT;
    const wrong = validateFederatedIdentityCredential({
      name: "spacelift",
      issuer: ISSUER,
      subject,
      audiences: [EXCHANGE_AUDIENCE],
    });
    expect(wrong.warnings).toEqual([
      expect.objectContaining({
        rule: "recommended-audience",
        message: expect.stringContaining(`use "${AUDIENCE}"`),
      }),
    ]);
  });
});
