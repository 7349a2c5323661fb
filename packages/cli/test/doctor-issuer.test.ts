import { type OidcIssuer, type OidcIssuerMisconfiguration, startOidcIssuer } from "@azfed/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runAzfed } from "./run-azfed";

// What Entra needs of an issuer before it trusts its tokens: it fetches
// {issuer}/.well-known/openid-configuration and the jwks_uri itself (AADSTS50166 / 501661 when it
// cannot), and supports RS256 tokens only (entra-docs workload-identity-federation-considerations.md,
// "Only issuers that provide tokens signed using the RS256 algorithm are supported").
let issuer: OidcIssuer;
let slashIssuer: OidcIssuer;

beforeAll(async () => {
  issuer = await startOidcIssuer({ path: "/gitlab" });
  slashIssuer = await startOidcIssuer({ path: "/oidc", trailingSlash: true, ca: issuer.ca });
});
afterAll(async () => {
  await issuer.close();
  await slashIssuer.close();
});
beforeEach(() => {
  issuer.misconfigure("none");
});

const doctor = (url: string, ...extra: string[]) =>
  runAzfed(["doctor", "--issuer", url, ...extra], { ca: issuer.ca });

describe("azfed doctor --issuer", () => {
  it("passes an issuer Entra can use, without fetching any platform token", async () => {
    const run = await doctor(issuer.issuer);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`the document's issuer is "${issuer.issuer}", exactly the URL given`);
    expect(run.stdout).toContain("RSA keys for RS256: kid");
    expect(run.stdout).toContain('every key says "use": "sig"');
    expect(run.stdout).toContain("AADSTS50166");
    expect(run.stdout).not.toContain("✗");
    expect(issuer.count("openid-configuration")).toBeGreaterThan(0);
  });

  it("keeps an issuer's trailing slash when it is the issuer's own", async () => {
    const run = await doctor(slashIssuer.issuer);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`exactly the URL given`);
  });

  it.each<[OidcIssuerMisconfiguration, string]>([
    ["issuer-trailing-slash", "differ only in the trailing slash"],
    ["no-jwks-uri", "jwks_uri is missing"],
    ["jwks-not-found", "answered HTTP 404"],
    ["es256-keys", "no RSA key for RS256 in the key set; found kid"],
    ["encryption-keys", 'use "enc"'],
    ["keys-without-use", 'keys without "use": "sig", which Entra expects on signing keys'],
    ["not-json", "is not JSON"],
    ["huge-discovery", "could not be read"],
  ])("finds %s", async (mode, expected) => {
    issuer.misconfigure(mode);
    const run = await doctor(issuer.issuer);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✗");
    expect(run.stdout).toContain(expected);
  });

  it("escapes the control characters an issuer serves before they reach the terminal", async () => {
    issuer.misconfigure("other-issuer");
    const run = await doctor(issuer.issuer);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("issuer.example\\u001b[31m.invalid");
    expect(run.stdout).not.toContain("\u001b");
  });

  it("refuses an http issuer without a request", async () => {
    const before = issuer.count("openid-configuration");
    const run = await doctor(issuer.issuer.replace("https:", "http:"));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("is not an https URL");
    expect(issuer.count("openid-configuration")).toBe(before);
  });

  it("reports an issuer that drops the connection as unreachable, naming AADSTS50166", async () => {
    issuer.failNext(1, { drop: true });
    const run = await doctor(issuer.issuer);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("could not be read");
    expect(run.stdout).toContain("AADSTS50166 / 501661");
  });

  it("prints the findings as JSON with --json", async () => {
    issuer.misconfigure("jwks-not-found");
    const run = await doctor(issuer.issuer, "--json");
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { check: string; ok: unknown }[]; problems: number };
    expect(report.problems).toBe(1);
    expect(report.findings.find((finding) => finding.ok === false)?.check).toBe("jwks-reachable");
  });
});
