import { describe, expect, it } from "vitest";
import { MAX_FIC_FIELD_LENGTH } from "../src/fic/entra-fic-limits";
import { requireFicFieldLength, requireSubjectPart } from "../src/fic/subject-part";
import { thrown } from "./thrown-invalid-input";

describe("requireSubjectPart", () => {
  it("returns a good value unchanged", () => {
    expect(requireSubjectPart("branch", "feature/ünïcode:x")).toBe("feature/ünïcode:x");
  });

  it.each([
    ["missing", undefined, "non-empty"],
    ["empty", "", "non-empty"],
    ["leading space", " main", "whitespace"],
    ["trailing newline", "main\n", "whitespace"],
    ["inner control character", "ma\u0000in", "control characters"],
    ["inner tab", "ma\tin", "control characters"],
  ])("refuses a %s value, naming the field", (_case, value, expected) => {
    const error = thrown(() => requireSubjectPart("branch", value));
    expect(error.field).toBe("branch");
    expect(error.message).toContain("Invalid branch");
    expect(error.expected).toContain(expected);
  });

  it("checks the pattern and says what was expected and how to fix it", () => {
    const error = thrown(() =>
      requireSubjectPart("repository", "contoso", {
        pattern: /^[^/]+\/[^/]+$/,
        expected: 'a repository as "owner/repo"',
        fix: "write the owner and the repository name",
      }),
    );
    expect(error.message).toBe(
      'Invalid repository: got "contoso"; expected a repository as "owner/repo". Fix: write the owner and the repository name.',
    );
  });

  it("never shows a token given by mistake", () => {
    const token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";
    const error = thrown(() => requireSubjectPart("branch", ` ${token}`));
    expect(`${error.message} ${error.value} ${JSON.stringify(error)}`).not.toContain("eyJzdWIiOiJ4In0");
  });
});

describe("requireFicFieldLength", () => {
  it("accepts exactly the limit and refuses one more", () => {
    const atLimit = "s".repeat(MAX_FIC_FIELD_LENGTH);
    expect(requireFicFieldLength("subject", atLimit)).toBe(atLimit);
    const error = thrown(() => requireFicFieldLength("subject", `${atLimit}s`));
    expect(error.field).toBe("subject");
    expect(error.expected).toContain("601");
  });
});
