import { randomUUID } from "node:crypto";
import { AuthenticationError, FederatedTokenCredential } from "@azfed/core";
import {
  captureAzureLogs,
  type EntraEmulator,
  expectNoSecrets,
  exposedText,
  type GitLabJob,
  type GitLabJobOptions,
  rejectionOf,
  startEntraEmulator,
  startGitLabJob,
} from "@azfed/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GitLabFederatedCredentialOptions, gitlab, gitlabFederatedCredential } from "../src/index";

const TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const SCOPE = "https://management.azure.com/.default";

describe("GitLab end to end: job -> gitlab() -> FederatedTokenCredential -> Entra emulator", () => {
  let entra: EntraEmulator;
  const jobs: GitLabJob[] = [];

  beforeAll(async () => {
    entra = await startEntraEmulator();
  });
  afterAll(async () => {
    await Promise.all([...jobs.map((job) => job.close()), entra.close()]);
  });
  beforeEach(() => entra.reset());

  async function job(options: GitLabJobOptions): Promise<GitLabJob> {
    const started = await startGitLabJob({ ca: entra.ca, ...options });
    jobs.push(started);
    return started;
  }

  /** Registers an app trusting the credential the package's builder makes for this job's instance. */
  function trust(running: GitLabJob, options: Omit<GitLabFederatedCredentialOptions, "instanceUrl">): string {
    const clientId = randomUUID();
    const fic = gitlabFederatedCredential({ ...options, instanceUrl: running.instanceUrl });
    entra.addApplication({
      clientId,
      tenantId: TENANT_ID,
      federatedCredentials: [{ ...fic, audiences: [...fic.audiences] }],
    });
    return clientId;
  }

  function credential(running: GitLabJob, clientId: string, audience?: string): FederatedTokenCredential {
    return new FederatedTokenCredential({
      tenantId: TENANT_ID,
      clientId,
      assertion: gitlab({ env: running.env }),
      authorityHost: entra.url,
      dispatcher: entra.dispatcher,
      retry: { maxRetries: 0 },
      ...(audience ? { audience } : {}),
    });
  }

  async function expectToken(running: GitLabJob, clientId: string, audience?: string): Promise<void> {
    const token = await credential(running, clientId, audience).getToken(SCOPE);
    const claims = await entra.verifyAccessToken(token.token);
    expect(claims.appid ?? claims.azp).toBe(clientId);
    expect(claims.tid).toBe(TENANT_ID);
    expect(entra.count("token")).toBe(1);
  }

  it("exchanges a branch job's ID token", async () => {
    const running = await job({ projectPath: "contoso/platform/web", branch: "main" });
    await expectToken(running, trust(running, { projectPath: "contoso/platform/web", branch: "main" }));
  });

  it("exchanges a tag job's ID token on an instance under a path", async () => {
    const running = await job({ projectPath: "Contoso/Web.App", tag: "v1.2.0", instancePath: "/gitlab" });
    expect(running.instanceUrl).toMatch(/\/gitlab$/);
    await expectToken(running, trust(running, { projectPath: "Contoso/Web.App", tag: "v1.2.0" }));
  });

  it("exchanges with a customised subject (project_path and ref_type only)", async () => {
    const running = await job({
      projectPath: "contoso/web",
      branch: "release/2.x",
      subClaimComponents: ["project_path", "ref_type"],
    });
    await expectToken(
      running,
      trust(running, {
        projectPath: "contoso/web",
        branch: "release/2.x",
        components: ["project_path", "ref_type"],
      }),
    );
  });

  it("exchanges with the instance URL as audience, as GitLab's own example does", async () => {
    const instanceAudienceJob = await job({ projectPath: "contoso/web", idTokens: {} });
    const running = await job({
      instance: instanceAudienceJob.issuer,
      projectPath: "contoso/web",
      idTokens: { GITLAB_OIDC_TOKEN: { aud: instanceAudienceJob.instanceUrl } },
    });
    const clientId = trust(running, {
      projectPath: "contoso/web",
      branch: "main",
      audience: running.instanceUrl,
    });
    await expectToken(running, clientId, running.instanceUrl);
  });

  it("is refused with a diagnosis when the job runs for another branch, and reveals no token", async () => {
    const running = await job({ projectPath: "contoso/web", branch: "develop" });
    const clientId = trust(running, { projectPath: "contoso/web", branch: "main" });
    const logs = captureAzureLogs();
    let error: Error;
    try {
      error = await rejectionOf(credential(running, clientId).getToken(SCOPE));
    } finally {
      logs.restore();
    }
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain("project_path:contoso/web:ref_type:branch:ref:develop");
    expectNoSecrets([exposedText(error), logs.text()], [running.env.AZURE_ID_TOKEN ?? ""]);
  });
});
