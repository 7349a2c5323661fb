import { randomUUID } from "node:crypto";
import { AuthenticationError, FederatedTokenCredential } from "@azfed/core";
import { githubActions } from "@azfed/identity/github";
import { describe, expect, it } from "vitest";
import {
  EXCHANGE_AUDIENCE,
  entra,
  ficFile,
  github,
  inGitHubJob,
  matchingClientId,
  mismatchingClientId,
  tenantId,
  useDoctorPlatforms,
} from "./doctor-platforms";
import { runAzfed } from "./run-azfed";

useDoctorPlatforms();

describe("azfed doctor on GitHub Actions", () => {
  it("detects the platform and prints the claims that matter, never the token", async () => {
    const run = await runAzfed(["doctor"], inGitHubJob(matchingClientId));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Platform {2}github-actions \(detected: /);
    expect(run.stdout).toMatch(new RegExp(`iss +${github.issuer.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\n`));
    expect(run.stdout).toMatch(/sub +repo:contoso\/webapp:environment:production\n/);
    expect(run.stdout).toMatch(/aud +api:\/\/AzureADTokenExchange\n/);
    expect(run.stdout).toMatch(
      /exp +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \(in (5 minutes|[2-9]\d\d? seconds)\)\n/,
    );
    expect(run.stdout).toMatch(/repository +contoso\/webapp\n/);
    expect(run.stdout).toMatch(/environment +production\n/);
    expect(run.stdout).toMatch(/ref +refs\/heads\/main\n/);
    expect(run.stdout).toMatch(/job_workflow_ref +/);
    expect(run.stdout).toContain("No problems found.");
    expect(github.issuedTokens.length).toBeGreaterThan(0);
  });

  it("--fic: names the credential that matches", async () => {
    const fics = ficFile("github-ok.json", [
      {
        name: "other",
        issuer: github.issuer,
        subject: "repo:contoso/other:ref:refs/heads/main",
        audiences: [EXCHANGE_AUDIENCE],
      },
      { name: "prod", issuer: github.issuer, subject: github.subject, audiences: [EXCHANGE_AUDIENCE] },
    ]);
    const run = await runAzfed(["doctor", "--fic", fics], inGitHubJob(matchingClientId));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('matches "prod"');
  });

  it("--fic: exits 1 with the nearest credential and each differing field, calling out case and trailing slash", async () => {
    const fics = ficFile("github-near.json", [
      {
        name: "prod-typo",
        issuer: `${github.issuer}/`,
        subject: "repo:Contoso/WebApp:environment:production",
        audiences: [EXCHANGE_AUDIENCE],
      },
      {
        name: "far",
        issuer: "https://gitlab.com",
        subject: "project_path:a/b:ref_type:branch:ref:main",
        audiences: ["x"],
      },
    ]);
    const run = await runAzfed(["doctor", "--fic", fics], inGitHubJob(matchingClientId));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('no credential matches this token; the nearest is "prod-typo"');
    expect(run.stdout).toMatch(
      /issuer\n +token has +https:\/\/127\.0\.0\.1:\d+\S*\n +FIC expects +https:\/\/127\.0\.0\.1:\d+\S*\/\n +trailing slash/,
    );
    expect(run.stdout).toMatch(
      /subject\n +token has +repo:contoso\/webapp:environment:production\n +FIC expects +repo:Contoso\/WebApp:environment:production\n +differs only in letter case/,
    );
    expect(run.stdout).toContain("az ad app federated-credential create --id");
  });

  it("--fic --exchange: an issuer-only mismatch prints one fix, the same update in both sections, never a create (issue 19)", async () => {
    const clientId = randomUUID();
    const existing = {
      name: "github-prod-deploy",
      issuer: `${github.issuer}/`,
      subject: github.subject,
      audiences: [EXCHANGE_AUDIENCE],
    };
    entra.addApplication({ clientId, tenantId, federatedCredentials: [existing] });
    const fics = ficFile("github-issuer-slash.json", [existing]);
    const run = await runAzfed(["doctor", "--fic", fics, "--exchange"], inGitHubJob(clientId));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('The fix: update "github-prod-deploy" to match this token:');
    expect(run.stdout).not.toContain("federated-credential create");
    const updates = run.stdout
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line.startsWith("az ad app federated-credential update"));
    // doctor --fic's section and the exchange's diagnosis: the same command, word for word.
    expect(updates).toHaveLength(2);
    expect(updates[0]).toContain("--federated-credential-id github-prod-deploy");
    expect(updates[1]).toBe(updates[0]);
  });

  it("--fic: calls out an audience of another cloud", async () => {
    const fics = ficFile("github-usgov.json", [
      {
        name: "prod",
        issuer: github.issuer,
        subject: github.subject,
        audiences: ["api://AzureADTokenExchangeUSGov"],
      },
    ]);
    const run = await runAzfed(["doctor", "--fic", fics, "--json"], inGitHubJob(matchingClientId));
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.federatedCredentials).toMatchObject({ matched: null, nearest: "prod" });
    const [difference] = report.federatedCredentials.differences;
    expect(difference).toMatchObject({
      field: "audience",
      presented: EXCHANGE_AUDIENCE,
      expected: "api://AzureADTokenExchangeUSGov",
    });
    expect(difference.hint).toMatch(/US ?Gov|usgov/i);
  });

  it("--exchange: Entra issues a token and doctor says when it expires, without printing it", async () => {
    const run = await runAzfed(["doctor", "--exchange"], inGitHubJob(matchingClientId));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✓ Entra issued an access token, valid until \d{4}-.*Z \(in \d+ minutes\)/);
    const exchange = entra.requests.find(
      (request) => request.endpoint === "token" && request.form.client_id === matchingClientId,
    );
    expect(exchange).toMatchObject({ status: 200, assertionClaims: { sub: github.subject } });
  });

  it("--exchange: a refused exchange exits 1 with the library's diagnosis", async () => {
    // What the library says for the same refusal.
    const credential = new FederatedTokenCredential({
      tenantId,
      clientId: mismatchingClientId,
      authorityHost: entra.url,
      assertion: githubActions({ env: github.env(), dispatcher: github.dispatcher }),
      dispatcher: entra.dispatcher,
    });
    const refusal = await credential
      .getToken("https://management.azure.com/.default")
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AuthenticationError);
    const { diagnosis, aadsts } = refusal as AuthenticationError;

    const run = await runAzfed(["doctor", "--exchange"], inGitHubJob(mismatchingClientId));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`✗ Entra refused the exchange: AADSTS${aadsts[0]}`);
    expect(run.stdout).toContain(diagnosis.summary);
    for (const step of diagnosis.fix) expect(run.stdout).toContain(step.split("\n")[0]);
    expect(run.stdout).toContain("correlation id");
  });

  it("--exchange --json: machine-readable findings", async () => {
    const run = await runAzfed(["doctor", "--exchange", "--json"], inGitHubJob(mismatchingClientId));
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.platform).toMatchObject({
      detected: true,
      provider: "github-actions",
      chosenBy: "detection",
    });
    expect(report.claims).toMatchObject({
      sub: github.subject,
      repository: "contoso/webapp",
      environment: "production",
    });
    expect(report.claims.expiresAt).toMatch(/Z$/);
    expect(report.exchange).toMatchObject({
      attempted: true,
      succeeded: false,
      clientId: mismatchingClientId,
    });
    expect(report.exchange.aadsts.length).toBeGreaterThan(0);
    expect(report.exchange.diagnosis.summary).toEqual(expect.any(String));
    expect(report.problems).toHaveLength(1);
  });

  it("--exchange without a client id says what to set", async () => {
    const options = inGitHubJob(matchingClientId);
    const run = await runAzfed(["doctor", "--exchange"], {
      ...options,
      env: { ...options.env, AZURE_CLIENT_ID: undefined },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("cannot exchange: no client id (AZURE_CLIENT_ID or --client-id) is set");
  });
});
