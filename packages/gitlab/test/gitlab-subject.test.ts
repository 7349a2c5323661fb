import { InvalidInputError } from "@azfed/core";
import { describe, expect, it } from "vitest";
import { type GitLabSubClaimComponent, gitlabSubject } from "../src/gitlab-subject";

function invalidField(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).field;
  }
  throw new Error("expected an InvalidInputError");
}

describe("gitlabSubject", () => {
  it("builds the default project_path form for a branch", () => {
    expect(gitlabSubject({ projectPath: "contoso/platform/web", branch: "main" })).toBe(
      "project_path:contoso/platform/web:ref_type:branch:ref:main",
    );
  });

  it("builds the default form for a tag, keeping dots, slashes and case as they are", () => {
    expect(gitlabSubject({ projectPath: "Contoso/Web.App", tag: "release/V1.2.0" })).toBe(
      "project_path:Contoso/Web.App:ref_type:tag:ref:release/V1.2.0",
    );
  });

  it("builds the project_id form GitLab documents, from projectId alone", () => {
    expect(gitlabSubject({ projectId: 4242, branch: "main" })).toBe(
      "project_id:4242:ref_type:branch:ref:main",
    );
    expect(gitlabSubject({ projectId: "4242", tag: "v1.2.0" })).toBe(
      "project_id:4242:ref_type:tag:ref:v1.2.0",
    );
  });

  it("lets the components say which of projectPath and projectId leads", () => {
    const both = { projectId: 4242, projectPath: "contoso/web", branch: "main" } as const;
    expect(gitlabSubject({ ...both, components: ["project_id", "ref_type", "ref"] })).toBe(
      "project_id:4242:ref_type:branch:ref:main",
    );
    expect(gitlabSubject({ ...both, components: ["project_path", "ref"] })).toBe(
      "project_path:contoso/web:ref:main",
    );
    expect(() => gitlabSubject(both)).toThrow(/Invalid projectId.*either projectPath or projectId/);
  });

  it("never puts both project_path and project_id in one sub", () => {
    expect(() =>
      gitlabSubject({
        projectId: 4242,
        projectPath: "contoso/web",
        branch: "main",
        components: ["project_id", "project_path", "ref"],
      }),
    ).toThrow(/Invalid components\[1\].*only one of project_path, project_id/);
  });

  it("follows a customised component list in its order", () => {
    expect(
      gitlabSubject({
        projectPath: "contoso/web",
        branch: "main",
        components: ["project_path", "ref", "ref_type"],
      }),
    ).toBe("project_path:contoso/web:ref:main:ref_type:branch");
    expect(
      gitlabSubject({ projectPath: "contoso/web", branch: "main", components: ["project_path", "ref"] }),
    ).toBe("project_path:contoso/web:ref:main");
    for (const refused of ["ref_protected", "environment", "environment_protected", "deployment_tier"]) {
      const components = ["project_path", "ref", refused] as unknown as GitLabSubClaimComponent[];
      expect(() => gitlabSubject({ projectPath: "contoso/web", branch: "main", components })).toThrow(
        `${refused} is not an allowed sub claim component`,
      );
    }
  });

  it("keeps unicode branch names unaltered (git allows them)", () => {
    expect(gitlabSubject({ projectPath: "contoso/web", branch: "fix/überprüfung-ä" })).toBe(
      "project_path:contoso/web:ref_type:branch:ref:fix/überprüfung-ä",
    );
  });

  it.each([
    [{ branch: "main" }, "projectPath"],
    [{ projectPath: "", branch: "main" }, "projectPath"],
    [{ projectPath: "web", branch: "main" }, "projectPath"],
    [{ projectPath: "contoso//web", branch: "main" }, "projectPath"],
    [{ projectPath: "/contoso/web", branch: "main" }, "projectPath"],
    [{ projectPath: "contoso/web ", branch: "main" }, "projectPath"],
    [{ projectPath: "contoso/we:b", branch: "main" }, "projectPath"],
    [{ projectPath: "contoso/wéb", branch: "main" }, "projectPath"],
    [{ projectPath: "contoso/web" }, "branch"],
    [{ projectPath: "contoso/web", branch: "" }, "branch"],
    [{ projectPath: "contoso/web", branch: " main" }, "branch"],
    [{ projectPath: "contoso/web", branch: "ma\nin" }, "branch"],
    [{ projectPath: "contoso/web", branch: "refs/heads/main" }, "branch"],
    [{ projectPath: "contoso/web", branch: "feature:x" }, "branch"],
    [{ projectPath: "contoso/web", branch: "a..b" }, "branch"],
    [{ projectPath: "contoso/web", branch: "a b" }, "branch"],
    [{ projectPath: "contoso/web", branch: "x.lock" }, "branch"],
    [{ projectPath: "contoso/web", branch: "feature/" }, "branch"],
    [{ projectPath: "contoso/web", tag: "v1^" }, "tag"],
    [{ projectPath: "contoso/web", branch: "main", tag: "v1" }, "tag"],
    [{ projectId: "42a", branch: "main" }, "projectId"],
    [{ projectId: -4, branch: "main" }, "projectId"],
    [{ projectId: 1.5, branch: "main" }, "projectId"],
    [{ projectId: 0, branch: "main" }, "projectId"],
    [{ projectId: "042", branch: "main" }, "projectId"],
    [{ projectId: " 42", branch: "main" }, "projectId"],
    [{ projectId: "4".repeat(20), branch: "main" }, "projectId"],
    [{ projectPath: "contoso/web", branch: "main", components: ["project_id", "ref"] }, "projectId"],
    [{ projectId: 42, branch: "main", components: ["project_path", "ref"] }, "projectPath"],
    [{ projectId: 42, branch: "main", components: ["ref", "project_id"] }, "components[0]"],
    [
      { projectId: 42, projectPath: "a/b", branch: "main", components: ["project_path", "project_id"] },
      "components[1]",
    ],
    [{ projectPath: "contoso/web", branch: "main", components: [] }, "components"],
    [{ projectPath: "contoso/web", branch: "main", components: ["ref", "project_path"] }, "components[0]"],
    [{ projectPath: "contoso/web", branch: "main", components: ["project_path", "sha"] }, "components[1]"],
    [
      { projectPath: "contoso/web", branch: "main", components: ["project_path", "ref", "ref"] },
      "components[2]",
    ],
    [
      { projectPath: "contoso/web", branch: "main", components: ["project_path", "ref_protected"] },
      "components[1]",
    ],
    [{ projectPath: "contoso/web", branch: "main", environment: "prod" }, "environment"],
  ] as const)("refuses %j naming the field %s", (options, field) => {
    expect(invalidField(() => gitlabSubject(options as Parameters<typeof gitlabSubject>[0]))).toBe(field);
  });

  it("refuses a subject longer than 600 characters", () => {
    const field = invalidField(() =>
      gitlabSubject({ projectPath: `contoso/${"a".repeat(600)}`, branch: "main" }),
    );
    expect(field).toBe("subject");
  });

  it("says what was wrong and how to fix it", () => {
    expect(() => gitlabSubject({ projectPath: "contoso/web", branch: "refs/heads/main" })).toThrow(
      /Invalid branch: got "refs\/heads\/main"; expected the short branch name.*Fix: pass "main"/,
    );
    expect(() => gitlabSubject({ projectPath: "contoso/web", branch: "feature:x" })).toThrow(
      /may not contain ":"/,
    );
  });
});
