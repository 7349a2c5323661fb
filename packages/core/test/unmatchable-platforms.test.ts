import { describe, expect, it } from "vitest";
import { diagnoseEntraError } from "../src/diagnosis/diagnose-entra-error";
import { validateFederatedIdentityCredential } from "../src/fic/validation/validate-federated-identity-credential";
import { issuerPlatform } from "../src/platform/issuer-platform";
import { unsignedJwt } from "./unsigned-jwt";

// Atlassian's sample Bitbucket claims (as quoted in gravitational/teleport#48724) and CircleCI's
// documented formats (circleci-docs openid-connect-tokens.adoc, commit 3b3f26e0).
const BITBUCKET_ISSUER = "https://api.bitbucket.org/2.0/workspaces/bbcitest/pipelines-config/identity/oidc";
const BITBUCKET_SUB =
  "{1de489be-ce6a-42a0-a8c8-eadbf1174ac7}:{bd715740-c970-486b-b68a-b421ec2a1f8b}:{759de0c6-eaee-4eaa-b7a6-c507eec759a7}";
const ORG = "8f2f3e4a-6b7c-4d8e-9f00-112233445566";
const CIRCLECI_ISSUER = `https://oidc.circleci.com/org/${ORG}`;
const CIRCLECI_SUB = `org/${ORG}/project/0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3/user/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d`;
const EXCHANGE = "api://AzureADTokenExchange";
const NOW = Date.parse("2026-12-07T10:00:00Z");

describe.each([
  ["bitbucket-pipelines", BITBUCKET_ISSUER, BITBUCKET_SUB, "step's UUID"],
  ["circleci", CIRCLECI_ISSUER, CIRCLECI_SUB, "names the user who triggered the job"],
])("the %s platform entry (Entra cannot match)", (platform, issuer, subject, why) => {
  it("is recognised by its issuer, and by its subject under a loopback issuer", () => {
    expect(issuerPlatform(issuer)).toBe(platform);
    expect(issuerPlatform("https://127.0.0.1:8443", subject)).toBe(platform);
    expect(issuerPlatform(`${issuer}.evil.example`)).toBeUndefined();
  });

  it("the validator warns that no credential can usefully match, and says what to do instead", () => {
    const result = validateFederatedIdentityCredential({
      name: "ci",
      issuer,
      subject,
      audiences: [EXCHANGE],
    });
    expect(result.warnings).toEqual([
      expect.objectContaining({ rule: "unmatchable-platform", message: expect.stringContaining(why) }),
    ]);
    expect(result.warnings[0]?.message).toContain("managed identity");
  });

  it("the validator refuses a flexible credential for its issuer", () => {
    const result = validateFederatedIdentityCredential({
      name: "ci",
      issuer,
      claimsMatchingExpression: {
        value: `claims['sub'] matches '${subject.slice(0, 20)}*'`,
        languageVersion: 1,
      },
      audiences: [EXCHANGE],
    });
    expect(result.valid).toBe(false);
  });

  it("the diagnosis of a refused token explains why", () => {
    const diagnosis = diagnoseEntraError({
      errorDescription: "",
      tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      clientId: "af3110ba-0ba9-4412-b1a0-59f50b7e9273",
      authorityHost: "https://login.microsoftonline.com",
      audience: EXCHANGE,
      now: NOW,
      aadsts: [700213],
      assertion: unsignedJwt({ iss: issuer, sub: subject, aud: EXCHANGE, exp: NOW / 1000 + 200 }),
    });
    expect(diagnosis.likelyCauses.join("\n")).toContain(why);
  });
});
