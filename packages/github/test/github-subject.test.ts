import { describe, expect, it } from "vitest";
import { githubSubject } from "../src/index";
import { invalidInput } from "./helpers";

describe("githubSubject: GitHub's default template", () => {
  it("builds the four documented contexts", () => {
    expect(githubSubject({ repository: "octo-org/octo-repo", environment: "Production" })).toBe(
      "repo:octo-org/octo-repo:environment:Production",
    );
    expect(githubSubject({ repository: "octo-org/octo-repo", pullRequest: true })).toBe(
      "repo:octo-org/octo-repo:pull_request",
    );
    expect(githubSubject({ repository: "octo-org/octo-repo", branch: "demo-branch" })).toBe(
      "repo:octo-org/octo-repo:ref:refs/heads/demo-branch",
    );
    expect(githubSubject({ repository: "octo-org/octo-repo", tag: "demo-tag" })).toBe(
      "repo:octo-org/octo-repo:ref:refs/tags/demo-tag",
    );
  });

  it("writes ':' inside an environment name as %3A and leaves everything else as given", () => {
    expect(githubSubject({ repository: "octo-org/octo-repo", environment: "Production:V1" })).toBe(
      "repo:octo-org/octo-repo:environment:Production%3AV1",
    );
    expect(githubSubject({ repository: "Contoso/Web.App", environment: "Prod/EU West ☁ 50%" })).toBe(
      "repo:Contoso/Web.App:environment:Prod/EU West ☁ 50%",
    );
    expect(githubSubject({ repository: "contoso/app", branch: "feature/Ünïcode.v2" })).toBe(
      "repo:contoso/app:ref:refs/heads/feature/Ünïcode.v2",
    );
  });

  it("builds the immutable form from both ids, given as numbers or strings", () => {
    expect(
      githubSubject({
        repository: "octo-org/octo-repo",
        branch: "main",
        ownerId: 123456,
        repositoryId: "456789",
      }),
    ).toBe("repo:octo-org@123456/octo-repo@456789:ref:refs/heads/main");
    expect(
      githubSubject({ repository: "octo-org/octo-repo", environment: "a:b", ownerId: "1", repositoryId: 2 }),
    ).toBe("repo:octo-org@1/octo-repo@2:environment:a%3Ab");
  });

  it("accepts pullRequest: false as no pull request", () => {
    expect(githubSubject({ repository: "o/r", branch: "main", pullRequest: false })).toBe(
      "repo:o/r:ref:refs/heads/main",
    );
  });
});

describe("githubSubject: customised templates (include_claim_keys)", () => {
  it("follows the documented reusable-workflow example", () => {
    expect(
      githubSubject({
        repository: "octo-org/octo-repo",
        environment: "prod",
        claimKeys: ["repo", "context", "job_workflow_ref"],
        claims: { job_workflow_ref: "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main" },
      }),
    ).toBe(
      "repo:octo-org/octo-repo:environment:prod:job_workflow_ref:octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main",
    );
  });

  it("follows the documented example with ':' in a value", () => {
    expect(
      githubSubject({
        repository: "octo-org/octo-repo",
        environment: "production:eastus",
        claimKeys: ["environment", "repository_owner"],
      }),
    ).toBe("environment:production%3Aeastus:repository_owner:octo-org");
  });

  it("keeps the template's order and derives claims from the other options", () => {
    expect(
      githubSubject({
        repository: "octo-org/octo-repo",
        tag: "v2",
        ownerId: 65,
        repositoryId: 74,
        claimKeys: ["repository_id", "ref_type", "ref", "repository_owner_id", "repo"],
      }),
    ).toBe(
      "repository_id:74:ref_type:tag:ref:refs/tags/v2:repository_owner_id:65:repo:octo-org@65/octo-repo@74",
    );
    expect(
      githubSubject({
        repository: "octo-org/octo-repo",
        claimKeys: ["repository_owner", "repository_visibility"],
        claims: { repository_visibility: "private" },
      }),
    ).toBe("repository_owner:octo-org:repository_visibility:private");
  });

  it("allows an environment with a branch when the template has no context", () => {
    expect(
      githubSubject({
        repository: "o/r",
        environment: "prod",
        branch: "main",
        claimKeys: ["environment", "ref"],
      }),
    ).toBe("environment:prod:ref:refs/heads/main");
  });

  it("escapes ':' in claim values given directly", () => {
    expect(
      githubSubject({
        repository: "o/r",
        claimKeys: ["repo", "repo_property_team"],
        claims: { repo_property_team: "platform:core" },
      }),
    ).toBe("repo:o/r:repo_property_team:platform%3Acore");
  });
});

describe("githubSubject: bad input names the field", () => {
  it.each([
    [{ repository: "no-slash", branch: "main" }, "repository", /owner\/repo/],
    [{ repository: "a/b/c", branch: "main" }, "repository", /owner\/repo/],
    [{ repository: " contoso/app", branch: "main" }, "repository", /whitespace/],
    [{ repository: "", branch: "main" }, "repository", /owner\/repo/],
    [{ repository: "contoso/app:x", branch: "main" }, "repository", /owner\/repo/],
    [{ repository: "contoso/..", branch: "main" }, "repository", /owner\/repo/],
    [{ repository: "contoso/app", environment: "prod\n" }, "environment", /whitespace|control/],
    [{ repository: "contoso/app", environment: "a\u0007b" }, "environment", /control characters/],
    [{ repository: "contoso/app", environment: "x".repeat(256) }, "environment", /255/],
    [
      { repository: "contoso/app", branch: "refs/heads/main" },
      "branch",
      /without the "refs\/heads\/" prefix/,
    ],
    [{ repository: "contoso/app", tag: "refs/tags/v1" }, "tag", /refs\/tags/],
    [{ repository: "contoso/app", branch: "has space" }, "branch", /check-ref-format/],
    [{ repository: "contoso/app", branch: "a..b" }, "branch", /check-ref-format/],
    [{ repository: "contoso/app", branch: "x.lock" }, "branch", /\.lock/],
    [{ repository: "contoso/app", branch: "a:b" }, "branch", /check-ref-format/],
    [{ repository: "contoso/app", pullRequest: "yes" }, "pullRequest", /true/],
  ])("%j → %s", (options, field, message) => {
    const error = invalidInput(() => githubSubject(options as never));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it("asks for exactly one context in the default form", () => {
    const none = invalidInput(() => githubSubject({ repository: "contoso/app" }));
    expect(none.field).toBe("environment, branch, tag or pullRequest");
    expect(none.message).toMatch(/exactly one/);
    const two = invalidInput(() =>
      githubSubject({ repository: "contoso/app", environment: "prod", branch: "main" }),
    );
    expect(two.message).toMatch(/exactly one/);
    expect(two.message).toMatch(/environment when the job declares/);
  });

  it("never takes two refs even in a customised template", () => {
    const error = invalidInput(() =>
      githubSubject({ repository: "o/r", branch: "main", tag: "v1", claimKeys: ["repo", "ref"] }),
    );
    expect(error.field).toBe("branch and tag");
  });

  it("needs both ids for the immutable form", () => {
    expect(invalidInput(() => githubSubject({ repository: "o/r", branch: "m", ownerId: 1 })).field).toBe(
      "repositoryId",
    );
    expect(invalidInput(() => githubSubject({ repository: "o/r", branch: "m", repositoryId: 1 })).field).toBe(
      "ownerId",
    );
    expect(
      invalidInput(() => githubSubject({ repository: "o/r", branch: "m", ownerId: "0x1", repositoryId: 1 }))
        .field,
    ).toBe("ownerId");
    expect(
      invalidInput(() => githubSubject({ repository: "o/r", branch: "m", ownerId: 1, repositoryId: -5 }))
        .field,
    ).toBe("repositoryId");
  });

  it("checks the template and its claim values", () => {
    expect(invalidInput(() => githubSubject({ repository: "o/r", claimKeys: [] })).field).toBe("claimKeys");
    expect(
      invalidInput(() => githubSubject({ repository: "o/r", claimKeys: ["repo", "bad-key"] })).field,
    ).toBe("claimKeys[1]");
    expect(
      invalidInput(() =>
        githubSubject({ repository: "o/r", branch: "m", claimKeys: ["repo", "context", "repo"] }),
      ).field,
    ).toBe("claimKeys[2]");
    const missing = invalidInput(() =>
      githubSubject({ repository: "o/r", claimKeys: ["repo", "job_workflow_ref"] }),
    );
    expect(missing.field).toBe("claims.job_workflow_ref");
    expect(missing.message).toMatch(/claimKeys\[1\]/);
    expect(
      invalidInput(() =>
        githubSubject({ repository: "o/r", claimKeys: ["repo"], claims: { actor: "octocat" } }),
      ).field,
    ).toBe("claims.actor");
    expect(
      invalidInput(() =>
        githubSubject({
          repository: "o/r",
          claimKeys: ["repo", "repository_owner"],
          claims: { repository_owner: "x" },
        }),
      ).field,
    ).toBe("claims.repository_owner");
    expect(
      invalidInput(() =>
        githubSubject({ repository: "o/r", branch: "m", claims: { context: "pull_request" } }),
      ).field,
    ).toBe("claims.context");
    expect(
      invalidInput(() => githubSubject({ repository: "o/r", claimKeys: ["actor"], claims: { actor: "" } }))
        .field,
    ).toBe("claims.actor");
  });

  it("refuses a subject longer than Entra's 600 characters", () => {
    const error = invalidInput(() =>
      githubSubject({
        repository: "o/r",
        environment: "e".repeat(250),
        claimKeys: ["repo", "context", "workflow_ref"],
        claims: { workflow_ref: "w".repeat(400) },
      }),
    );
    expect(error.field).toBe("subject");
    expect(error.message).toMatch(/600/);
  });

  it("refuses something other than an options object", () => {
    expect(invalidInput(() => githubSubject(undefined as never)).field).toBe("options");
  });
});
