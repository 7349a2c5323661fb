import { randomUUID } from "node:crypto";
import { AuthenticationError, FederatedTokenCredential } from "@azfed/core";
import {
  type BuildkiteAgentEmulator,
  captureAzureLogs,
  type EntraEmulator,
  expectNoSecrets,
  exposedText,
  rejectionOf,
  startBuildkiteAgentEmulator,
  startEntraEmulator,
} from "@azfed/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type BuildkiteOptions,
  buildkite,
  buildkiteFederatedCredential,
  buildkiteSubjectFromEnvironment,
} from "../src/index";

const TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const SCOPE = "https://management.azure.com/.default";

let entra: EntraEmulator;
let agent: BuildkiteAgentEmulator;

beforeAll(async () => {
  entra = await startEntraEmulator();
  agent = await startBuildkiteAgentEmulator({ ca: entra.ca });
});
afterAll(async () => {
  await Promise.all([agent?.close(), entra?.close()]);
});
beforeEach(() => {
  entra.reset();
  agent.reset();
});

/** A new app trusting the pipeline's credential as the builder makes it (with the emulator's issuer). */
function trustPipeline(pipelineId: string): string {
  const clientId = randomUUID();
  const fic = buildkiteFederatedCredential({ pipelineId, issuer: agent.issuer });
  entra.addApplication({
    clientId,
    tenantId: TENANT_ID,
    federatedCredentials: [{ ...fic, audiences: [...fic.audiences] }],
  });
  return clientId;
}

function credential(clientId: string, options: BuildkiteOptions = {}): FederatedTokenCredential {
  return new FederatedTokenCredential({
    tenantId: TENANT_ID,
    clientId,
    assertion: buildkite({ env: agent.env(), dispatcher: agent.dispatcher, ...options }),
    authorityHost: entra.url,
    dispatcher: entra.dispatcher,
    retry: { maxRetries: 0 },
  });
}

describe("buildkite() through the agent API emulator and the Entra emulator", () => {
  it("exchanges a token whose subject is the pipeline's UUID, matched by the builder's credential", async () => {
    const clientId = trustPipeline(buildkiteSubjectFromEnvironment(agent.env()));
    const token = await credential(clientId).getToken(SCOPE);
    const claims = await entra.verifyAccessToken(token.token);
    expect(claims.appid ?? claims.azp).toBe(clientId);
    expect(agent.requests).toEqual([
      expect.objectContaining({
        method: "POST",
        path: `/v3/jobs/${agent.job.jobId}/oidc/tokens`,
        authorization: "valid",
        body: { audience: "api://AzureADTokenExchange", subject_claim: "pipeline_id" },
        status: 200,
      }),
    ]);
  });

  it("another build of the pipeline (new commit, branch and step) matches the same credential", async () => {
    const clientId = trustPipeline(agent.job.pipelineId);
    await credential(clientId).getToken(SCOPE);
    agent.setJob({
      commit: "b5ffe3aeea51cec6c41aef16e45ee6bce47d8810",
      branch: "release",
      stepKey: undefined,
    });
    try {
      await expect(credential(clientId).getToken(SCOPE)).resolves.toMatchObject({
        token: expect.any(String),
      });
    } finally {
      agent.setJob({ commit: "9f3182061f1e2cca4702c368cbc039b7dc9d4485", branch: "main", stepKey: "build" });
    }
  });

  it("a credential for another pipeline is refused with AADSTS700213 and a diagnosis naming the UUID", async () => {
    const clientId = trustPipeline("0191f956-042f-7ec4-aa62-8e5eeae396d0");
    const error = await rejectionOf(credential(clientId).getToken(SCOPE));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/AADSTS700213|AADSTS70021/);
    expect(error.message).toContain(agent.job.pipelineId);
  });

  it("sends BUILDKITE_OIDC_TOKEN_SUBJECT_CLAIM's claim when no option is given, and the option over it", async () => {
    const env = { ...agent.env(), BUILDKITE_OIDC_TOKEN_SUBJECT_CLAIM: "cluster_id" };
    await buildkite({ env, dispatcher: agent.dispatcher }).getAssertion({
      audience: "api://AzureADTokenExchange",
    });
    await buildkite({ env, dispatcher: agent.dispatcher, subjectClaim: "queue_id" }).getAssertion({
      audience: "api://AzureADTokenExchange",
    });
    expect(agent.requests.map((request) => request.body?.subject_claim)).toEqual(["cluster_id", "queue_id"]);
  });

  it("never shows the agent access token in an error, its causes or the logs, however the API echoes it", async () => {
    const logs = captureAzureLogs();
    try {
      agent.failNext(1, {
        hostile: "echo",
        status: 401,
        body: (request) => JSON.stringify({ message: `bad ${request.headers.authorization}` }),
      });
      const error = await rejectionOf(credential(trustPipeline(agent.job.pipelineId)).getToken(SCOPE));
      expect(error.message).toContain("It refused BUILDKITE_AGENT_ACCESS_TOKEN");
      expectNoSecrets([exposedText(error), logs.text()], [agent.accessToken]);
      agent.failNext(1, { status: 400, body: JSON.stringify({ message: `token ${agent.accessToken}` }) });
      const second = await rejectionOf(credential(trustPipeline(agent.job.pipelineId)).getToken(SCOPE));
      expectNoSecrets([exposedText(second), logs.text()], [agent.accessToken]);
    } finally {
      logs.restore();
    }
  });
});
