import { randomUUID } from "node:crypto";
import { AuthenticationError, FederatedTokenCredential } from "@azfed/core";
import {
  captureAzureLogs,
  type EntraEmulator,
  expectNoSecrets,
  exposedText,
  type GitHubActionsEmulator,
  type GitHubActionsJob,
  rejectionOf,
  startEntraEmulator,
  startGitHubActionsEmulator,
} from "@azfed/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type GitHubFederatedCredentialOptions,
  githubActions,
  githubFederatedCredential,
} from "../src/index";

const TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const SCOPE = "https://management.azure.com/.default";

let entra: EntraEmulator;
let github: GitHubActionsEmulator;
/** GitHub Enterprise Server: the issuer is https://{host}/_services/token. */
let ghes: GitHubActionsEmulator;

beforeAll(async () => {
  entra = await startEntraEmulator();
  [github, ghes] = await Promise.all([
    startGitHubActionsEmulator({ ca: entra.ca }),
    startGitHubActionsEmulator({
      ca: entra.ca,
      issuerPath: "/_services/token",
      serverUrl: "https://github.contoso.com",
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([github.close(), ghes.close(), entra.close()]);
});
beforeEach(() => {
  entra.reset();
  github.reset();
});

/** Registers a new app trusting the credential the package's builder makes, and returns its client id. */
function trust(options: GitHubFederatedCredentialOptions): string {
  const clientId = randomUUID();
  const fic = githubFederatedCredential(options);
  entra.addApplication({
    clientId,
    tenantId: TENANT_ID,
    federatedCredentials: [{ ...fic, audiences: [...fic.audiences] }],
  });
  return clientId;
}

function credential(emulator: GitHubActionsEmulator, clientId: string): FederatedTokenCredential {
  return new FederatedTokenCredential({
    tenantId: TENANT_ID,
    clientId,
    assertion: githubActions({ env: emulator.env(), dispatcher: emulator.dispatcher }),
    authorityHost: entra.url,
    dispatcher: entra.dispatcher,
    retry: { maxRetries: 0 },
  });
}

async function exchange(
  emulator: GitHubActionsEmulator,
  job: Partial<GitHubActionsJob>,
  fic: GitHubFederatedCredentialOptions,
): Promise<void> {
  emulator.setJob(job);
  const clientId = trust(fic);
  const accessToken = await credential(emulator, clientId).getToken(SCOPE);
  const claims = await entra.verifyAccessToken(accessToken.token);
  expect(claims.appid ?? claims.azp).toBe(clientId);
  expect(claims.tid).toBe(TENANT_ID);
  const [request] = entra.requests.filter((recorded) => recorded.endpoint === "token");
  expect(request?.status).toBe(200);
  expect(request?.assertionClaims?.sub).toBe(githubFederatedCredential(fic).subject);
  expect(request?.assertionClaims?.iss).toBe(emulator.issuer);
  expect(request?.assertionClaims?.aud).toBe("api://AzureADTokenExchange");
}

describe("githubActions → FederatedTokenCredential → Entra emulator, over HTTPS", () => {
  it("a push to a branch", async () => {
    await exchange(
      github,
      {
        repository: "contoso/webapp",
        ref: "refs/heads/main",
        environment: undefined,
        eventName: "push",
        immutableSubject: false,
        claimKeys: ["repo", "context"],
      },
      { repository: "contoso/webapp", branch: "main", issuer: github.issuer },
    );
    expect(github.requests).toHaveLength(1);
  });

  it("a job bound to an environment whose name has a colon, on the immutable subject form", async () => {
    await exchange(
      github,
      {
        repository: "Contoso/Web.App",
        repositoryOwnerId: "123456",
        repositoryId: "456789",
        ref: "refs/heads/main",
        environment: "Production:EU",
        eventName: "workflow_dispatch",
        immutableSubject: true,
        claimKeys: ["repo", "context"],
      },
      {
        repository: "Contoso/Web.App",
        environment: "Production:EU",
        ownerId: 123456,
        repositoryId: 456789,
        issuer: github.issuer,
      },
    );
  });

  it("a pull request, and a tag", async () => {
    const base = {
      repository: "contoso/webapp",
      environment: undefined,
      immutableSubject: false,
      claimKeys: ["repo", "context"],
    };
    await exchange(
      github,
      { ...base, ref: "refs/pull/12/merge", eventName: "pull_request", headRef: "feature", baseRef: "main" },
      { repository: "contoso/webapp", pullRequest: true, issuer: github.issuer },
    );
    entra.reset();
    await exchange(
      github,
      { ...base, ref: "refs/tags/v2.0.0", eventName: "push", headRef: "", baseRef: "" },
      { repository: "contoso/webapp", tag: "v2.0.0", issuer: github.issuer },
    );
  });

  it("a customised subject template that requires a reusable workflow", async () => {
    const jobWorkflowRef = "contoso/pipelines/.github/workflows/deploy.yml@refs/heads/main";
    await exchange(
      github,
      {
        repository: "contoso/webapp",
        ref: "refs/heads/main",
        eventName: "push",
        environment: "prod",
        immutableSubject: false,
        jobWorkflowRef,
        claimKeys: ["repo", "context", "job_workflow_ref"],
      },
      {
        repository: "contoso/webapp",
        environment: "prod",
        claimKeys: ["repo", "context", "job_workflow_ref"],
        claims: { job_workflow_ref: jobWorkflowRef },
        issuer: github.issuer,
      },
    );
  });

  it("GitHub Enterprise Server, with the issuer built from the server's host", async () => {
    const host = new URL(ghes.issuer).host;
    expect(ghes.issuer).toBe(`https://${host}/_services/token`);
    await exchange(
      ghes,
      { repository: "platform/api", ref: "refs/heads/release", environment: undefined, eventName: "push" },
      { repository: "platform/api", branch: "release", ghesHost: host },
    );
  });

  it("a credential for another branch is refused with Entra's explanation, and no secret shows", async () => {
    github.setJob({
      repository: "contoso/webapp",
      ref: "refs/heads/feature/x",
      environment: undefined,
      eventName: "push",
      immutableSubject: false,
      claimKeys: ["repo", "context"],
    });
    const clientId = trust({ repository: "contoso/webapp", branch: "main", issuer: github.issuer });
    const logs = captureAzureLogs();
    let error: Error;
    try {
      error = await rejectionOf(credential(github, clientId).getToken(SCOPE));
    } finally {
      logs.restore();
    }
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).aadsts.some((code) => code === 70021 || code === 700213)).toBe(
      true,
    );
    expect(error.message).toContain("repo:contoso/webapp:ref:refs/heads/feature/x");
    const everything = [exposedText(error), ...logs.lines].join("\n");
    expect(github.issuedTokens).toHaveLength(1);
    expectNoSecrets(everything, [...github.issuedTokens, github.requestToken]);
  });
});
