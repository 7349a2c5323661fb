import { describe, expect, it } from "vitest";
import { diagnoseEntraError } from "../src/diagnosis/diagnose-entra-error";
import { federatedCredentialFromClaims } from "../src/fic/federated-credential-from-claims";
import { matchFederatedCredential } from "../src/fic/match-federated-credential";
import { validateFederatedIdentityCredential } from "../src/fic/validation/validate-federated-identity-credential";
import { issuerPlatform } from "../src/platform/issuer-platform";
import { unsignedJwt } from "./unsigned-jwt";

/** HashiCorp's sample token (workload-identity-tokens.mdx, commit 3354758b of hashicorp/web-unified-docs). */
const ISSUER = "https://app.terraform.io";
const APPLY = "organization:my-org:project:Default Project:workspace:my-workspace:run_phase:apply";
const PLAN = "organization:my-org:project:Default Project:workspace:my-workspace:run_phase:plan";
const EXCHANGE = "api://AzureADTokenExchange";
const NOW = Date.parse("2026-12-07T10:00:00Z");

describe("the HCP Terraform platform entry", () => {
  it.each([
    [ISSUER, undefined, "terraform"],
    ["https://app.eu.terraform.io", undefined, "terraform"],
    ["https://127.0.0.1:8443", APPLY, "terraform"],
    ["https://tfe.contoso.com", PLAN, "terraform"],
    ["https://127.0.0.1:8443", "organization:my-org", undefined],
  ])("%s (%s) is %s", (issuer, subject, platform) => {
    expect(issuerPlatform(issuer, subject)).toBe(platform);
  });

  it("the matcher says a credential trusts the other run phase", () => {
    const credential = { name: "tf", issuer: ISSUER, subject: PLAN, audiences: [EXCHANGE] };
    const result = matchFederatedCredential({ iss: ISSUER, sub: APPLY, aud: EXCHANGE }, [credential]);
    expect(result.matched).toBeUndefined();
    if (result.matched) return;
    expect(result.differences).toEqual([
      expect.objectContaining({
        field: "subject",
        hint: expect.stringContaining("different run phase: the token is the apply's"),
      }),
    ]);
  });

  it("names a credential from a token by core's rule and describes it as HCP Terraform", () => {
    const fic = federatedCredentialFromClaims({ iss: ISSUER, sub: APPLY, aud: EXCHANGE });
    expect(fic.name).toBe("terraform-my-org-project-Default-Project-workspace-my-workspace-run_phase-apply");
    expect(fic.description).toBe(`HCP Terraform: ${APPLY}`);
    expect(validateFederatedIdentityCredential(fic).valid).toBe(true);
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
    unsignedJwt({ iss: ISSUER, sub: APPLY, aud: EXCHANGE, exp: NOW / 1000 + 200, ...claims });

  it("the diagnosis of a subject mismatch names the run phases", () => {
    const diagnosis = diagnoseEntraError({ ...context, aadsts: [700213], assertion: token({}) });
    expect(diagnosis.likelyCauses.join("\n")).toContain("run_phase:plan, run_phase:apply");
  });

  it("the diagnosis of an expired token says it cannot be refreshed", () => {
    const diagnosis = diagnoseEntraError({
      ...context,
      aadsts: [700024],
      assertion: token({ exp: NOW / 1000 - 10 }),
    });
    expect(diagnosis.likelyCauses.join("\n")).toContain("cannot refresh it");
  });
});
