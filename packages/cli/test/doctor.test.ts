import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuthenticationError, FederatedTokenCredential } from "@azfed/core";
import { githubActions } from "@azfed/identity/github";
import {
  type AzureDevOpsEmulator,
  type EntraEmulator,
  type GcpMetadataEmulator,
  type GitHubActionsEmulator,
  type GitLabJob,
  type KubernetesTokenFile,
  type PlatformEmulators,
  startPlatformEmulators,
  type TestCertificateAuthority,
} from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findLeaks, runs } from "./azfed-run";
import { type AzfedRunOptions, runAzfed } from "./run-azfed";

const EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";
const directory = mkdtempSync(join(tmpdir(), "azfed-doctor-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
function ficFile(name: string, fics: unknown[]): string {
  const path = join(directory, name);
  writeFileSync(path, JSON.stringify(fics));
  return path;
}

let platforms: PlatformEmulators | undefined;
let ca: TestCertificateAuthority;
let entra: EntraEmulator;
let github: GitHubActionsEmulator;
let gitlabJob: GitLabJob;
let kubernetesFile: KubernetesTokenFile;
let gcpMetadata: GcpMetadataEmulator;
let devops: AzureDevOpsEmulator;
const entraConnection = {
  id: randomUUID(),
  name: "prod-arm",
  issuer: "entra" as const,
  clientId: randomUUID(),
};
const tenantId = randomUUID();
const matchingClientId = randomUUID();
const mismatchingClientId = randomUUID();

/** A GitHub Actions job whose app trusts `client`; the child trusts the emulators' CA. */
function inGitHubJob(clientId: string): AzfedRunOptions {
  return {
    ca,
    env: {
      ...github.env(),
      AZURE_TENANT_ID: tenantId,
      AZURE_CLIENT_ID: clientId,
      AZURE_AUTHORITY_HOST: entra.url,
    },
  };
}

beforeAll(async () => {
  platforms = await startPlatformEmulators({
    github: {
      job: {
        repository: "contoso/webapp",
        environment: "production",
        ref: "refs/heads/main",
        eventName: "push",
      },
    },
    gitlab: { projectPath: "contoso/platform/api", branch: "main" },
    kubernetes: (started) => ({
      namespace: "apps",
      serviceAccount: "api",
      tenantId,
      clientId: matchingClientId,
      authorityHost: started.url,
    }),
    azureDevOps: { tenantId, serviceConnections: [entraConnection] },
  });
  ({ ca, entra, github, gitlab: gitlabJob, kubernetes: kubernetesFile, gcp: gcpMetadata } = platforms);
  devops = platforms.azureDevOps;
  entra.addApplication({
    clientId: matchingClientId,
    tenantId,
    federatedCredentials: [
      {
        name: "github-production",
        issuer: github.issuer,
        subject: github.subject,
        audiences: [EXCHANGE_AUDIENCE],
      },
    ],
  });
  entra.addApplication({
    clientId: mismatchingClientId,
    tenantId,
    federatedCredentials: [
      {
        name: "github-main",
        issuer: github.issuer,
        subject: "repo:contoso/webapp:ref:refs/heads/main",
        audiences: [EXCHANGE_AUDIENCE],
      },
    ],
  });
});

afterAll(async () => {
  // Redaction: no output stream of any run holds a platform token, a request token or an access token.
  const secrets = [
    github.requestToken,
    ...github.issuedTokens,
    ...Object.values(gitlabJob.env).filter((value) => value.startsWith("eyJ")),
    ...kubernetesFile.history.map((written) => written.token),
    ...gcpMetadata.issuedTokens,
    devops.accessToken,
  ];
  expect(runs.flatMap((run) => findLeaks(run, secrets))).toEqual([]);
  await platforms?.close();
});

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

describe("azfed doctor on the other platforms", () => {
  it("GitLab CI: project_path, ref_type and ref; a missing trailing slash on the issuer is called out", async () => {
    const fics = ficFile("gitlab.json", [
      {
        name: "api-main",
        issuer: `${gitlabJob.instanceUrl}/`,
        subject: gitlabJob.subject,
        audiences: [EXCHANGE_AUDIENCE],
      },
    ]);
    const run = await runAzfed(["doctor", "--fic", fics], {
      ca,
      env: { ...gitlabJob.env },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Platform {2}gitlab \(detected: /);
    expect(run.stdout).toMatch(/project_path +contoso\/platform\/api\n/);
    expect(run.stdout).toMatch(/ref_type +branch\n/);
    expect(run.stdout).toMatch(/sub +project_path:contoso\/platform\/api:ref_type:branch:ref:main\n/);
    expect(run.stdout).toContain("trailing slash");
  });

  it("Kubernetes: namespace and service account from the projected token; exchange with the webhook's variables", async () => {
    entra.addApplication({
      clientId: kubernetesFile.clientId,
      tenantId,
      kind: "managedIdentity",
      federatedCredentials: [
        {
          name: "apps-api",
          issuer: kubernetesFile.issuer,
          subject: kubernetesFile.subject,
          audiences: [EXCHANGE_AUDIENCE],
        },
      ],
    });
    const run = await runAzfed(["doctor", "--exchange", "--scope", "https://storage.azure.com/.default"], {
      ca,
      env: kubernetesFile.env(),
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Platform {2}kubernetes \(detected: /);
    expect(run.stdout).toMatch(/sub +system:serviceaccount:apps:api\n/);
    expect(run.stdout).toMatch(/kubernetes\.io\.namespace +apps\n/);
    expect(run.stdout).toMatch(/kubernetes\.io\.serviceaccount\.name +api\n/);
    expect(run.stdout).toContain("✓ Entra issued an access token");
  });

  it("Azure Pipelines: the FIC `azfed fic` writes for the service connection is the one Entra matches", async () => {
    const fic = await runAzfed([
      "fic",
      "azure-pipelines",
      "--tenant-id",
      tenantId,
      "--organization-id",
      devops.organizationId,
      "--service-connection-id",
      entraConnection.id,
      // The emulated issuer stands in for https://login.microsoftonline.com/{tenant}/v2.0.
      "--issuer",
      devops.issuerOf(entraConnection.id),
    ]);
    expect(fic.code).toBe(0);
    const credential = JSON.parse(fic.stdout);
    expect(credential.subject).toBe(devops.subjectOf(entraConnection.id));
    entra.addApplication({
      clientId: entraConnection.clientId,
      tenantId,
      federatedCredentials: [credential],
    });

    const run = await runAzfed(["doctor", "--exchange"], {
      ca,
      env: { ...devops.env({ serviceConnectionId: entraConnection.id }), AZURE_AUTHORITY_HOST: entra.url },
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Platform {2}azure-pipelines \(detected: /);
    expect(run.stdout).toMatch(new RegExp(`sub +${devops.subjectOf(entraConnection.id)}\n`));
    expect(run.stdout).toContain("✓ Entra issued an access token");
  });

  it("Azure Pipelines without SYSTEM_ACCESSTOKEN mapped: the platform's reason, exit 1", async () => {
    const run = await runAzfed(["doctor"], {
      ca,
      env: devops.env({ serviceConnectionId: entraConnection.id, mapAccessToken: false }),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("SYSTEM_ACCESSTOKEN");
  });

  it("Google Cloud: the metadata server's identity token and its email", async () => {
    const run = await runAzfed(["doctor", "--json"], {
      ca,
      env: gcpMetadata.env(),
    });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.platform).toMatchObject({ provider: "gcp", detected: true });
    expect(report.claims).toMatchObject({
      sub: gcpMetadata.serviceAccount.uniqueId,
      email: gcpMetadata.serviceAccount.email,
    });
    expect(report.audience).toBe(EXCHANGE_AUDIENCE);
  });

  it("--provider skips detection and names what is missing when that platform is absent", async () => {
    const run = await runAzfed(["doctor", "--provider", "kubernetes"], { env: {} });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("no platform detected");
    expect(run.stdout).toMatch(/kubernetes: .*AZURE_FEDERATED_TOKEN_FILE/);
  });

  it("no platform at all: exits 1 and gives every provider's reason, whatever the test process's environment", async () => {
    // The command sees only the environment it is given: a GitHub job in process.env changes nothing.
    for (const [name, value] of Object.entries(inGitHubJob(matchingClientId).env ?? {}))
      vi.stubEnv(name, value);
    const run = await runAzfed(["doctor", "--json"], { env: {} }).finally(() => vi.unstubAllEnvs());
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.platform.detected).toBe(false);
    expect(report.platform.reports.map((entry: { provider: string }) => entry.provider)).toEqual([
      "azure-pipelines",
      "github-actions",
      "gitlab",
      "terraform",
      "buildkite",
      "bitbucket-pipelines",
      "circleci",
      "kubernetes",
      "spiffe",
      "spacelift",
      "gcp",
    ]);
    for (const entry of report.platform.reports) expect(entry.reason.length).toBeGreaterThan(10);
  });

  it("a GitHub job without `permissions: id-token: write` gets GitHub's reason", async () => {
    const run = await runAzfed(["doctor"], { env: github.env({ idTokenPermission: false }) });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/github-actions: .*id-token: write/);
  });
});
