import { createLocalJWKSet, decodeJwt, type JSONWebKeySet, jwtVerify } from "jose";
import { fetch } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type GitHubActionsEmulator,
  InvalidEmulatorOptionError,
  startGitHubActionsEmulator,
} from "../src/index";

let github: GitHubActionsEmulator;

beforeAll(async () => {
  github = await startGitHubActionsEmulator({
    job: { repository: "contoso/webapp", repositoryOwnerId: "1000", repositoryId: "2000" },
  });
});
afterAll(() => github.close());
beforeEach(() => {
  github.reset();
  github.setJob({
    ref: "refs/heads/main",
    environment: undefined,
    eventName: "push",
    immutableSubject: false,
    claimKeys: ["repo", "context"],
  });
});

async function requestToken(
  audience: string | undefined,
  token = github.requestToken,
): Promise<{ status: number; body: string }> {
  const url =
    audience === undefined
      ? github.requestUrl
      : `${github.requestUrl}&audience=${encodeURIComponent(audience)}`;
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
    dispatcher: github.dispatcher,
  });
  return { status: response.status, body: await response.text() };
}

describe("startGitHubActionsEmulator", () => {
  it("hands out a request URL that already has a query string, and the runner's variables", () => {
    const env = github.env();
    expect(env.ACTIONS_ID_TOKEN_REQUEST_URL).toBe(github.requestUrl);
    expect(new URL(github.requestUrl).searchParams.get("api-version")).toBe("2.0");
    expect(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN).toBe(github.requestToken);
    expect(env).toMatchObject({
      GITHUB_ACTIONS: "true",
      GITHUB_REPOSITORY: "contoso/webapp",
      GITHUB_REPOSITORY_OWNER: "contoso",
      GITHUB_REPOSITORY_ID: "2000",
      GITHUB_REPOSITORY_OWNER_ID: "1000",
      GITHUB_REF: "refs/heads/main",
      GITHUB_REF_NAME: "main",
      GITHUB_REF_TYPE: "branch",
      GITHUB_EVENT_NAME: "push",
      GITHUB_SERVER_URL: "https://github.com",
    });
    const withoutPermission = github.env({ idTokenPermission: false });
    expect(withoutPermission.ACTIONS_ID_TOKEN_REQUEST_URL).toBeUndefined();
    expect(withoutPermission.ACTIONS_ID_TOKEN_REQUEST_TOKEN).toBeUndefined();
  });

  it("issues a signed five-minute token with GitHub's claims for the asked audience", async () => {
    const { status, body } = await requestToken("api://AzureADTokenExchange");
    expect(status).toBe(200);
    const { value, count } = JSON.parse(body) as { value: string; count: number };
    expect(count).toBe(1);
    const keys = (await (
      await fetch(github.oidcIssuer.jwksUri, { dispatcher: github.dispatcher })
    ).json()) as JSONWebKeySet;
    const { payload } = await jwtVerify(value, createLocalJWKSet(keys), {
      issuer: github.issuer,
      audience: "api://AzureADTokenExchange",
    });
    expect(payload).toMatchObject({
      iss: github.issuer,
      aud: "api://AzureADTokenExchange",
      sub: "repo:contoso/webapp:ref:refs/heads/main",
      repository: "contoso/webapp",
      repository_owner: "contoso",
      repository_id: "2000",
      repository_owner_id: "1000",
      ref: "refs/heads/main",
      ref_type: "branch",
      event_name: "push",
      head_ref: "",
      base_ref: "",
      job_workflow_ref: "contoso/webapp/.github/workflows/deploy.yml@refs/heads/main",
      runner_environment: "github-hosted",
    });
    expect(payload.environment).toBeUndefined();
    expect((payload.exp as number) - (payload.iat as number)).toBe(300);
    expect((payload.iat as number) - (payload.nbf as number)).toBe(600);
    expect(typeof payload.jti).toBe("string");
    expect(github.issuedTokens).toEqual([value]);
    expect(github.requests).toEqual([
      expect.objectContaining({
        audience: "api://AzureADTokenExchange",
        apiVersion: "2.0",
        authorization: "valid",
        status: 200,
      }),
    ]);
  });

  it("uses the owner's URL as the audience when none is asked for, as GitHub does", async () => {
    const { body } = await requestToken(undefined);
    expect(decodeJwt((JSON.parse(body) as { value: string }).value).aud).toBe("https://github.com/contoso");
  });

  it("answers 401 for a wrong or missing request token and never records the token", async () => {
    expect((await requestToken("api://AzureADTokenExchange", "not-the-request-token")).status).toBe(401);
    const missing = await fetch(`${github.requestUrl}&audience=x`, { dispatcher: github.dispatcher });
    expect(missing.status).toBe(401);
    expect(github.requests.map((request) => request.authorization)).toEqual(["invalid", "missing"]);
    expect(JSON.stringify(github.requests)).not.toContain(github.requestToken);
    expect(github.issuedTokens).toEqual([]);
  });

  it("puts the environment first, then pull_request, then the ref, with ':' written %3A", async () => {
    github.setJob({ environment: "Production:V1" });
    expect(github.subject).toBe("repo:contoso/webapp:environment:Production%3AV1");
    github.setJob({ environment: undefined, eventName: "pull_request", ref: "refs/pull/7/merge" });
    expect(github.subject).toBe("repo:contoso/webapp:pull_request");
    github.setJob({ eventName: "push", ref: "refs/tags/v1.2.0" });
    expect(github.subject).toBe("repo:contoso/webapp:ref:refs/tags/v1.2.0");
    const { body } = await requestToken("api://AzureADTokenExchange");
    const claims = decodeJwt((JSON.parse(body) as { value: string }).value);
    expect(claims).toMatchObject({ sub: github.subject, ref_type: "tag", ref: "refs/tags/v1.2.0" });
  });

  it("builds the immutable and the customised subject forms", () => {
    github.setJob({ immutableSubject: true });
    expect(github.subject).toBe("repo:contoso@1000/webapp@2000:ref:refs/heads/main");
    github.setJob({ environment: "production:eastus", claimKeys: ["environment", "repository_owner"] });
    expect(github.subject).toBe("environment:production%3Aeastus:repository_owner:contoso");
    github.setJob({
      immutableSubject: false,
      claimKeys: ["repo", "context", "job_workflow_ref"],
      environment: "prod",
    });
    expect(github.subject).toBe(
      "repo:contoso/webapp:environment:prod:job_workflow_ref:contoso/webapp/.github/workflows/deploy.yml@refs/heads/main",
    );
  });

  it("refuses to issue a token whose template names a claim the job lacks", async () => {
    github.setJob({ claimKeys: ["repo", "environment"] });
    const { status, body } = await requestToken("api://AzureADTokenExchange");
    expect(status).toBe(400);
    expect(body).toContain("environment");
  });

  it("serves the named faults, then recovers", async () => {
    github.failNext(1, "html-page");
    github.failNext(1, "empty-body");
    github.failNext(1, "no-value");
    github.failNext(1, "server-error");
    const answers = [];
    for (let index = 0; index < 5; index++) answers.push(await requestToken("aud"));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 500, 200]);
    expect(answers[0]?.body).toMatch(/^<!DOCTYPE html>/);
    expect(answers[1]?.body).toBe("");
    expect(JSON.parse(answers[2]?.body ?? "")).not.toHaveProperty("value");
    expect(JSON.parse(answers[4]?.body ?? "")).toHaveProperty("value");
    expect(github.requestCount).toBe(5);
  });

  it("redirects to another origin when asked", async () => {
    github.failNext(1, { redirectTo: "https://127.0.0.1:9/elsewhere", status: 307 });
    const response = await fetch(`${github.requestUrl}&audience=x`, {
      headers: { authorization: `Bearer ${github.requestToken}` },
      dispatcher: github.dispatcher,
      redirect: "manual",
    });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe("https://127.0.0.1:9/elsewhere");
  });

  it("leaves a request the client abandoned unanswered, and keeps it out of a log reset since", async () => {
    github.setLatency(300);
    const controller = new AbortController();
    const pending = fetch(`${github.requestUrl}&audience=x`, {
      headers: { authorization: `Bearer ${github.requestToken}` },
      dispatcher: github.dispatcher,
      signal: controller.signal,
    }).catch((error: unknown) => error);
    // Until the request arrives (50 ms sufficed on an idle machine, not on a loaded one).
    await vi.waitFor(() => expect(github.requests).toHaveLength(1), { timeout: 20_000 });
    expect(github.requests).toEqual([expect.objectContaining({ status: 0, authorization: "valid" })]);
    controller.abort();
    await pending;
    github.reset();
    await new Promise((done) => setTimeout(done, 400));
    expect(github.requests).toEqual([]);
    expect(github.issuedTokens).toEqual([]);
  });

  it("rejects a malformed job with the field named", () => {
    expect(() => github.setJob({ repository: "no-slash" })).toThrow(InvalidEmulatorOptionError);
    expect(() => github.setJob({ repository: "no-slash" })).toThrow(/changes\.repository/);
    expect(() => github.setJob({ ref: "main" })).toThrow(/changes\.ref/);
    expect(() => github.setJob({ claimKeys: ["repo", "repo"] })).toThrow(/claimKeys\[1\]/);
    expect(github.job.repository).toBe("contoso/webapp");
  });
});
