import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ClaimsMatchingExpressionSyntaxError,
  evaluateClaimsMatchingExpression,
  isClaimConditionMet,
  matchesWildcardPattern,
  parseClaimsMatchingExpression,
} from "../src/fic/claims-matching-expression";

function syntaxError(expression: string): ClaimsMatchingExpressionSyntaxError {
  try {
    parseClaimsMatchingExpression(expression);
  } catch (error) {
    expect(error).toBeInstanceOf(ClaimsMatchingExpressionSyntaxError);
    return error as ClaimsMatchingExpressionSyntaxError;
  }
  throw new Error(`parsed without error: ${expression}`);
}

describe("parseClaimsMatchingExpression", () => {
  it("parses one condition", () => {
    expect(parseClaimsMatchingExpression("claims['sub'] matches 'repo:contoso/*:environment:prod'")).toEqual({
      conditions: [
        { claim: "sub", operator: "matches", value: "repo:contoso/*:environment:prod", position: 0 },
      ],
    });
  });

  it("parses conditions joined by and, with runs of whitespace between the parts", () => {
    const parsed = parseClaimsMatchingExpression(
      "  claims['sub']  eq\t'repo:o/r:pull_request'   and\nclaims['job_workflow_ref'] matches 'o/ci/*@refs/heads/main' ",
    );
    expect(parsed.conditions).toEqual([
      { claim: "sub", operator: "eq", value: "repo:o/r:pull_request", position: 2 },
      { claim: "job_workflow_ref", operator: "matches", value: "o/ci/*@refs/heads/main", position: 50 },
    ]);
  });

  // Entra's page: "Single quotes are interpreted as escape characters": a quote inside a string is
  // written twice, as the emulator's oracle reads it (packages/testing/src/oracles/claims-expression.ts).
  it.each([
    ["claims['sub'] eq 'it''s'", "it's"],
    ["claims['sub'] eq ''''", "'"],
    ["claims['sub'] eq ''", ""],
    ["claims['sub'] eq 'a''''b'", "a''b"],
    ["claims['sub'] eq 'x'' and claims[''sub'']'", "x' and claims['sub']"],
  ])("reads %j's doubled quotes as quotes", (expression, value) => {
    expect(parseClaimsMatchingExpression(expression).conditions).toEqual([
      { claim: "sub", operator: "eq", value, position: 0 },
    ]);
  });

  it("reads a doubled quote in a claim name too, and ends a string at a single quote", () => {
    expect(parseClaimsMatchingExpression("claims['a''b'] eq 'x'").conditions[0]?.claim).toBe("a'b");
    expect(() => parseClaimsMatchingExpression("claims['sub'] eq 'it's'")).toThrow(
      ClaimsMatchingExpressionSyntaxError,
    );
  });

  it("keeps spaces and colons inside string values", () => {
    expect(parseClaimsMatchingExpression("claims['sub'] eq 'a b:c'").conditions[0]?.value).toBe("a b:c");
  });

  it.each([
    ["", 0, "claims['<claim name>']", "the end of the expression"],
    ["sub eq 'x'", 0, "claims['<claim name>']", '"sub"'],
    ["claims('sub') eq 'x'", 6, "'['", `"('sub')"`],
    ["claims[sub] eq 'x'", 7, "a claim name in single quotes", '"sub]"'],
    ["claims[\"sub\"] eq 'x'", 7, "a claim name in single quotes (not double quotes)", '"\\"sub\\"]"'],
    ["claims[''] eq 'x'", 7, "a non-empty claim name such as 'sub'", `"'']"`],
    ["claims['sub' eq 'x'", 12, "']'", '" eq"'],
    ["claims[ 'sub'] eq 'x'", 7, "a claim name in single quotes", `" 'sub']"`],
    ["claims ['sub'] eq 'x'", 6, "'['", `" ['sub']"`],
    ["claims['sub'] eq 'it's'", 21, "a space before 'and'", `"s'"`],
    ["claims['sub']eq 'x'", 13, "a space before 'eq' or 'matches'", '"eq"'],
    ["claims['sub'] eq'x'", 16, "a space after 'eq'", `"'x'"`],
    ["claims['sub'] matches'x*'", 21, "a space after 'matches'", `"'x*'"`],
    ["claims['sub'] eq 'x'and claims['sub'] eq 'y'", 20, "a space before 'and'", '"and"'],
    ["claims['sub'] eq 'x' and\u00a0", 25, "claims['<claim name>']", "the end of the expression"],
    ["claims['sub'] equals 'x'", 14, "'eq' or 'matches'", '"equals"'],
    ["claims['sub'] EQ 'x'", 14, "'eq' or 'matches'", '"EQ"'],
    ["claims['sub'] eq x", 17, "a value in single quotes", '"x"'],
    ["claims['sub'] eq 'x", 17, "a closing single quote for the string that starts at position 17", `"'x"`],
    ["claims['sub'] eq 'x' or claims['sub'] eq 'y'", 21, "'and' or the end of the expression", '"or"'],
    ["claims['sub'] eq 'x' and", 24, "claims['<claim name>']", "the end of the expression"],
    [
      "claims['sub'] eq 'x' andclaims['sub'] eq 'y'",
      21,
      "'and' or the end of the expression",
      "\"andclaims['sub']\"",
    ],
  ])("reports %j at position %i", (expression, position, expected, found) => {
    const error = syntaxError(expression);
    expect(error.position).toBe(position);
    expect(error.expected).toBe(expected);
    expect(error.found).toBe(found);
    expect(error.message).toContain(`position ${position}`);
    expect(error.message).toContain(`expected ${expected}`);
  });
});

describe("evaluateClaimsMatchingExpression", () => {
  const claims = {
    sub: "repo:contoso/api:environment:prod",
    job_workflow_ref: "contoso/ci/.github/workflows/deploy.yml@refs/heads/main",
    run_attempt: 2,
  };

  it.each([
    ["claims['sub'] eq 'repo:contoso/api:environment:prod'", true],
    ["claims['sub'] eq 'repo:Contoso/api:environment:prod'", false],
    ["claims['sub'] eq 'repo:contoso/api:environment'", false],
    ["claims['sub'] matches 'repo:contoso/*:environment:prod'", true],
    ["claims['sub'] matches 'repo:contoso/*'", true],
    ["claims['sub'] matches 'repo:CONTOSO/*'", false],
    ["claims['sub'] matches 'repo:contoso/ap?:environment:prod'", true],
    ["claims['sub'] matches 'repo:contoso/a?:environment:prod'", false],
    ["claims['sub'] matches '*'", true],
    ["claims['sub'] matches 'repo:contoso/api'", false],
    [
      "claims['sub'] matches 'repo:contoso/*' and claims['job_workflow_ref'] eq 'contoso/ci/.github/workflows/deploy.yml@refs/heads/main'",
      true,
    ],
    ["claims['sub'] matches 'repo:contoso/*' and claims['job_workflow_ref'] matches '*@refs/tags/*'", false],
    ["claims['environment'] eq 'prod'", false],
    ["claims['run_attempt'] eq '2'", false],
  ])("%s → %s", (expression, expected) => {
    expect(evaluateClaimsMatchingExpression(expression, claims)).toBe(expected);
  });

  it("accepts an already parsed expression", () => {
    const parsed = parseClaimsMatchingExpression("claims['sub'] matches '*:prod'");
    expect(evaluateClaimsMatchingExpression(parsed, claims)).toBe(true);
    expect(evaluateClaimsMatchingExpression(parsed, { sub: "x:dev" })).toBe(false);
  });

  it("throws the syntax error for an invalid expression", () => {
    expect(() => evaluateClaimsMatchingExpression("claims['sub'] is 'x'", claims)).toThrow(
      ClaimsMatchingExpressionSyntaxError,
    );
  });

  it("isClaimConditionMet treats a missing claim as unmet", () => {
    expect(isClaimConditionMet({ claim: "sub", operator: "matches", value: "*", position: 0 }, {})).toBe(
      false,
    );
  });
});

describe("matchesWildcardPattern", () => {
  it("treats only * and ? as special", () => {
    expect(matchesWildcardPattern("a.b", "a.b")).toBe(true);
    expect(matchesWildcardPattern("axb", "a.b")).toBe(false);
    expect(matchesWildcardPattern("a+b", "a+b")).toBe(true);
    expect(matchesWildcardPattern("[x]", "[x]")).toBe(true);
  });

  it("lets ? stand for one character, even outside the BMP", () => {
    expect(matchesWildcardPattern("a😀b", "a?b")).toBe(true);
    expect(matchesWildcardPattern("ab", "a?b")).toBe(false);
  });

  it("handles many stars without blowing up", () => {
    const value = "a".repeat(2000);
    expect(matchesWildcardPattern(value, `${"*a".repeat(50)}*b`)).toBe(false);
    expect(matchesWildcardPattern(value, `${"*a".repeat(50)}*`)).toBe(true);
  });

  /** The reference: the pattern translated to an anchored regular expression. */
  function referenceMatch(value: string, pattern: string): boolean {
    const source = [...pattern]
      .map((character) =>
        character === "*"
          ? ".*"
          : character === "?"
            ? "."
            : character.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&"),
      )
      .join("");
    return new RegExp(`^${source}$`, "su").test(value);
  }

  it("agrees with the regular-expression translation (property)", () => {
    const alphabet = fc.constantFrom("a", "b", ":", "/", ".", "A", "😀");
    const patternCharacter = fc.oneof(alphabet, fc.constantFrom("*", "?"));
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 12 }).map((characters) => characters.join("")),
        fc.array(patternCharacter, { maxLength: 8 }).map((characters) => characters.join("")),
        (value, pattern) => {
          expect(matchesWildcardPattern(value, pattern)).toBe(referenceMatch(value, pattern));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("a pattern built from a value by replacing parts with wildcards matches it (property)", () => {
    const chunk = fc.tuple(
      fc.string({ unit: "grapheme-ascii", maxLength: 6 }).filter((text) => !/[*?]/.test(text)),
      fc.constantFrom("keep", "star", "question"),
    );
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 8 }), (chunks) => {
        const value = chunks.map(([text]) => text).join("");
        const pattern = chunks
          .map(([text, edit]) =>
            edit === "keep" ? text : edit === "star" ? "*" : "?".repeat([...text].length),
          )
          .join("");
        expect(matchesWildcardPattern(value, pattern)).toBe(true);
      }),
    );
  });
});
