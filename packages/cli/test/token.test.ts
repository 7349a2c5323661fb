import { randomUUID } from "node:crypto";
import {
  type AzureDevOpsEmulator,
  type EntraEmulator,
  type FederatedIdentityCredentialRecord,
  type GcpMetadataEmulator,
  type GitHubActionsEmulator,
  type GitLabJob,
  type KubernetesTokenFile,
  type TestCertificateAuthority,
  usePlatformEmulators,
} from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findLeaks, runs } from "./azfed-run";
import { type AzfedRunOptions, runAzfed } from "./run-azfed";

const SCOPE = "https://management.azure.com/.default";
let ca: TestCertificateAuthority;
let entra: EntraEmulator;
let github: GitHubActionsEmulator;
let gitlabJob: GitLabJob;
let kubernetesFile: KubernetesTokenFile;
let gcpMetadata: GcpMetadataEmulator;
let devops: AzureDevOpsEmulator;
const tenantId = randomUUID();
const trustedClientId = randomUUID();
const untrustedClientId = randomUUID();
const legacyConnection = {
  id: randomUUID(),
  name: "prod-arm",
  issuer: "legacy" as const,
  clientId: randomUUID(),
};
const accessTokens: string[] = [];

/** Environment of a job on each platform, with Entra pointed at the emulator. */
const platformEnv: Record<string, () => Record<string, string>> = {};

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

/** Runs `azfed fic …` and returns the credential it prints: the app under test trusts exactly that. */
async function ficFromCli(args: readonly string[]): Promise<FederatedIdentityCredentialRecord> {
  const run = await runAzfed(["fic", ...args, "--format", "json"]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

// Started before the file's tests and closed after them (after the leak check below: after-hooks
// run last-registered first).
const platforms = usePlatformEmulators(
  { beforeAll, afterAll },
  {
    github: { job: { repository: "contoso/webapp", ref: "refs/heads/main" } },
    gitlab: { projectPath: "contoso/platform/api", tag: "v1.4.0" },
    azureDevOps: { tenantId, serviceConnections: [legacyConnection] },
    kubernetes: (started) => ({ tenantId, authorityHost: started.url }),
  },
);

beforeAll(async () => {
  ({ ca, entra, github, gitlab: gitlabJob, kubernetes: kubernetesFile, gcp: gcpMetadata } = platforms);
  devops = platforms.azureDevOps;

  const clientIds = { github: trustedClientId, gitlab: randomUUID(), gcp: randomUUID() };
  const gitlabEnv = { ...gitlabJob.env, AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: clientIds.gitlab };
  platformEnv.github = () => inGitHubJob(trustedClientId).env as Record<string, string>;
  platformEnv.gitlab = () => ({ ...gitlabEnv, AZURE_AUTHORITY_HOST: entra.url });
  platformEnv.kubernetes = () => kubernetesFile.env();
  platformEnv.gcp = () => ({
    ...gcpMetadata.env(),
    AZURE_TENANT_ID: tenantId,
    AZURE_CLIENT_ID: clientIds.gcp,
    AZURE_AUTHORITY_HOST: entra.url,
  });
  platformEnv["azure-pipelines"] = () => ({
    ...devops.env({ serviceConnectionId: legacyConnection.id }),
    AZURE_AUTHORITY_HOST: entra.url,
  });

  // Each identity trusts the FIC that `azfed fic` writes for it (issuers are the emulators' own).
  const trusts: [string, "application" | "managedIdentity", readonly string[]][] = [
    [
      clientIds.github,
      "application",
      ["github", "--repository", "contoso/webapp", "--branch", "main", "--issuer", github.issuer],
    ],
    [
      clientIds.gitlab,
      "application",
      [
        "gitlab",
        "--project-path",
        "contoso/platform/api",
        "--tag",
        "v1.4.0",
        "--instance-url",
        gitlabJob.instanceUrl,
      ],
    ],
    [
      kubernetesFile.clientId,
      "managedIdentity",
      [
        "kubernetes",
        "--issuer",
        kubernetesFile.issuer,
        "--namespace",
        kubernetesFile.namespace,
        "--service-account",
        kubernetesFile.serviceAccount,
      ],
    ],
    [
      clientIds.gcp,
      "managedIdentity",
      ["gcp", "--unique-id", gcpMetadata.serviceAccount.uniqueId, "--issuer", gcpMetadata.issuer],
    ],
    [
      legacyConnection.clientId,
      "application",
      [
        "azure-pipelines",
        "--organization",
        devops.organization,
        "--project",
        devops.project,
        "--service-connection",
        legacyConnection.name,
        "--organization-id",
        devops.organizationId,
        "--issuer",
        devops.issuerOf(legacyConnection.id),
      ],
    ],
  ];
  for (const [clientId, kind, args] of trusts) {
    entra.addApplication({
      clientId,
      tenantId,
      kind,
      federatedCredentials: [await ficFromCli(args)],
    });
  }
  entra.addApplication({ clientId: untrustedClientId, tenantId, federatedCredentials: [] });
});

afterAll(() => {
  const secrets = [
    github.requestToken,
    ...github.issuedTokens,
    ...Object.values(gitlabJob.env).filter((value) => value.startsWith("eyJ")),
    ...kubernetesFile.history.map((written) => written.token),
    ...gcpMetadata.issuedTokens,
    devops.accessToken,
    ...accessTokens,
  ];
  expect(runs.flatMap((run) => findLeaks(run, secrets))).toEqual([]);
  // The access token only ever appears on the stdout of `azfed token`.
  for (const run of runs) {
    for (const token of accessTokens) expect(run.stderr).not.toContain(token);
  }
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

  it.each(["gitlab", "azure-pipelines", "kubernetes", "gcp"])(
    "on %s, with the FIC `azfed fic` wrote",
    async (platform) => {
      const run = await runAzfed(["token", "--scope", "https://storage.azure.com/.default", "--json"], {
        ca,
        env: platformEnv[platform]?.(),
      });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const { accessToken } = JSON.parse(run.stdout);
      accessTokens.push(accessToken);
      await expect(entra.verifyAccessToken(accessToken)).resolves.toMatchObject({
        aud: "https://storage.azure.com",
        tid: tenantId,
      });
    },
  );

  it.each(["github", "github-actions"])(
    "--provider %s (a platform or a provider name) uses that provider",
    async (name) => {
      const run = await runAzfed(["token", "--provider", name, "--json"], inGitHubJob(trustedClientId));
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const { accessToken } = JSON.parse(run.stdout);
      accessTokens.push(accessToken);
      await expect(entra.verifyAccessToken(accessToken)).resolves.toMatchObject({ appid: trustedClientId });
    },
  );

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

  it("with --json, a refused exchange is { error } on stdout, with Entra's codes, the token nowhere", async () => {
    const run = await runAzfed(["token", "--json"], inGitHubJob(untrustedClientId));
    expect(run.code).toBe(1);
    const { error } = JSON.parse(run.stdout);
    expect(error).toMatchObject({ type: "AuthenticationError", exitCode: 1 });
    expect(error.message).toMatch(/^Entra refused the exchange: AADSTS\d+/);
    expect(error.aadsts.length).toBeGreaterThan(0);
    expect(error.diagnosis.fix.length).toBeGreaterThan(0);
    expect(run.stderr).toMatch(/azfed: error: Entra refused the exchange: AADSTS\d+/);
  });

  it("with --json outside any platform, stdout is { error } with the advice and each provider's reason", async () => {
    const run = await runAzfed(["token", "--json"], {
      env: { AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: trustedClientId },
    });
    expect(run.code).toBe(1);
    const { error } = JSON.parse(run.stdout);
    expect(error).toMatchObject({ type: "CredentialUnavailableError", exitCode: 1 });
    expect(error.advice.join("\n")).toContain("pnpm demo");
    expect(error.reports.map((report: { provider: string }) => report.provider)).toEqual(
      expect.arrayContaining(["azure-pipelines", "github-actions", "gitlab", "kubernetes", "gcp"]),
    );
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

  it("asks for Azure Resource Manager without --scope, like az account get-access-token", async () => {
    const before = entra.requests.length;
    const run = await runAzfed(["token", "--json"], inGitHubJob(trustedClientId));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    accessTokens.push(JSON.parse(run.stdout).accessToken);
    const scopes = entra.requests
      .slice(before)
      .filter((request) => request.endpoint === "token")
      .map((request) => request.form.scope);
    expect(scopes).toEqual(["https://management.azure.com/.default"]);
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
