import { InvalidInputError, validateFederatedIdentityCredential } from "@azfed/core";
import { describe, expect, it } from "vitest";
import { gitlabFederatedCredential, gitlabIssuer, gitlabSubjectFromEnvironment } from "../src/index";

describe("gitlabIssuer", () => {
  it("is gitlab.com by default and the instance URL without a trailing slash otherwise", () => {
    expect(gitlabIssuer()).toBe("https://gitlab.com");
    expect(gitlabIssuer({ instanceUrl: "https://gitlab.example.com" })).toBe("https://gitlab.example.com");
    expect(gitlabIssuer({ instanceUrl: "https://gitlab.example.com/" })).toBe("https://gitlab.example.com");
    expect(gitlabIssuer({ instanceUrl: "https://example.com/gitlab" })).toBe("https://example.com/gitlab");
  });

  it.each([
    "http://gitlab.example.com",
    "gitlab.example.com",
    "https://gitlab.example.com?x=1",
    "https://user:pw@gitlab.example.com",
    " https://gitlab.example.com",
    "",
  ])("refuses %j naming instanceUrl", (instanceUrl) => {
    expect(() => gitlabIssuer({ instanceUrl })).toThrow(InvalidInputError);
    expect(() => gitlabIssuer({ instanceUrl })).toThrow(/Invalid instanceUrl/);
  });
});

describe("gitlabFederatedCredential", () => {
  it("returns a complete credential that passes core's validator", () => {
    const fic = gitlabFederatedCredential({ projectPath: "contoso/platform/web", branch: "main" });
    expect(fic).toEqual({
      name: "gitlab-contoso-platform-web-branch-main",
      issuer: "https://gitlab.com",
      subject: "project_path:contoso/platform/web:ref_type:branch:ref:main",
      audiences: ["api://AzureADTokenExchange"],
      description: "GitLab CI: contoso/platform/web, branch main",
    });
    const result = validateFederatedIdentityCredential(fic);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it("takes the instance and an audience such as the instance URL", () => {
    const fic = gitlabFederatedCredential({
      projectPath: "contoso/web",
      tag: "v1.2.0",
      instanceUrl: "https://gitlab.example.com/",
      audience: "https://gitlab.example.com",
    });
    expect(fic.issuer).toBe("https://gitlab.example.com");
    expect(fic.subject).toBe("project_path:contoso/web:ref_type:tag:ref:v1.2.0");
    expect(fic.audiences).toEqual(["https://gitlab.example.com"]);
    expect(fic.name).toBe("gitlab-contoso-web-tag-v1-2-0");
    expect(validateFederatedIdentityCredential(fic).valid).toBe(true);
  });

  it("derives a valid, distinct name for long and unusual names", () => {
    const long = (suffix: string) =>
      gitlabFederatedCredential({
        projectPath: `group/${"p".repeat(150)}`,
        branch: `feature/ünïcode-${suffix}`,
      });
    const first = long("a");
    const second = long("b");
    for (const fic of [first, second]) {
      expect(fic.name.length).toBeLessThanOrEqual(120);
      expect(fic.name).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]+$/);
      expect(validateFederatedIdentityCredential(fic).valid).toBe(true);
    }
    expect(first.name).not.toBe(second.name);
  });

  it("refuses a bad name, audience or subject naming the field", () => {
    expect(() =>
      gitlabFederatedCredential({ projectPath: "contoso/web", branch: "main", name: "my fic" }),
    ).toThrow(/Invalid name/);
    expect(() =>
      gitlabFederatedCredential({ projectPath: "contoso/web", branch: "main", audience: " api://x" }),
    ).toThrow(/Invalid audience/);
    expect(() => gitlabFederatedCredential({ projectPath: "contoso", branch: "main" })).toThrow(
      /Invalid projectPath/,
    );
  });
});

describe("gitlabSubjectFromEnvironment", () => {
  const job = {
    GITLAB_CI: "true",
    CI_PROJECT_PATH: "contoso/web",
    CI_PROJECT_ID: "4242",
    CI_COMMIT_REF_NAME: "main",
    CI_COMMIT_REF_PROTECTED: "true",
  };

  it("reads the project path and branch", () => {
    expect(gitlabSubjectFromEnvironment(job)).toBe("project_path:contoso/web:ref_type:branch:ref:main");
  });

  it("uses the tag when CI_COMMIT_TAG is set", () => {
    expect(gitlabSubjectFromEnvironment({ ...job, CI_COMMIT_REF_NAME: "v2", CI_COMMIT_TAG: "v2" })).toBe(
      "project_path:contoso/web:ref_type:tag:ref:v2",
    );
  });

  it("follows customised components (project_path first, then ref_type and/or ref)", () => {
    expect(gitlabSubjectFromEnvironment(job, { components: ["project_path", "ref"] })).toBe(
      "project_path:contoso/web:ref:main",
    );
  });

  it("names the fork as the project in a merge request pipeline from a fork", () => {
    expect(
      gitlabSubjectFromEnvironment({
        ...job,
        CI_PIPELINE_SOURCE: "merge_request_event",
        CI_MERGE_REQUEST_SOURCE_PROJECT_PATH: "contributor/web",
      }),
    ).toBe("project_path:contributor/web:ref_type:branch:ref:main");
  });

  it("names the missing variable", () => {
    const { CI_PROJECT_PATH: _, ...withoutPath } = job;
    expect(() => gitlabSubjectFromEnvironment(withoutPath)).toThrow(/Invalid CI_PROJECT_PATH: got undefined/);
  });
});
