import { describe, expect, it } from "vitest";
import { conformanceCaseFromToken } from "../src/conformance/conformance-case-from-token";

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const claims = {
  iss: "https://gitlab.acme-internal.example",
  sub: "project_path:Acme-Internal/web:ref_type:branch:ref:main",
  aud: "api://AzureADTokenExchange",
  namespace_path: "acme-internal",
  user_email: "jane@acme-internal.example",
  groups: ["acme-internal/admins"],
};
const token = `${encode({ alg: "RS256", kid: "k1" })}.${encode(claims)}.${"s".repeat(43)}`;

describe("conformanceCaseFromToken", () => {
  it("keeps the claims only, redacts the marked identifiers everywhere (any case) and reads sub, iss and aud", () => {
    const draft = conformanceCaseFromToken(token, {
      id: "push",
      title: "a push",
      redact: { "acme-internal": "mygroup", jane: "user" },
    });
    const text = JSON.stringify(draft);
    expect(text).not.toMatch(/acme-internal|jane/i);
    expect(text).not.toContain("s".repeat(43));
    expect(text).not.toContain("RS256");
    expect(draft.expected).toEqual({
      subject: "project_path:mygroup/web:ref_type:branch:ref:main",
      issuer: "https://gitlab.mygroup.example",
      audience: "api://AzureADTokenExchange",
    });
    expect(draft.input.claims?.groups).toEqual(["mygroup/admins"]);
    // The source is left for the user to fill in: the loader refuses an empty one.
    expect(draft.source).toEqual([{ url: "", quote: "", version: "", checked: "" }]);
  });

  it.each([
    ["not a token", "three base64url parts"],
    [`${token}.extra`, "three base64url parts"],
    [`a.${"b".repeat(17_000)}.c`, "at most 16384"],
    [`${encode({})}.${Buffer.from("[1]").toString("base64url")}.sig`, "JSON object"],
  ])("refuses %#", (input, message) => {
    expect(() => conformanceCaseFromToken(input, { id: "x", title: "x" })).toThrow(message);
  });
});
