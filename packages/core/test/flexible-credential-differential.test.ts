import fc from "fast-check";
import { describe, expect, it } from "vitest";
// The emulator's oracle, written apart from core on purpose (packages/testing/src/oracles/README.md):
// core's parser and validator must reach the same verdicts from the same page.
import {
  ClaimsExpressionSyntaxError,
  type ClaimsMatcher,
  compileClaimsMatchingExpression,
} from "../../testing/src/oracles/claims-expression";
import { flexibleCredentialRefusal } from "../../testing/src/oracles/flexible-credential-rules";
import {
  ClaimsMatchingExpressionSyntaxError,
  evaluateClaimsMatchingExpression,
  parseClaimsMatchingExpression,
} from "../src/fic/claims-matching-expression";
import { validateFederatedIdentityCredential } from "../src/fic/validation/validate-federated-identity-credential";
import { propertyRuns } from "./property-runs";

const ISSUERS = [
  "https://token.actions.githubusercontent.com",
  "https://token.actions.githubusercontent.com/",
  "https://token.actions.githubusercontent.com/contoso",
  "https://token.actions.contoso.ghe.com",
  "https://gitlab.com",
  "https://gitlab.com/",
  "https://GitLab.com",
  "http://gitlab.com",
  "https://gitlab.contoso.com",
  "https://gitlab.eu.contoso.ca",
  "https://gitlab.contoso.org",
  "https://code.contoso.com",
  "https://app.terraform.io",
  "https://app.eu.terraform.io",
  "https://tfe.contoso.com",
  "https://accounts.google.com",
  "https://oidc.prod-aks.azure.com/0000/",
];
const CLAIMS = [
  "sub",
  "job_workflow_ref",
  "repository_id",
  "repository_owner_id",
  "project_id",
  "ref",
  "it's",
];
const VALUES = [
  "repo:contoso/*",
  "repo:contoso/app:ref:refs/heads/main",
  "project_id:42:ref_type:branch:ref:*",
  "project_path:contoso/app:ref_type:branch:ref:main",
  "organization:contoso:project:*:workspace:app:run_phase:?lan",
  "456789",
  "it's",
  "''",
  "",
  "a and claims['sub'] eq 'b",
];

/** Core's verdict: does the validator find an error in the flexible credential's expression or issuer? */
function coreAccepts(issuer: string, value: string): boolean {
  const result = validateFederatedIdentityCredential({
    name: "flexible-fic",
    issuer,
    claimsMatchingExpression: { value, languageVersion: 1 },
    audiences: ["api://AzureADTokenExchange"],
  });
  return !result.errors.some((problem) => problem.rule.startsWith("expression-"));
}

function oracleMatcher(value: string): ClaimsMatcher | undefined {
  try {
    return compileClaimsMatchingExpression(value);
  } catch (error) {
    if (error instanceof ClaimsExpressionSyntaxError) return undefined;
    throw error;
  }
}

function oracleAccepts(issuer: string, value: string): boolean {
  const matcher = oracleMatcher(value);
  return matcher !== undefined && flexibleCredentialRefusal(issuer, matcher) === undefined;
}

function coreParses(value: string): boolean {
  try {
    parseClaimsMatchingExpression(value);
    return true;
  } catch (error) {
    if (error instanceof ClaimsMatchingExpressionSyntaxError) return false;
    throw error;
  }
}

const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;
const space = fc.constantFrom(" ", " ", " ", "  ", "\t", "\n", "");
const text = fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 12 }));
const comparison = fc
  .record({
    claim: fc.constantFrom(...CLAIMS),
    operator: fc.constantFrom("eq", "eq", "matches", "matches", "like"),
    value: text,
    before: space,
    after: space,
    inside: fc.constantFrom("", "", "", "", " "),
  })
  .map(
    ({ claim, operator, value, before, after, inside }) =>
      `claims[${inside}${quoted(claim)}]${before}${operator}${after}${quoted(value)}`,
  );
const expression = fc
  .tuple(
    fc.array(fc.tuple(comparison, space, fc.constantFrom("and", "and", "and", "or")), {
      minLength: 1,
      maxLength: 4,
    }),
    space,
  )
  .map(
    ([parts, end]) =>
      parts.map(([part, gap, joiner], index) => (index === 0 ? part : `${gap}${joiner} ${part}`)).join("") +
      end,
  );
/** Claims near the comparands: equal to one, or one with its wildcards filled in, or anything. */
const claimsFor = (value: string) =>
  fc.dictionary(
    fc.constantFrom(...CLAIMS),
    fc.oneof(
      fc.constantFrom(...VALUES.map((known) => known.replaceAll("*", "x").replaceAll("?", "y")), ...VALUES),
      fc.constant(value),
      fc.string({ maxLength: 8 }),
      fc.integer(),
    ),
  );

describe("core's flexible-credential rules against the emulator's oracle", () => {
  it("accept and refuse the same issuer and expression pairs (property)", () => {
    const verdicts = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(fc.constantFrom(...ISSUERS), expression, (issuer, value) => {
        const accepted = oracleAccepts(issuer, value);
        expect(coreAccepts(issuer, value)).toBe(accepted);
        verdicts[accepted ? "accepted" : "refused"]++;
      }),
      { numRuns: propertyRuns(2000), seed: 20261207 },
    );
    // A fixed seed: the generated pairs include credentials both accept, not only refusals.
    expect(verdicts.accepted).toBeGreaterThan(0);
    expect(verdicts.refused).toBeGreaterThan(verdicts.accepted);
  });

  it("parse the same expressions and evaluate them the same on any claims (property)", () => {
    fc.assert(
      fc.property(
        expression.chain((value) => fc.tuple(fc.constant(value), claimsFor(value))),
        ([value, claims]) => {
          const matcher = oracleMatcher(value);
          expect(coreParses(value)).toBe(matcher !== undefined);
          if (matcher !== undefined) {
            expect(evaluateClaimsMatchingExpression(value, claims)).toBe(matcher.test(claims));
          }
        },
      ),
      { numRuns: propertyRuns(2000) },
    );
  });

  // The cases Entra's pages and Graph's refusal decide, each read by both.
  it.each([
    [
      "https://token.actions.githubusercontent.com",
      "claims['sub'] matches 'repo:o/*' and claims['repository_id'] eq '1'",
      true,
    ],
    ["https://token.actions.githubusercontent.com", "claims['sub'] matches 'repo:o/*'", false],
    [
      "https://token.actions.githubusercontent.com",
      "claims['sub'] matches 'repo:o/*' and claims['repository_owner_id'] matches '1*'",
      false,
    ],
    ["https://gitlab.com", "claims['sub'] matches 'project_path:g/*'", false],
    ["https://gitlab.com", "claims['sub'] matches 'project_path:g/*' and claims['project_id'] eq '42'", true],
    ["https://gitlab.com", "claims['sub'] matches 'project_id:42:*'", true],
    ["https://gitlab.com/", "claims['sub'] matches 'project_id:42:*'", false],
    ["https://app.eu.terraform.io", "claims['sub'] matches 'organization:o:*'", true],
    ["https://tfe.contoso.com", "claims['sub'] matches 'organization:o:*'", false],
    ["https://app.terraform.io", "claims['sub'] eq 'organization:o''s:*'", true],
    ["https://app.terraform.io", "claims['sub'] eq 'organization:o's:*'", false],
    ["https://app.terraform.io", "claims['sub']eq 'organization:o'", false],
  ])("%s, %s: accepted %s", (issuer, value, accepted) => {
    expect(oracleAccepts(issuer, value)).toBe(accepted);
    expect(coreAccepts(issuer, value)).toBe(accepted);
  });
});
