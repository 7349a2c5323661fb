import { describe, expect, it } from "vitest";
import { gitRefNameProblem, requireGitRefName } from "../src/fic/git-ref-name";
import { thrown } from "./thrown-invalid-input";

describe("gitRefNameProblem (git check-ref-format)", () => {
  it.each(["main", "release/1.2", "feature/x-y_z", "v1.2.0", "a@b", "ümlaut", "foo./bar"])(
    "accepts %j",
    (name) => {
      expect(gitRefNameProblem(name)).toBeUndefined();
    },
  );

  it.each([
    [".hidden", /start with "\."/],
    ["a/.b", /start with "\."/],
    ["x.lock", /\.lock/],
    ["a.lock/b", /\.lock/],
    ["a..b", /"\.\."/],
    ["a\u007fb", /"\\u007f"/],
    ["a\u0000b", /"\\u0000"/],
    ["a\u001fb", /"\\u001f"/],
    ["has space", /" "/],
    ["a~b", /~/],
    ["a^b", /\^/],
    ["a:b", /:/],
    ["a?b", /\?/],
    ["a*b", /\*/],
    ["a[b", /\[/],
    ["a\\b", /\\/],
    ["/a", /slash/],
    ["a/", /slash/],
    ["a//b", /slash/],
    ["a.", /end with "\."/],
    ["a@{b", /"@\{"/],
    ["@", /"@" alone/],
  ])("refuses %j", (name, problem) => {
    expect(gitRefNameProblem(name)).toMatch(problem);
  });
});

describe("requireGitRefName", () => {
  it("returns an accepted name unchanged", () => {
    expect(requireGitRefName("branch", "release/1.2")).toBe("release/1.2");
    expect(requireGitRefName("tag", "v1.2.0")).toBe("v1.2.0");
  });

  it("refuses the full ref and says which short name to pass", () => {
    const error = thrown(() => requireGitRefName("branch", "refs/heads/main"));
    expect(error.field).toBe("branch");
    expect(error.message).toMatch(/short branch name, without the "refs\/heads\/" prefix.*Fix: pass "main"/);
    expect(thrown(() => requireGitRefName("tag", "refs/tags/v1")).message).toMatch(/pass "v1"/);
  });

  it("names the broken git rule", () => {
    const error = thrown(() => requireGitRefName("tag", "v1:x"));
    expect(error.field).toBe("tag");
    expect(error.message).toMatch(/git check-ref-format/);
  });

  it("refuses DEL, as git's rule 4 says (GitLab's copy had it, GitHub's did not)", () => {
    expect(thrown(() => requireGitRefName("branch", "a\u007fb")).field).toBe("branch");
  });
});
