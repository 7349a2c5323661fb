import { describe, expect, it } from "vitest";
import { diagnoseEntraError } from "../src/diagnosis/diagnose-entra-error";
import { federatedCredentialFromClaims } from "../src/fic/federated-credential-from-claims";
import { matchFederatedCredential } from "../src/fic/match-federated-credential";
import { validateFederatedIdentityCredential } from "../src/fic/validation/validate-federated-identity-credential";
import { issuerPlatform } from "../src/platform/issuer-platform";
import { unsignedJwt } from "./unsigned-jwt";

/** Buildkite's issuer and its documented default subject (buildkite/docs pages/agent/cli/reference/oidc.md, commit 7e155915e). */
const ISSUER = "https://agent.buildkite.com";
const COMPOUND =
  "organization:acme-inc:pipeline:super-duper-app:ref:refs/heads/main:commit:9f3182061f1e2cca4702c368cbc039b7dc9d4485:step:build";
const NEXT_BUILD =
  "organization:acme-inc:pipeline:super-duper-app:ref:refs/heads/main:commit:b5ffe3aeea51cec6c41aef16e45ee6bce47d8810:step:build";
const PIPELINE_ID = "0191f956-042f-7ec4-aa62-8e5eeae396d0";
const EXCHANGE = "api://AzureADTokenExchange";
const NOW = Date.parse("2026-12-07T10:00:00Z");

describe("the Buildkite platform entry", () => {
  it.each([
    [ISSUER, PIPELINE_ID, "buildkite"],
    [ISSUER, undefined, "buildkite"],
    ["https://127.0.0.1:8443", COMPOUND, "buildkite"],
    // A step without a key leaves the step empty (rubygems/rubygems.org#5412's sample token).
    ["https://127.0.0.1:8443", `${COMPOUND.slice(0, -"build".length)}`, "buildkite"],
    ["https://agent.buildkite.com.evil.example", PIPELINE_ID, undefined],
    ["https://buildkite.com", PIPELINE_ID, undefined],
    // Terraform's subjects also start with organization: and stay Terraform's (a workspace run's
    // subject is recognised under any issuer, Terraform Enterprise's and the emulator's too).
    ["https://app.terraform.io", "organization:o:project:p:workspace:w:run_phase:plan", "terraform"],
    ["https://127.0.0.1:8443", "organization:o:project:p:workspace:w:run_phase:plan", "terraform"],
  ])("%s (%s) is %s", (issuer, subject, platform) => {
    expect(issuerPlatform(issuer, subject)).toBe(platform);
  });

  it.each([
    [COMPOUND, "changes with every build"],
    [PIPELINE_ID.toUpperCase(), `use ${PIPELINE_ID}`],
    ["super-duper-app", "subject_claim pipeline_id"],
  ])("the validator warns on the subject %s", (subject, words) => {
    const result = validateFederatedIdentityCredential({
      name: "buildkite-app",
      issuer: ISSUER,
      subject,
      audiences: [EXCHANGE],
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        field: "subject",
        rule: "buildkite-subject-shape",
        message: expect.stringContaining(words),
      }),
    ]);
  });

  it("the validator accepts a pipeline's UUID and warns on a trailing slash after the issuer", () => {
    const clean = validateFederatedIdentityCredential({
      name: "buildkite-app",
      issuer: ISSUER,
      subject: PIPELINE_ID,
      audiences: [EXCHANGE],
    });
    expect(clean.warnings).toEqual([]);
    expect(clean.errors).toEqual([]);
    const slash = validateFederatedIdentityCredential({
      name: "buildkite-app",
      issuer: `${ISSUER}/`,
      subject: PIPELINE_ID,
      audiences: [EXCHANGE],
    });
    expect([...slash.errors, ...slash.warnings].map((problem) => problem.field)).toContain("issuer");
  });

  it.each([
    [COMPOUND, PIPELINE_ID, "default compound subject"],
    [PIPELINE_ID, COMPOUND, "the token's subject is a UUID"],
    [NEXT_BUILD, COMPOUND, "different commit"],
  ])("the matcher explains a token %s against a credential %s", (presented, expected, hint) => {
    const credential = { name: "buildkite", issuer: ISSUER, subject: expected, audiences: [EXCHANGE] };
    const result = matchFederatedCredential({ iss: ISSUER, sub: presented, aud: EXCHANGE }, [credential]);
    expect(result.matched).toBeUndefined();
    if (result.matched) return;
    expect(result.differences).toEqual([
      expect.objectContaining({ field: "subject", hint: expect.stringContaining(hint) }),
    ]);
  });

  it("names a credential from a token after the pipeline's UUID", () => {
    const fic = federatedCredentialFromClaims({ iss: ISSUER, sub: PIPELINE_ID, aud: EXCHANGE });
    expect(fic).toMatchObject({ name: `buildkite-${PIPELINE_ID}`, subject: PIPELINE_ID, issuer: ISSUER });
    expect(fic.description).toBe(`Buildkite: ${PIPELINE_ID}`);
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
    unsignedJwt({ iss: ISSUER, sub: PIPELINE_ID, aud: EXCHANGE, exp: NOW / 1000 + 200, ...claims });

  it("the diagnosis of a compound subject asks for subject_claim pipeline_id", () => {
    const diagnosis = diagnoseEntraError({
      ...context,
      aadsts: [700213],
      assertion: token({ sub: COMPOUND }),
    });
    expect(diagnosis.likelyCauses.join("\n")).toContain(
      "changes with every build; ask for the token with subject_claim pipeline_id",
    );
  });

  it("the diagnosis of a UUID subject names the claim's UUID", () => {
    const diagnosis = diagnoseEntraError({ ...context, aadsts: [700213], assertion: token({}) });
    expect(diagnosis.likelyCauses.join("\n")).toContain("pipeline_id gives the pipeline's UUID");
  });

  it("the diagnosis of an issuer mismatch says every organisation shares the issuer", () => {
    const diagnosis = diagnoseEntraError({ ...context, aadsts: [700211], assertion: token({}) });
    expect(diagnosis.likelyCauses.join("\n")).toContain("the one issuer https://agent.buildkite.com");
  });

  it("the diagnosis of an expired Buildkite token says it lives 5 minutes", () => {
    const diagnosis = diagnoseEntraError({
      ...context,
      aadsts: [700024],
      assertion: token({ exp: NOW / 1000 - 10 }),
    });
    expect(diagnosis.likelyCauses.join("\n")).toContain("A Buildkite OIDC token lives 5 minutes");
  });
});
