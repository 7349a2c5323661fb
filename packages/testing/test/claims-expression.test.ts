import { describe, expect, it } from "vitest";
import {
  ClaimsExpressionSyntaxError,
  compileClaimsMatchingExpression,
} from "../src/oracles/claims-expression";

describe("compileClaimsMatchingExpression", () => {
  it("matches with * (any run, also empty) and ? (exactly one character)", () => {
    const matcher = compileClaimsMatchingExpression(
      "claims['sub'] matches 'repo:contoso/*:environment:pr?d'",
    );
    expect(matcher.test({ sub: "repo:contoso/app:environment:prod" })).toBe(true);
    expect(matcher.test({ sub: "repo:contoso/:environment:prod" })).toBe(true);
    expect(matcher.test({ sub: "repo:contoso/a/b:environment:prxd" })).toBe(true);
    expect(matcher.test({ sub: "repo:contoso/app:environment:prd" })).toBe(false);
    expect(matcher.test({ sub: "repo:contoso/app:environment:production" })).toBe(false);
    expect(matcher.test({ sub: "repo:Contoso/app:environment:prod" })).toBe(false);
    expect(matcher.test({ sub: "xrepo:contoso/app:environment:prod" })).toBe(false);
    expect(matcher.claims).toEqual(["sub"]);
  });

  it("treats regular-expression characters literally", () => {
    const matcher = compileClaimsMatchingExpression("claims['ref'] matches 'a.b+(c)[d]$'");
    expect(matcher.test({ ref: "a.b+(c)[d]$" })).toBe(true);
    expect(matcher.test({ ref: "axb+(c)[d]$" })).toBe(false);
  });

  it("compares eq exactly and requires every 'and' term", () => {
    const matcher = compileClaimsMatchingExpression(
      "claims['sub'] eq 'repo:o/r:ref:refs/heads/main' and  claims['job_workflow_ref'] matches 'o/r/*@refs/heads/main'",
    );
    expect(
      matcher.test({
        sub: "repo:o/r:ref:refs/heads/main",
        job_workflow_ref: "o/r/.github/workflows/ci.yml@refs/heads/main",
      }),
    ).toBe(true);
    expect(
      matcher.test({ sub: "repo:o/r:ref:refs/heads/main", job_workflow_ref: "o/r/ci.yml@refs/heads/dev" }),
    ).toBe(false);
    expect(matcher.test({ sub: "repo:o/r:ref:refs/heads/main" })).toBe(false);
    expect(matcher.test({ sub: "repo:o/r:ref:refs/heads/main", job_workflow_ref: 42 })).toBe(false);
    expect(matcher.claims).toEqual(["sub", "job_workflow_ref"]);
  });

  it("treats a hyphen literally (an escaped hyphen is a syntax error in a unicode pattern: found by the differential test)", () => {
    const matcher = compileClaimsMatchingExpression("claims['sub'] matches 'repo:o/my-app:*'");
    expect(matcher.test({ sub: "repo:o/my-app:ref:refs/heads/main" })).toBe(true);
    expect(matcher.test({ sub: "repo:o/myxapp:ref:refs/heads/main" })).toBe(false);
  });

  it("needs whitespace around the operator and 'and', and none inside claims['…']", () => {
    for (const [source, message] of [
      ["claims['sub']eq 'x'", /space before the operator/],
      ["claims['sub'] eq 'x'and claims['aud'] eq 'y'", /space before 'and'/],
      ["claims[ 'sub'] eq 'x'", /quoted string/],
      ["claims['sub' ] eq 'x'", /expected "\]"/],
      ["claims['sub'] eq'x'", /'eq' or 'matches'/],
    ] as const) {
      expect(() => compileClaimsMatchingExpression(source)).toThrow(message);
    }
    expect(
      compileClaimsMatchingExpression("claims['sub']\t eq\n'x'  and  claims['aud'] eq 'y'").comparisons,
    ).toEqual([
      { claim: "sub", operator: "eq", value: "x" },
      { claim: "aud", operator: "eq", value: "y" },
    ]);
  });

  it("reads a doubled quote as a quote", () => {
    const matcher = compileClaimsMatchingExpression("claims['sub'] eq 'it''s'");
    expect(matcher.test({ sub: "it's" })).toBe(true);
  });

  it("rejects anything outside the language, saying where", () => {
    const cases: [string, RegExp][] = [
      ["claims['sub'] like 'x'", /'eq' or 'matches'.*position 14/],
      ["claims[\"sub\"] eq 'x'", /quoted string.*position 7/],
      ["claims['sub'] eq 'x' or claims['aud'] eq 'y'", /expected 'and'/],
      ["claims['sub'] eq 'x", /unterminated string/],
      ["claims['sub'] eq 'x' and", /expected "claims\["/],
      ["sub eq 'x'", /expected "claims\["/],
      ["claims[''] eq 'x'", /claim name/],
      ["claims['sub'] eqx 'x'", /'eq' or 'matches'/],
    ];
    for (const [source, message] of cases) {
      expect(() => compileClaimsMatchingExpression(source)).toThrow(ClaimsExpressionSyntaxError);
      expect(() => compileClaimsMatchingExpression(source)).toThrow(message);
    }
  });
});
