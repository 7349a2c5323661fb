import { AssertionFetchError, InvalidInputError } from "@azfed/core";
import { type GitHubRestApiEmulator, startGitHubRestApiEmulator } from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { githubSubjectFromRepository, readGitHubSubjectSettings } from "../src/index";

let api: GitHubRestApiEmulator;
const api$ = () => ({ token: api.token, apiUrl: api.url, dispatcher: api.dispatcher, timeoutMs: 10_000 });

beforeAll(async () => {
  api = await startGitHubRestApiEmulator({
    repositories: [
      // created before 2026-07-15, not opted in
      { fullName: "contoso/legacy", ownerId: 1001, repositoryId: 2002 },
      // created after 2026-07-15: immutable by default, as its sub_claim_prefix shows
      {
        fullName: "Contoso/NewApp",
        ownerId: 1001,
        repositoryId: 3003,
        immutable: true,
        useImmutableSubject: false,
      },
      // opted in, an older answer without sub_claim_prefix
      {
        fullName: "contoso/opted",
        ownerId: 1001,
        repositoryId: 4004,
        immutable: true,
        omitSubClaimPrefix: true,
      },
      {
        fullName: "contoso/templated",
        ownerId: 1001,
        repositoryId: 5005,
        immutable: true,
        useDefault: false,
        includeClaimKeys: ["repo", "context", "job_workflow_ref"],
      },
      {
        fullName: "contoso/ids-only",
        ownerId: 1001,
        repositoryId: 6006,
        useDefault: false,
        includeClaimKeys: ["repository_owner_id", "repository_id"],
      },
      { fullName: "contoso/secret", ownerId: 1001, repositoryId: 7007, private: true, readers: [] },
    ],
  });
});
afterAll(async () => {
  await api?.close();
});

describe("readGitHubSubjectSettings", () => {
  it("reads the ids, the canonical names and the customisation of a repository in two requests", async () => {
    const before = api.requestCount;
    const settings = await readGitHubSubjectSettings("contoso/newapp", api$());
    expect(settings).toMatchObject({
      repository: "Contoso/NewApp",
      ownerId: "1001",
      repositoryId: "3003",
      immutable: true,
      caveat: "",
      customization: {
        use_default: true,
        use_immutable_subject: false,
        sub_claim_prefix: "repo:Contoso@1001/NewApp@3003",
      },
    });
    expect(api.requestCount - before).toBe(2);
    expect(api.requests.slice(-2).map((request) => [request.path, request.authorized])).toEqual([
      ["/repos/contoso/newapp", true],
      ["/repos/contoso/newapp/actions/oidc/customization/sub", true],
    ]);
  });

  it("falls back on use_immutable_subject when GitHub sends no sub_claim_prefix, and says so", async () => {
    const settings = await readGitHubSubjectSettings("contoso/opted", api$());
    expect(settings.immutable).toBe(true);
    expect(settings.caveat).toContain("no sub_claim_prefix");
    expect(settings.caveat).toContain("repo:contoso@1001/opted@4004");
  });

  it("turns 401 and 404 into errors that say what to check and never carry the token", async () => {
    const wrong = `ghp_${"x".repeat(36)}`;
    const refusals = [
      [() => readGitHubSubjectSettings("contoso/legacy", { ...api$(), token: wrong }), /401.*GH_TOKEN/],
      [() => readGitHubSubjectSettings("contoso/missing", api$()), /404.*owner\/repo spelling/],
      [() => readGitHubSubjectSettings("contoso/secret", api$()), /404/],
    ] as const;
    for (const [run, message] of refusals) {
      const error = await run().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(AssertionFetchError);
      const text = `${(error as Error).message} ${JSON.stringify(error)} ${String((error as Error).cause ?? "")}`;
      expect((error as Error).message).toMatch(message);
      expect(text).not.toContain(api.token);
      expect(text).not.toContain(wrong);
    }
  });

  it("refuses a missing token, a non-https API URL and a bad repository before any request", async () => {
    const before = api.requestCount;
    for (const [run, field] of [
      [() => readGitHubSubjectSettings("contoso/legacy", { ...api$(), token: "" }), "token"],
      [
        () => readGitHubSubjectSettings("contoso/legacy", { ...api$(), apiUrl: "http://127.0.0.1:1" }),
        "apiUrl",
      ],
      [() => readGitHubSubjectSettings("contoso", api$()), "repository"],
    ] as const) {
      const error = await run().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).toBe(field);
      expect((error as Error).message).not.toContain(api.token);
    }
    expect(api.requestCount).toBe(before);
  });

  it("bounds the time it waits", async () => {
    const started = Date.now();
    const error = await readGitHubSubjectSettings("contoso/legacy", {
      ...api$(),
      apiUrl: "https://127.0.0.1:9", // nothing listens: refused at once, retried within the budget
      timeoutMs: 1_500,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe("githubSubjectFromRepository", () => {
  it.each([
    [{ repository: "contoso/legacy", branch: "main" }, "repo:contoso/legacy:ref:refs/heads/main"],
    [{ repository: "contoso/newapp", environment: "prod" }, "repo:Contoso@1001/NewApp@3003:environment:prod"],
    [{ repository: "contoso/opted", pullRequest: true }, "repo:contoso@1001/opted@4004:pull_request"],
    [
      {
        repository: "contoso/templated",
        environment: "prod",
        claims: { job_workflow_ref: "contoso/ci/.github/workflows/deploy.yml@refs/heads/main" },
      },
      "repo:contoso@1001/templated@5005:environment:prod:job_workflow_ref:contoso/ci/.github/workflows/deploy.yml@refs/heads/main",
    ],
    [{ repository: "contoso/ids-only", branch: "main" }, "repository_owner_id:1001:repository_id:6006"],
  ])("%j presents %s", async (options, subject) => {
    expect((await githubSubjectFromRepository(options, api$())).subject).toBe(subject);
  });
});
