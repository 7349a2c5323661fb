import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AssertionClaims } from "../src/fic/decode-assertion";
import type { FederatedIdentityCredential } from "../src/fic/federated-identity-credential";
import { type FieldDifference, matchFederatedCredential } from "../src/fic/match-federated-credential";

const GITHUB = "https://token.actions.githubusercontent.com";
const EXCHANGE = "api://AzureADTokenExchange";
const AKS =
  "https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/";

const claims: AssertionClaims = {
  iss: GITHUB,
  sub: "repo:contoso/app:ref:refs/heads/main",
  aud: EXCHANGE,
  job_workflow_ref: "contoso/ci/.github/workflows/deploy.yml@refs/heads/main",
};

const fic = (
  name: string,
  change: Partial<FederatedIdentityCredential> = {},
): FederatedIdentityCredential => ({
  name,
  issuer: GITHUB,
  subject: "repo:contoso/app:ref:refs/heads/main",
  audiences: [EXCHANGE],
  ...change,
});

function differencesOf(
  tokenClaims: AssertionClaims,
  credential: FederatedIdentityCredential,
): readonly FieldDifference[] {
  const result = matchFederatedCredential(tokenClaims, [credential]);
  if (result.matched) throw new Error("matched unexpectedly");
  expect(result.nearest).toBe(credential);
  return result.differences;
}

describe("matchFederatedCredential", () => {
  it("matches issuer, subject and audience exactly", () => {
    const credential = fic("main");
    expect(
      matchFederatedCredential(claims, [
        fic("other", { subject: "repo:contoso/app:pull_request" }),
        credential,
      ]),
    ).toEqual({
      matched: credential,
    });
  });

  it("matches when the credential's audience is one of the token's audiences", () => {
    const credential = fic("main");
    expect(
      matchFederatedCredential({ ...claims, aud: ["something-else", EXCHANGE] }, [credential]).matched,
    ).toBe(credential);
  });

  it("answers with no nearest credential and no differences for an empty list", () => {
    expect(matchFederatedCredential(claims, [])).toEqual({ matched: undefined, differences: [] });
  });

  it("picks the credential with the most matching fields, then the closest subject", () => {
    const farIssuer = fic("far", {
      issuer: "https://gitlab.com",
      subject: "repo:contoso/app:ref:refs/heads/mai",
    });
    const closeSubject = fic("close", { subject: "repo:contoso/app:ref:refs/heads/mian" });
    const fartherSubject = fic("farther", { subject: "repo:contoso/app:environment:production" });
    const result = matchFederatedCredential(claims, [farIssuer, fartherSubject, closeSubject]);
    expect(result.matched).toBeUndefined();
    expect(result).toMatchObject({ nearest: closeSubject });
  });

  it("keeps the first of equally near credentials", () => {
    const first = fic("first", { subject: "repo:contoso/app:ref:refs/heads/maiX" });
    const second = fic("second", { subject: "repo:contoso/app:ref:refs/heads/maiY" });
    expect(matchFederatedCredential(claims, [first, second])).toMatchObject({ nearest: first });
  });

  describe("hints", () => {
    it.each([
      [
        "a subject in other letter case",
        claims,
        fic("x", { subject: "repo:Contoso/App:ref:refs/heads/main" }),
        { field: "subject", hint: "differs only in letter case" },
      ],
      [
        "a subject with a trailing space",
        claims,
        fic("x", { subject: "repo:contoso/app:ref:refs/heads/main " }),
        { field: "subject", hint: "the credential's value has leading or trailing whitespace" },
      ],
      [
        "an environment credential for a branch token",
        claims,
        fic("x", { subject: "repo:contoso/app:environment:prod" }),
        {
          field: "subject",
          hint: "the token is for branch main, the credential for environment prod (only a job that declares `environment:` gets an environment subject)",
        },
      ],
      [
        "another repository",
        claims,
        fic("x", { subject: "repo:contoso/web:ref:refs/heads/main" }),
        {
          field: "subject",
          hint: "different repository: the token is from contoso/app, the credential is for contoso/web",
        },
      ],
      [
        "an immutable GitHub subject",
        { ...claims, sub: "repo:contoso@1234/app@5678:ref:refs/heads/main" },
        fic("x"),
        { field: "subject", hint: expect.stringContaining("the token uses GitHub's immutable subject") },
      ],
      [
        "a wildcard in an exact subject",
        claims,
        fic("x", { subject: "repo:contoso/app:*" }),
        { field: "subject", hint: expect.stringContaining("'*' is not a wildcard") },
      ],
      [
        "another namespace",
        { ...claims, iss: AKS, sub: "system:serviceaccount:prod:api" },
        fic("x", { issuer: AKS, subject: "system:serviceaccount:default:api" }),
        {
          field: "subject",
          hint: "different namespace: the pod runs in prod, the credential is for default",
        },
      ],
      [
        "another service account",
        { ...claims, iss: AKS, sub: "system:serviceaccount:prod:api" },
        fic("x", { issuer: AKS, subject: "system:serviceaccount:prod:web" }),
        { field: "subject", hint: "different service account: the pod uses api, the credential is for web" },
      ],
      [
        "an unrecognisable subject difference",
        { ...claims, iss: "https://issuer.example", sub: "abcdef" },
        fic("x", { issuer: "https://issuer.example", subject: "abcxyz" }),
        { field: "subject", hint: "first difference at character 3" },
      ],
      [
        "an AKS issuer without its trailing slash",
        { ...claims, iss: AKS },
        fic("x", { issuer: AKS.slice(0, -1) }),
        {
          field: "issuer",
          hint: "trailing slash: the token's issuer ends with \"/\" and the credential's does not (AKS issuers always end with a slash)",
        },
      ],
      [
        "an issuer with an extra trailing slash",
        claims,
        fic("x", { issuer: `${GITHUB}/` }),
        {
          field: "issuer",
          hint: "trailing slash: the credential's issuer ends with \"/\" and the token's does not",
        },
      ],
      [
        "an issuer in other letter case",
        claims,
        fic("x", { issuer: "https://Token.Actions.GithubUserContent.com" }),
        { field: "issuer", hint: "differs only in letter case" },
      ],
      [
        "an http issuer",
        claims,
        fic("x", { issuer: "http://token.actions.githubusercontent.com" }),
        { field: "issuer", hint: "the credential's issuer uses http, tokens carry https" },
      ],
      [
        "another enterprise on the same host",
        claims,
        fic("x", { issuer: `${GITHUB}/contoso` }),
        { field: "issuer", hint: expect.stringContaining("same host, different path") },
      ],
      [
        "the audience of the US Gov cloud",
        { ...claims, aud: "api://AzureADTokenExchangeUSGov" },
        fic("x"),
        {
          field: "audience",
          presented: "api://AzureADTokenExchangeUSGov",
          expected: EXCHANGE,
          hint: "the token carries the audience of the US Gov cloud; the credential expects the public cloud's (two conventions exist outside the public cloud: api://AzureADTokenExchange in every cloud, as azure/login and the AKS webhook ask, and the cloud's own audience, the portal's default; ask the platform for api://AzureADTokenExchange, or change the credential's audience)",
        },
      ],
      [
        "an audience that is not an exchange audience",
        { ...claims, aud: ["https://github.com/contoso", "sts.amazonaws.com"] },
        fic("x"),
        {
          field: "audience",
          presented: "https://github.com/contoso, sts.amazonaws.com",
          hint: expect.stringContaining("ask the platform for audience api://AzureADTokenExchange"),
        },
      ],
      [
        "an audience in other letter case",
        { ...claims, aud: "api://azureadtokenexchange" },
        fic("x"),
        { field: "audience", hint: "differs only in letter case" },
      ],
    ])("explains %s", (_label, tokenClaims, credential, expected) => {
      const differences = differencesOf(tokenClaims, credential);
      expect(differences).toEqual([expect.objectContaining(expected)]);
    });
  });

  describe("flexible credentials", () => {
    const flexible = (value: string) =>
      fic("flex", { subject: undefined, claimsMatchingExpression: { value, languageVersion: 1 } });

    it("matches when every condition holds", () => {
      const credential = flexible(
        "claims['sub'] matches 'repo:contoso/*' and claims['job_workflow_ref'] matches 'contoso/ci/*@refs/heads/main'",
      );
      expect(matchFederatedCredential(claims, [credential]).matched).toBe(credential);
    });

    it("names the condition that fails", () => {
      const credential = flexible(
        "claims['sub'] matches 'repo:contoso/*' and claims['job_workflow_ref'] eq 'contoso/ci/.github/workflows/release.yml@refs/heads/main'",
      );
      expect(differencesOf(claims, credential)).toEqual([
        {
          field: "claimsMatchingExpression",
          presented: claims.job_workflow_ref,
          expected: credential.claimsMatchingExpression?.value,
          hint: `claims['job_workflow_ref'] is "${claims.job_workflow_ref}", which does not equal 'contoso/ci/.github/workflows/release.yml@refs/heads/main'`,
        },
      ]);
    });

    it("notices a case-only difference in a pattern", () => {
      const [difference] = differencesOf(claims, flexible("claims['sub'] matches 'repo:Contoso/*'"));
      expect(difference?.hint).toContain("(it differs only in letter case)");
    });

    it("says when the token lacks the claim", () => {
      const [difference] = differencesOf(claims, flexible("claims['environment'] eq 'prod'"));
      expect(difference).toMatchObject({
        presented: "",
        hint: "the token has no string claim 'environment'",
      });
    });

    it("never matches an invalid expression, and says why", () => {
      const [difference] = differencesOf(claims, flexible("claims['sub'] like '*'"));
      expect(difference?.hint).toContain("the expression is not valid, so it never matches");
      expect(difference?.hint).toContain("position 14");
    });

    it("prefers a flexible credential whose pattern is close to the subject", () => {
      const near = flexible("claims['sub'] matches 'repo:contoso/app:ref:refs/heads/mai?x'");
      const far = fic("far", { subject: "repo:other/thing:environment:production" });
      expect(matchFederatedCredential(claims, [far, near])).toMatchObject({ nearest: near });
    });
  });

  describe("properties", () => {
    const letter = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz");
    const word = fc.array(letter, { minLength: 1, maxLength: 10 }).map((letters) => letters.join(""));
    const tokenClaims = fc.record({
      iss: fc.tuple(word, word).map(([host, path]) => `https://${host}.example/${path}`),
      sub: fc.tuple(word, word, fc.string({ maxLength: 20 })).map(([a, b, rest]) => `${a}:${b}${rest}`),
      aud: fc.oneof(
        word.map((audience) => `api://${audience}`),
        fc.array(
          word.map((audience) => `api://${audience}`),
          { minLength: 1, maxLength: 3 },
        ),
      ),
    });
    const fromClaims = (c: {
      iss: string;
      sub: string;
      aud: string | string[];
    }): FederatedIdentityCredential => ({
      name: "from-claims",
      issuer: c.iss,
      subject: c.sub,
      audiences: [typeof c.aud === "string" ? c.aud : (c.aud[0] as string)],
    });

    it("a credential built from the claims always matches them", () => {
      fc.assert(
        fc.property(tokenClaims, (c) => {
          const credential = fromClaims(c);
          expect(matchFederatedCredential(c, [credential]).matched).toBe(credential);
        }),
      );
    });

    const changes = {
      issuer: fc.constantFrom(
        (value: string) => value.toUpperCase(),
        (value: string) => `${value}/`,
        (value: string) => `${value}x`,
        (value: string) => ` ${value}`,
      ),
      subject: fc.constantFrom(
        (value: string) => value.toUpperCase(),
        (value: string) => `${value}:x`,
        (value: string) => value.slice(0, -1),
        (value: string) => `${value} `,
      ),
      audience: fc.constantFrom(
        (value: string) => value.toUpperCase(),
        (value: string) => `${value}USGov`,
        (value: string) => `${value}/`,
      ),
    };

    it("changing any one field, even only its letter case, makes it differ on exactly that field", () => {
      fc.assert(
        fc.property(
          tokenClaims,
          fc.oneof(
            changes.issuer.map((change) => ["issuer", change] as const),
            changes.subject.map((change) => ["subject", change] as const),
            changes.audience.map((change) => ["audience", change] as const),
          ),
          (c, [field, change]) => {
            const original = fromClaims(c);
            const credential =
              field === "issuer"
                ? { ...original, issuer: change(original.issuer) }
                : field === "subject"
                  ? { ...original, subject: change(original.subject as string) }
                  : { ...original, audiences: [change(original.audiences[0] as string)] };
            const result = matchFederatedCredential(c, [credential]);
            expect(result.matched).toBeUndefined();
            if (result.matched) return;
            expect(result.nearest).toBe(credential);
            expect(result.differences.map((difference) => difference.field)).toEqual([field]);
            const [difference] = result.differences;
            if (change("aB") === "AB") expect(difference?.hint).toBe("differs only in letter case");
          },
        ),
        { numRuns: 500 },
      );
    });
  });
});
