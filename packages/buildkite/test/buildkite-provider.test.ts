import {
  AssertionFetchError,
  CredentialUnavailableError,
  decodeAssertion,
  InvalidInputError,
} from "@azfed/core";
import { type BuildkiteAgentEmulator, rejectionOf, startBuildkiteAgentEmulator } from "@azfed/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type BuildkiteSubjectClaim, buildkite, detectBuildkite } from "../src/index";

const AUDIENCE = "api://AzureADTokenExchange";
let agent: BuildkiteAgentEmulator;

beforeAll(async () => {
  agent = await startBuildkiteAgentEmulator();
});
afterAll(() => agent?.close());
beforeEach(() => agent.reset());

const provider = (env: NodeJS.ProcessEnv = agent.env(), subjectClaim?: BuildkiteSubjectClaim) =>
  buildkite({ env, dispatcher: agent.dispatcher, retry: { maxRetries: 0 }, subjectClaim });

describe("detectBuildkite", () => {
  it("finds a job by BUILDKITE=true with the agent's access token and job id", () => {
    expect(detectBuildkite(agent.env())).toEqual({
      available: true,
      reason: "BUILDKITE_AGENT_ACCESS_TOKEN and BUILDKITE_JOB_ID are set",
    });
  });

  it.each([
    [{}, 'BUILDKITE is not "true"'],
    [{ BUILDKITE_AGENT_ACCESS_TOKEN: "x".repeat(64), BUILDKITE_JOB_ID: "j" }, 'BUILDKITE is not "true"'],
    [
      { BUILDKITE: "true" },
      "BUILDKITE_AGENT_ACCESS_TOKEN and BUILDKITE_JOB_ID are not set: pass the job's variables",
    ],
    [{ BUILDKITE: "true", BUILDKITE_JOB_ID: "j" }, "BUILDKITE_AGENT_ACCESS_TOKEN is not set"],
  ])("says why not in %j", (env, reason) => {
    const detection = detectBuildkite(env);
    expect(detection.available).toBe(false);
    expect(detection.reason).toContain(reason);
  });

  it.each([
    "http://agent.buildkite.com/v3",
    "not a url",
    "https://agent.buildkite.com/v3?x=1",
    `https://a/${"/".repeat(5000)}`,
  ])("refuses the endpoint %s without naming the access token", (endpoint) => {
    const env = { ...agent.env(), BUILDKITE_AGENT_ENDPOINT: endpoint };
    const detection = detectBuildkite(env);
    expect(detection).toEqual({
      available: false,
      reason: expect.stringContaining("BUILDKITE_AGENT_ENDPOINT"),
    });
    expect(detection.reason).not.toContain(agent.accessToken);
  });
});

describe("buildkite().getAssertion", () => {
  it("asks for the pipeline's UUID as the subject by default, with the context's audience", async () => {
    const token = await provider().getAssertion({ audience: AUDIENCE });
    const claims = decodeAssertion(token);
    expect(claims).toMatchObject({ iss: agent.issuer, sub: agent.job.pipelineId, aud: AUDIENCE });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(300);
    expect(agent.requests[0]?.body).toEqual({ audience: AUDIENCE, subject_claim: "pipeline_id" });
  });

  it("a fresh token at every call", async () => {
    const p = provider();
    const first = await p.getAssertion({ audience: AUDIENCE });
    const second = await p.getAssertion({ audience: AUDIENCE });
    expect(first).not.toBe(second);
    expect(agent.requestCount).toBe(2);
  });

  it("a trailing slash on the endpoint and a dot in the job id are written as the agent writes them", async () => {
    agent.setJob({ jobId: "job.1" });
    try {
      const env = { ...agent.env(), BUILDKITE_AGENT_ENDPOINT: `${agent.endpoint}//` };
      const error = await rejectionOf(provider(env).getAssertion({ audience: AUDIENCE }));
      // The emulator routes the decoded path; what matters is what was sent.
      expect(error).toBeInstanceOf(AssertionFetchError);
      expect(agent.requests[0]?.path).toBe("/v3/jobs/job%2E1/oidc/tokens");
    } finally {
      agent.setJob({ jobId: "0184990a-477b-4fa8-9968-496074483cee" });
    }
  });

  it("forwards the Buildkite-* request headers the job's variables carry, and only those", async () => {
    const env = {
      ...agent.env(),
      BUILDKITE_REQUEST_HEADER_BUILDKITE_ROUTE: "edge-2",
      BUILDKITE_REQUEST_HEADER_X_OTHER: "no",
      BUILDKITE_REQUEST_HEADER_BUILDKITE_EVIL: "a\r\nx-injected: 1",
    };
    await expect(provider(env).getAssertion({ audience: AUDIENCE })).resolves.toEqual(expect.any(String));
    expect(agent.requests[0]?.buildkiteHeaders).toEqual({ "buildkite-route": "edge-2" });
  });

  it("outside a job: CredentialUnavailableError, no request", async () => {
    const error = await rejectionOf(provider({}).getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.name).toBe("CredentialUnavailableError");
    expect(agent.requestCount).toBe(0);
  });

  it.each([
    [401, "It refused BUILDKITE_AGENT_ACCESS_TOKEN"],
    [404, "BUILDKITE_JOB_ID and BUILDKITE_AGENT_ACCESS_TOKEN come from the same"],
  ])("an answer %i is an AssertionFetchError with advice", async (status, advice) => {
    agent.failNext(1, { status, body: JSON.stringify({ message: "Not allowed" }) });
    const error = await rejectionOf(provider().getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error.message).toContain(`answered ${status}`);
    expect(error.message).toContain('"Not allowed"');
    expect(error.message).toContain(advice);
  });

  it("the agent API's 422 for a cluster_id the build does not have names the fix", async () => {
    agent.setJob({ clusterId: undefined });
    try {
      const error = await rejectionOf(
        provider(agent.env(), "cluster_id").getAssertion({ audience: AUDIENCE }),
      );
      expect(error).toBeInstanceOf(AssertionFetchError);
      expect(error.message).toContain("answered 422");
      expect(error.message).toContain("pipeline_id always works");
    } finally {
      agent.setJob({ clusterId: "4735ba57-80d0-46e2-8fa0-b28223a86586" });
    }
  });

  it("a wrong access token is refused by the emulator with 401, never shown", async () => {
    const env = { ...agent.env(), BUILDKITE_AGENT_ACCESS_TOKEN: "wrong-token-0123456789" };
    const error = await rejectionOf(provider(env).getAssertion({ audience: AUDIENCE }));
    expect(error.message).toContain("answered 401");
    expect(error.message).not.toContain("wrong-token-0123456789");
  });
});

describe("buildkite() options", () => {
  it.each(["build_id", "job_id", "agent_id"])(
    "refuses subjectClaim %s, which changes every build",
    (claim) => {
      expect(() => buildkite({ subjectClaim: claim as BuildkiteSubjectClaim })).toThrow(
        /Invalid subjectClaim.*no fixed federated credential matches it/,
      );
    },
  );

  it("refuses a per-build BUILDKITE_OIDC_TOKEN_SUBJECT_CLAIM at the first token, naming the variable", async () => {
    const env = { ...agent.env(), BUILDKITE_OIDC_TOKEN_SUBJECT_CLAIM: "job_id" };
    const error = await rejectionOf(provider(env).getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toContain("BUILDKITE_OIDC_TOKEN_SUBJECT_CLAIM");
    expect(agent.requestCount).toBe(0);
  });

  it("refuses an unknown subjectClaim and a bad audience", async () => {
    expect(() => buildkite({ subjectClaim: "pipeline_slug" as BuildkiteSubjectClaim })).toThrow(
      InvalidInputError,
    );
    await expect(provider().getAssertion({ audience: " x" })).rejects.toThrow(InvalidInputError);
  });
});
