// The one file that starts the BUILT `azfed` executable (dist/bin.js) in a child process, as a
// pipeline step would: exit codes, the two streams, stdin, NODE_EXTRA_CA_CERTS, and that no token
// reaches the output. Every other cli test runs the command in-process through `runCli`.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  type EntraEmulator,
  type GitHubActionsEmulator,
  startEntraEmulator,
  startGitHubActionsEmulator,
  type TestCertificateAuthority,
  testCertificateAuthority,
} from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AzfedBinaryOptions, runAzfedBinary } from "./azfed-process";
import { findLeaks, runs } from "./azfed-run";

const SCOPE = "https://management.azure.com/.default";
const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};
const tenantId = randomUUID();
const trustedClientId = randomUUID();
const untrustedClientId = randomUUID();
const accessTokens: string[] = [];
let ca: TestCertificateAuthority;
let entra: EntraEmulator;
let github: GitHubActionsEmulator;

/** A GitHub Actions job whose app is `clientId`; the child trusts the emulators' CA file. */
function inGitHubJob(clientId: string): AzfedBinaryOptions {
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
    job: { repository: "contoso/webapp", ref: "refs/heads/main", eventName: "push" },
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
  for (const run of runs) {
    for (const token of accessTokens) expect(run.stderr).not.toContain(token);
  }
  await Promise.all([entra?.close(), github?.close()]);
});

describe("the azfed executable", () => {
  it("prints its package.json version and exits 0", async () => {
    const run = await runAzfedBinary(["--version"]);
    expect(run).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("prints a subject on stdout, nothing on stderr, and exits 0", async () => {
    const run = await runAzfedBinary([
      "subject",
      "github",
      "--repository",
      "contoso/app",
      "--branch",
      "main",
    ]);
    expect(run).toMatchObject({ code: 0, stdout: "repo:contoso/app:ref:refs/heads/main\n", stderr: "" });
  });

  it("exits 2 for a usage error, with the message on stderr, uncoloured when piped", async () => {
    const run = await runAzfedBinary(["subject", "github", "--repositry", "contoso/app"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("unknown option '--repositry'");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes
    expect(run.stderr).not.toMatch(/\u001b\[/);
  });

  it("exits 2 for a --provider no provider has, naming the flag, the valid names and the fix", async () => {
    const run = await runAzfedBinary(["token", "--provider", "nope"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      'azfed: error: Invalid --provider: got "nope"; expected a provider name ("azure-pipelines", "github-actions",',
    );
    expect(run.stderr).toContain("leave --provider out to detect the platform");
    expect(run.stderr).not.toContain("`provider`");
  });

  it("reads stdin and exits 1 when it finds a problem", async () => {
    const fic = {
      name: "bad name",
      issuer: "https://token.actions.githubusercontent.com",
      subject: "x",
      audiences: ["api://AzureADTokenExchange"],
    };
    const run = await runAzfedBinary(["validate", "-"], { stdin: JSON.stringify([fic]) });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("rule: name-characters");
    expect(run.stderr).toBe("");
  });

  it("gets a token over HTTPS trusting NODE_EXTRA_CA_CERTS, printing it on stdout only", async () => {
    const run = await runAzfedBinary(["token", "--scope", SCOPE], inGitHubJob(trustedClientId));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const token = run.stdout.trimEnd();
    accessTokens.push(token);
    expect(run.stdout).toBe(`${token}\n`);
    await expect(entra.verifyAccessToken(token)).resolves.toMatchObject({
      appid: trustedClientId,
      tid: tenantId,
    });
  });

  it("exits 1 for a refused exchange, explaining it on stderr without any token", async () => {
    const run = await runAzfedBinary(["token", "--scope", SCOPE], inGitHubJob(untrustedClientId));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/azfed: error: Entra refused the exchange: AADSTS\d+/);
    expect(github.issuedTokens.length).toBeGreaterThan(0);
  });
});
