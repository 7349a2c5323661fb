import { describe, expect, it } from "vitest";
import { diagnoseEntraError } from "../src/diagnosis/diagnose-entra-error";
import { federatedCredentialFromClaims } from "../src/fic/federated-credential-from-claims";
import { matchFederatedCredential } from "../src/fic/match-federated-credential";
import { validateFederatedIdentityCredential } from "../src/fic/validation/validate-federated-identity-credential";
import { issuerPlatform } from "../src/platform/issuer-platform";
import { unsignedJwt } from "./unsigned-jwt";

/** The plugin README's example (jenkinsci/oidc-provider-plugin, commit b5cde4512a23a05cbb45b722d3f48693c34baa51, checked 2026-12-07). */
const ISSUER = "https://jenkins.acme.com/oidc";
const SUBJECT = "https://jenkins.acme.com/job/my-job/";
const EXCHANGE = "api://AzureADTokenExchange";
const NOW = Date.parse("2026-12-07T10:00:00Z");

describe("the Jenkins platform entry", () => {
  it.each([
    [ISSUER, SUBJECT, "jenkins"],
    ["https://jenkins.acme.com/oidc/job/team", "https://jenkins.acme.com/job/team/job/app/", "jenkins"],
    ["https://id.example.com", SUBJECT, "jenkins"],
    [ISSUER, "https://jenkins.acme.com/view/all/", undefined],
    [ISSUER, "repo:contoso/app:ref:refs/heads/main", undefined],
    ["https://token.actions.githubusercontent.com", SUBJECT, "github-actions"],
  ])("%s (%s) is %s", (issuer, subject, platform) => {
    expect(issuerPlatform(issuer, subject)).toBe(platform);
  });

  it("the validator warns on a job URL without its trailing slash", () => {
    const result = validateFederatedIdentityCredential({
      name: "jenkins",
      issuer: ISSUER,
      subject: "https://jenkins.acme.com/job/my-job",
      audiences: [EXCHANGE],
    });
    expect(result.warnings).toEqual([
      expect.objectContaining({
        rule: "jenkins-subject-shape",
        message: expect.stringContaining(`use ${SUBJECT}`),
      }),
    ]);
    expect(
      validateFederatedIdentityCredential({
        name: "jenkins",
        issuer: ISSUER,
        subject: SUBJECT,
        audiences: [EXCHANGE],
      }).warnings,
    ).toEqual([]);
  });

  it.each([
    ["https://jenkins.acme.com/job/my-job", "lacks the job URL's trailing slash"],
    ["https://jenkins.acme.com/job/other/", "different job"],
  ])("the matcher explains a credential for %s", (subject, hint) => {
    const result = matchFederatedCredential({ iss: ISSUER, sub: SUBJECT, aud: EXCHANGE }, [
      { name: "jenkins", issuer: ISSUER, subject, audiences: [EXCHANGE] },
    ]);
    expect(result.matched).toBeUndefined();
    if (result.matched) return;
    expect(result.differences).toEqual([
      expect.objectContaining({ field: "subject", hint: expect.stringContaining(hint) }),
    ]);
  });

  it("names a credential from a token after the job's folders and name", () => {
    const fic = federatedCredentialFromClaims({
      iss: ISSUER,
      sub: "https://jenkins.acme.com/job/team/job/app/",
      aud: EXCHANGE,
    });
    expect(fic).toMatchObject({ name: "jenkins-team-app" });
  });

  it("the diagnosis names the issuer's shape, the default subject and the token lifetime", () => {
    const context = {
      errorDescription: "",
      tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      clientId: "af3110ba-0ba9-4412-b1a0-59f50b7e9273",
      authorityHost: "https://login.microsoftonline.com",
      audience: EXCHANGE,
      now: NOW,
    };
    const token = (exp: number) => unsignedJwt({ iss: ISSUER, sub: SUBJECT, aud: EXCHANGE, exp });
    const causes = (code: number, exp: number) =>
      diagnoseEntraError({ ...context, aadsts: [code], assertion: token(exp) }).likelyCauses.join("\n");
    expect(causes(700211, NOW / 1000 + 200)).toContain("Jenkins root URL followed by oidc");
    expect(causes(700213, NOW / 1000 + 200)).toContain("the job's URL with its trailing slash");
    expect(causes(700024, NOW / 1000 - 10)).toContain("3600 s by default");
  });
});
