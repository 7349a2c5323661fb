import { describe, expect, it } from "vitest";
import { diagnoseEntraError } from "../src/diagnosis/diagnose-entra-error";
import { federatedCredentialFromClaims } from "../src/fic/federated-credential-from-claims";
import { matchFederatedCredential } from "../src/fic/match-federated-credential";
import { validateFederatedIdentityCredential } from "../src/fic/validation/validate-federated-identity-credential";
import { issuerPlatform } from "../src/platform/issuer-platform";
import { unsignedJwt } from "./unsigned-jwt";

/** AWS's sample issuer and subject (IAM user guide, "Understanding token claims", read 2026-12-07). */
const ISSUER = "https://abc123-def456-ghi789-jkl012.tokens.sts.global.api.aws";
const ROLE = "arn:aws:iam::123456789012:role/DataProcessingRole";
const SESSION = "arn:aws:sts::123456789012:assumed-role/DataProcessingRole/i-0abc";
const EXCHANGE = "api://AzureADTokenExchange";
const NOW = Date.parse("2026-12-07T10:00:00Z");

describe("the AWS platform entry", () => {
  it.each([
    [ISSUER, undefined, "aws"],
    ["https://a124dc86-7fee-4e8e-a98d-640682d5143c.tokens.sts.global.api.aws", undefined, "aws"],
    ["https://127.0.0.1:8443/a124dc86", ROLE, "aws"],
    ["https://127.0.0.1:8443/a124dc86", SESSION, "aws"],
    ["https://127.0.0.1:8443/a124dc86", "arn:aws-us-gov:iam::123456789012:role/app", "aws"],
    ["https://tokens.sts.global.api.aws", undefined, undefined],
    ["https://x.tokens.sts.global.api.aws.evil.example", undefined, undefined],
    ["https://sts.amazonaws.com", undefined, undefined],
    ["https://127.0.0.1:8443", "arn:aws:s3:::bucket", undefined],
    // An ARN subject under another platform's issuer stays that platform's.
    ["https://token.actions.githubusercontent.com", ROLE, "github-actions"],
  ])("%s (%s) is %s", (issuer, subject, platform) => {
    expect(issuerPlatform(issuer, subject)).toBe(platform);
  });

  it("the validator warns on a role session's ARN and names the role ARN to use instead", () => {
    const result = validateFederatedIdentityCredential({
      name: "aws-app",
      issuer: ISSUER,
      subject: SESSION,
      audiences: [EXCHANGE],
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        field: "subject",
        rule: "aws-subject-shape",
        message: expect.stringContaining("arn:aws:iam::123456789012:role/DataProcessingRole"),
      }),
    ]);
    const clean = validateFederatedIdentityCredential({
      name: "aws-app",
      issuer: ISSUER,
      subject: ROLE,
      audiences: [EXCHANGE],
    });
    expect(clean.warnings).toEqual([]);
  });

  it.each([
    ["a session ARN", SESSION, "names a role session"],
    ["another account", "arn:aws:iam::210987654321:role/DataProcessingRole", "different AWS account"],
    ["another role", "arn:aws:iam::123456789012:role/Other", "different role: the workload runs as"],
    ["another path", "arn:aws:iam::123456789012:role/etl/DataProcessingRole", "different role path"],
  ])("the matcher explains a credential for %s", (_, subject, hint) => {
    const credential = { name: "aws", issuer: ISSUER, subject, audiences: [EXCHANGE] };
    const result = matchFederatedCredential({ iss: ISSUER, sub: ROLE, aud: EXCHANGE }, [credential]);
    expect(result.matched).toBeUndefined();
    if (result.matched) return;
    expect(result.differences).toEqual([
      expect.objectContaining({ field: "subject", hint: expect.stringContaining(hint) }),
    ]);
  });

  it("names a credential from a token after the account and role", () => {
    const fic = federatedCredentialFromClaims({ iss: ISSUER, sub: ROLE, aud: EXCHANGE });
    expect(fic).toMatchObject({ name: "aws-123456789012-role-DataProcessingRole", subject: ROLE });
    expect(fic.description).toBe(`AWS: ${ROLE}`);
  });

  const context = {
    errorDescription: "",
    tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
    clientId: "af3110ba-0ba9-4412-b1a0-59f50b7e9273",
    authorityHost: "https://login.microsoftonline.com",
    audience: EXCHANGE,
    now: NOW,
  };
  const token = (claims: Record<string, unknown>) =>
    unsignedJwt({ iss: ISSUER, sub: ROLE, aud: EXCHANGE, exp: NOW / 1000 + 200, ...claims });

  it("the diagnosis of a subject mismatch asks for the role ARN, path included", () => {
    const diagnosis = diagnoseEntraError({ ...context, aadsts: [700213], assertion: token({}) });
    expect(diagnosis.likelyCauses.join("\n")).toContain(
      `The credential's subject must be the role's ARN exactly, path included (${ROLE})`,
    );
  });

  it("the diagnosis of an issuer mismatch says each account has its own issuer", () => {
    const diagnosis = diagnoseEntraError({ ...context, aadsts: [700211], assertion: token({}) });
    expect(diagnosis.likelyCauses.join("\n")).toContain("Each AWS account has its own issuer");
  });

  it("the diagnosis of an expired AWS token says the token lives DurationSeconds", () => {
    const diagnosis = diagnoseEntraError({
      ...context,
      aadsts: [700024],
      assertion: token({ exp: NOW / 1000 - 10 }),
    });
    expect(diagnosis.likelyCauses.join("\n")).toContain("An AWS token lives DurationSeconds");
  });
});
