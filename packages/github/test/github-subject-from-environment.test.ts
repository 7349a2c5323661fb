import { CredentialUnavailableError, InvalidInputError } from "@azfed/core";
import { describe, expect, it } from "vitest";
import { githubSubjectFromEnvironment } from "../src/index";

const job = {
  GITHUB_ACTIONS: "true",
  GITHUB_REPOSITORY: "contoso/webapp",
  GITHUB_REPOSITORY_OWNER_ID: "65",
  GITHUB_REPOSITORY_ID: "74",
  GITHUB_REF: "refs/heads/main",
  GITHUB_REF_NAME: "main",
  GITHUB_REF_TYPE: "branch",
  GITHUB_EVENT_NAME: "push",
};

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("githubSubjectFromEnvironment", () => {
  it("reads a branch run and says what it cannot know", () => {
    const result = githubSubjectFromEnvironment(job);
    expect(result.subject).toBe("repo:contoso/webapp:ref:refs/heads/main");
    expect(result.context).toBe("branch");
    expect(result.immutable).toBe(false);
    expect(result.caveat).toContain("repo:contoso/webapp:environment:{name}");
    expect(result.caveat).toContain("only the token's `environment` claim");
    expect(result.forEnvironment("prod:eu")).toBe("repo:contoso/webapp:environment:prod%3Aeu");
  });

  it("names the immutable form when the caller did not say which form the repository uses", () => {
    const result = githubSubjectFromEnvironment(job);
    expect(result.caveat).toContain("repo:contoso@65/webapp@74:ref:refs/heads/main");
    expect(result.caveat).toContain("2026-07-15");
    expect(result.caveat).toContain("--from-github");
    const { GITHUB_REPOSITORY_ID: _id, ...withoutIds } = job;
    expect(githubSubjectFromEnvironment(withoutIds).caveat).toContain(
      "repo:{owner}@{ownerId}/{repo}@{repositoryId}",
    );
    expect(githubSubjectFromEnvironment(job, { immutable: false }).caveat).not.toContain("@65");
    expect(githubSubjectFromEnvironment(job, { immutable: true }).caveat).not.toContain("2026-07-15");
  });

  it("reads tags, pull requests and the immutable form", () => {
    expect(
      githubSubjectFromEnvironment({ ...job, GITHUB_REF: "refs/tags/v1.0.0", GITHUB_REF_TYPE: "tag" })
        .subject,
    ).toBe("repo:contoso/webapp:ref:refs/tags/v1.0.0");
    const pr = githubSubjectFromEnvironment({
      ...job,
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_REF: "refs/pull/7/merge",
    });
    expect(pr).toMatchObject({ subject: "repo:contoso/webapp:pull_request", context: "pull_request" });
    const immutable = githubSubjectFromEnvironment(job, { immutable: true });
    expect(immutable.subject).toBe("repo:contoso@65/webapp@74:ref:refs/heads/main");
    expect(immutable.forEnvironment("prod")).toBe("repo:contoso@65/webapp@74:environment:prod");
  });

  it("falls back on GITHUB_REF_NAME and GITHUB_REF_TYPE without GITHUB_REF", () => {
    const { GITHUB_REF: _ref, ...withoutRef } = job;
    expect(
      githubSubjectFromEnvironment({ ...withoutRef, GITHUB_REF_NAME: "release/1", GITHUB_REF_TYPE: "tag" })
        .subject,
    ).toBe("repo:contoso/webapp:ref:refs/tags/release/1");
  });

  it("is unavailable outside GitHub Actions", () => {
    const error = thrown(() => githubSubjectFromEnvironment({}));
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toMatch(/Not running in GitHub Actions/);
    const inJob = thrown(() => githubSubjectFromEnvironment({ GITHUB_ACTIONS: "true" }));
    expect(inJob.message).toMatch(/GITHUB_REPOSITORY is not set/);
  });

  it("names the variable that is missing or malformed", () => {
    const cases: [Record<string, string>, string][] = [
      [{ ...job, GITHUB_REF: "refs/heads/main", GITHUB_REF_TYPE: "tag" }, "GITHUB_REF"],
      [{ ...job, GITHUB_REF_TYPE: "commit" }, "GITHUB_REF_TYPE"],
      [{ ...job, GITHUB_REPOSITORY: "contoso" }, "GITHUB_REPOSITORY"],
      [{ ...job, GITHUB_REF: "", GITHUB_REF_NAME: "" }, "GITHUB_REF"],
    ];
    for (const [env, field] of cases) {
      const error = thrown(() => githubSubjectFromEnvironment(env));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).toBe(field);
    }
    // Another full ref on a non pull request event is written as is (GitHub's `ref:{GITHUB_REF}`).
    expect(
      githubSubjectFromEnvironment({ ...job, GITHUB_REF: "refs/pull/1/head", GITHUB_REF_TYPE: "" }).subject,
    ).toMatch(/:ref:refs\/pull\/1\/head$/);
    const { GITHUB_REPOSITORY_ID: _id, ...withoutId } = job;
    const error = thrown(() => githubSubjectFromEnvironment(withoutId, { immutable: true }));
    expect((error as InvalidInputError).field).toBe("GITHUB_REPOSITORY_ID");
  });
});
