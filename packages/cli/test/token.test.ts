import { randomUUID } from "node:crypto";
import {
  type EntraEmulator,
  type GitHubActionsEmulator,
  startEntraEmulator,
  startGitHubActionsEmulator,
  type TestCertificateAuthority,
  testCertificateAuthority,
} from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AzfedRunOptions, findLeaks, runAzfed, runs } from "./azfed-process";

const SCOPE = "https://management.azure.com/.default";
let ca: TestCertificateAuthority;
let entra: EntraEmulator;
let github: GitHubActionsEmulator;
const tenantId = randomUUID();
const trustedClientId = randomUUID();
const untrustedClientId = randomUUID();
const accessTokens: string[] = [];

function inGitHubJob(clientId: string): AzfedRunOptions {
  return {
    caCertificatePath: ca.certificatePath,
    env: {
      ...github.env(),
      AZURE_TENANT_ID: tenantId,
      AZURE_CLIENT_ID: clientId,
      AZURE_AUTHORITY_HOST: entra.url,
    },
  };
}

beforeAll(async () => {
  ca = await testCertificateAuthority();
  entra = await startEntraEmulator({ ca });
  github = await startGitHubActionsEmulator({
    ca,
    job: { repository: "contoso/webapp", ref: "refs/heads/main" },
  });
  entra.addApplication({
    clientId: trustedClientId,
    tenantId,
    federatedCredentials: [
      {
        name: "main",
        issuer: github.issuer,
        subject: github.subject,
        audiences: ["api://AzureADTokenExchange"],
      },
    ],
  });
  entra.addApplication({ clientId: untrustedClientId, tenantId, federatedCredentials: [] });
});

afterAll(async () => {
  const secrets = [github.requestToken, ...github.issuedTokens, ...accessTokens];
  expect(runs.flatMap((run) => findLeaks(run, secrets))).toEqual([]);
  // The access token only ever appears on the stdout of `azfed token`.
  for (const run of runs) {
    for (const token of accessTokens) expect(run.stderr).not.toContain(token);
  }
  await Promise.all([entra?.close(), github?.close()]);
});

describe("azfed token", () => {
  it("prints the raw access token, and nothing else, for scripts", async () => {
    const run = await runAzfed(["token", "--scope", SCOPE], inGitHubJob(trustedClientId));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const token = run.stdout.trimEnd();
    accessTokens.push(token);
    expect(run.stdout).toBe(`${token}\n`);
    const claims = await entra.verifyAccessToken(token);
    expect(claims).toMatchObject({
      aud: "https://management.azure.com",
      appid: trustedClientId,
      tid: tenantId,
    });
    expect(github.issuedTokens).not.toContain(token);
  });

  it("--json adds the expiry", async () => {
    const run = await runAzfed(["token", "--scope", SCOPE, "--json"], inGitHubJob(trustedClientId));
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout);
    accessTokens.push(answer.accessToken);
    expect(answer).toEqual({
      accessToken: expect.stringMatching(/^eyJ/),
      tokenType: "Bearer",
      expiresOn: new Date(answer.expiresOnTimestamp).toISOString(),
      expiresOnTimestamp: expect.any(Number),
    });
    expect(answer.expiresOnTimestamp).toBeGreaterThan(Date.now());
    await expect(entra.verifyAccessToken(answer.accessToken)).resolves.toBeDefined();
  });

  it("a refused exchange exits 1, with Entra's code and the diagnosis on stderr and nothing on stdout", async () => {
    const run = await runAzfed(["token", "--scope", SCOPE], inGitHubJob(untrustedClientId));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/azfed: error: Entra refused the exchange: AADSTS\d+/);
    expect(run.stderr).toContain("Fix:");
  });

  it("outside any platform exits 1 listing every provider's reason", async () => {
    const run = await runAzfed(["token", "--scope", SCOPE], {
      env: { AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: trustedClientId },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    for (const provider of ["azure-pipelines", "github-actions", "gitlab", "kubernetes", "gcp"]) {
      expect(run.stderr).toContain(`- ${provider}: `);
    }
  });

  it("exits 2 without --scope", async () => {
    const run = await runAzfed(["token"], inGitHubJob(trustedClientId));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("required option '--scope <scope>' not specified");
  });

  it("exits 2 for a malformed scope, naming the flag", async () => {
    const run = await runAzfed(
      ["token", "--scope", "https://management.azure.com/.default extra"],
      inGitHubJob(trustedClientId),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--scope");
  });
});
