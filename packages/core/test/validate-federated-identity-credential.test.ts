import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KNOWN_CLOUDS } from "../src/clouds";
import type { FederatedIdentityCredential } from "../src/fic/federated-identity-credential";
import type { FicRule } from "../src/fic/validation/fic-problem";
import {
  validateFederatedIdentityCredential,
  validateFederatedIdentityCredentials,
} from "../src/fic/validation/validate-federated-identity-credential";
import { type ErrorCase, github, only } from "./validate-federated-identity-credential-cases";

describe("validateFederatedIdentityCredential", () => {
  it("accepts a well-formed credential without warnings", () => {
    expect(validateFederatedIdentityCredential(github)).toEqual({ valid: true, errors: [], warnings: [] });
  });

  it("accepts the shape `az ad app federated-credential list` prints", () => {
    const listed = {
      "@odata.type": "#microsoft.graph.federatedIdentityCredential",
      id: "7e0d7a67-0000-4000-8000-000000000000",
      audiences: ["api://AzureADTokenExchange"],
      claimsMatchingExpression: null,
      description: null,
      issuer: "https://token.actions.githubusercontent.com",
      name: "main",
      subject: "repo:contoso/app:ref:refs/heads/main",
    };
    expect(validateFederatedIdentityCredential(listed)).toEqual({ valid: true, errors: [], warnings: [] });
  });

  it.each(
    [
      [{ name: "ab" }, "name", "name-length", /2 characters; Entra requires 3–120/],
      [{ name: "a".repeat(121) }, "name", "name-length", /shorten it to at most 120/],
      [{ name: "github main" }, "name", "name-characters", /contains " ".*Fix: use "github-main"/],
      [{ name: "prod.deploy" }, "name", "name-characters", /contains "\."/],
      [{ name: "-main" }, "name", "name-first-character", /starts with "-"/],
      [{ name: "_main" }, "name", "name-first-character", /letter or a digit/],
      [{ name: "main " }, "name", "whitespace", /Fix: use "main"/],
      [{ name: "" }, "name", "required", /a name is required/],
      [{ name: 42 }, "name", "type", /expected a string/],
      [{ issuer: "http://token.example" }, "issuer", "issuer-https", /uses http; Entra only trusts https/],
      [{ issuer: "token.actions.githubusercontent.com" }, "issuer", "issuer-https", /not a URL/],
      [{ issuer: "https://token.actions.githubusercontent.com " }, "issuer", "whitespace", /never match/],
      [{ issuer: `https://issuer.example/${"a".repeat(600)}` }, "issuer", "max-length", /at most 600/],
      [{ issuer: undefined }, "issuer", "required", /an issuer is required/],
      [
        { subject: "repo:contoso/*:ref:refs/heads/main" },
        "subject",
        "subject-wildcard",
        /claims\['sub'\] matches/,
      ],
      [
        { subject: " repo:contoso/app:ref:refs/heads/main" },
        "subject",
        "whitespace",
        /leading or trailing whitespace/,
      ],
      [
        { subject: `repo:contoso/app:environment:${"e".repeat(600)}` },
        "subject",
        "max-length",
        /at most 600/,
      ],
      [{ subject: "" }, "subject", "required", /subject is empty/],
      [{ subject: undefined }, "subject", "subject-or-expression", /needs a subject/],
      [
        { claimsMatchingExpression: { value: "claims['sub'] eq 'x'", languageVersion: 1 } },
        "claimsMatchingExpression",
        "subject-or-expression",
        /not both/,
      ],
      [{ audiences: [] }, "audiences", "single-audience", /it is empty; Entra requires exactly one/],
      [
        { audiences: ["api://AzureADTokenExchange", "api://AzureADTokenExchangeUSGov"] },
        "audiences",
        "single-audience",
        /2 entries/,
      ],
      [
        { audiences: "api://AzureADTokenExchange" },
        "audiences",
        "type",
        /an array with exactly one audience/,
      ],
      [{ audiences: undefined }, "audiences", "required", /audiences is required/],
      [{ audiences: ["api://AzureADTokenExchange "] }, "audiences[0]", "whitespace", /leading or trailing/],
      [{ audiences: [`api://${"a".repeat(600)}`] }, "audiences[0]", "max-length", /at most 600/],
      [{ audiences: [""] }, "audiences[0]", "required", /audience is empty/],
      [{ description: 7 }, "description", "type", /expected a string/],
      [
        { description: "d".repeat(601) },
        "description",
        "max-length",
        /601 characters; Entra allows at most 600/,
      ],
      [{ description: "deploy\u001b[2Jmain" }, "description", "control-character", /"\\u001b"/],
      [{ description: "deploy\nmain" }, "description", "control-character", /"\\n"/],
      [{ issuer: "https://issuer.example/?tenant=1" }, "issuer", "issuer-https", /query or fragment/],
      [{ issuer: "https://issuer.example/#x" }, "issuer", "issuer-https", /query or fragment/],
      [{ issuer: "https://user:pw@issuer.example" }, "issuer", "issuer-https", /user name or password/],
      [{ issuer: "HTTPS://issuer.example" }, "issuer", "issuer-https", /does not start with "https:\/\/"/],
    ].map(([change, field, rule, message]) => ({ change, field, rule, message }) as ErrorCase),
  )("reports $rule on $field", ({ change, field, rule, message }) => {
    const result = validateFederatedIdentityCredential({ ...github, ...change });
    expect(result.valid).toBe(false);
    const problem = only(result.errors, rule);
    expect(problem.field).toBe(field);
    expect(problem.message).toMatch(message);
    expect(problem.message.startsWith(`${field}: `)).toBe(true);
  });

  it("accepts a description of exactly 600 characters, and an empty one", () => {
    expect(validateFederatedIdentityCredential({ ...github, description: "d".repeat(600) }).valid).toBe(true);
    expect(validateFederatedIdentityCredential({ ...github, description: "" }).valid).toBe(true);
  });

  it("reports the value of the field", () => {
    const result = validateFederatedIdentityCredential({ ...github, audiences: ["a", "b"] });
    expect(only(result.errors, "single-audience").value).toBe('["a","b"]');
  });

  it('leaves the value out for a missing field, instead of the text "undefined"', () => {
    const { issuer: _issuer, ...withoutIssuer } = github;
    const problem = only(validateFederatedIdentityCredential(withoutIssuer).errors, "required");
    expect(problem.field).toBe("issuer");
    expect("value" in problem).toBe(false);
    expect(JSON.stringify(problem)).not.toContain("undefined");
  });

  it("refuses something that is not an object", () => {
    const result = validateFederatedIdentityCredential("github");
    expect(result.errors).toEqual([expect.objectContaining({ field: "", rule: "type", value: "github" })]);
  });
});

describe("validateFederatedIdentityCredentials", () => {
  const credential = (index: number): FederatedIdentityCredential => ({
    ...github,
    name: `github-${index}`,
    subject: `repo:contoso/app:environment:env-${index}`,
  });

  it("accepts up to 20 distinct credentials", () => {
    const list = Array.from({ length: 20 }, (_, index) => credential(index));
    expect(validateFederatedIdentityCredentials(list)).toEqual({ valid: true, errors: [], warnings: [] });
  });

  it("refuses a 21st credential", () => {
    const list = Array.from({ length: 21 }, (_, index) => credential(index));
    const problem = only(validateFederatedIdentityCredentials(list).errors, "max-per-identity");
    expect(problem).toMatchObject({ field: "length", value: "21" });
    expect(problem.message).toContain("at most 20");
  });

  it("refuses duplicate names and duplicate issuer + subject, naming both entries", () => {
    const list = [credential(0), credential(1), { ...credential(1), name: "github-0" }, { ...credential(0) }];
    const { errors } = validateFederatedIdentityCredentials(list);
    expect(errors.map((error) => [error.field, error.rule])).toEqual([
      ["[2].name", "unique-name"],
      ["[2].subject", "unique-issuer-subject"],
      ["[3].name", "unique-name"],
      ["[3].subject", "unique-issuer-subject"],
    ]);
    expect(errors[1]?.message).toContain("[1] already has this issuer and subject");
  });

  it("prefixes each credential's problems with its index", () => {
    const { errors } = validateFederatedIdentityCredentials([credential(0), { ...credential(1), name: "x" }]);
    expect(errors).toEqual([expect.objectContaining({ field: "[1].name", rule: "name-length" })]);
    expect(errors[0]?.message.startsWith("[1].name: ")).toBe(true);
  });

  it("accepts Microsoft Graph's { value: [...] } answer", () => {
    expect(validateFederatedIdentityCredentials({ value: [credential(0), credential(0)] }).valid).toBe(false);
    expect(validateFederatedIdentityCredentials({ value: [credential(0)] }).valid).toBe(true);
  });

  it("refuses something that is not a list", () => {
    expect(validateFederatedIdentityCredentials(credential(0)).errors).toEqual([
      expect.objectContaining({ field: "", rule: "type" }),
    ]);
  });
});

describe("properties", () => {
  const alphanumeric = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
  const nameCharacter = fc.oneof(alphanumeric, fc.constantFrom("-", "_"));
  const validName = fc
    .tuple(alphanumeric, fc.array(nameCharacter, { minLength: 2, maxLength: 119 }))
    .map(([first, rest]) => first + rest.join(""));
  const validIssuer = fc
    .webUrl({ validSchemes: ["https"], withQueryParameters: false, withFragments: false })
    .filter((url) => url.length <= 600);
  const validSubject = fc
    .string({ unit: "grapheme", minLength: 1, maxLength: 200 })
    .filter((subject) => subject.trim() === subject && !subject.includes("*") && subject.length <= 600);
  const validAudience = fc.oneof(
    fc.constantFrom(...Object.values(KNOWN_CLOUDS).map((cloud) => cloud.exchangeAudience)),
    fc.string({ minLength: 1, maxLength: 100 }).filter((audience) => audience.trim() === audience),
  );
  const validCredential = fc.record(
    {
      name: validName,
      issuer: validIssuer,
      subject: validSubject,
      audiences: validAudience.map((audience) => [audience]),
      description: fc.string({ maxLength: 100 }),
    },
    { requiredKeys: ["name", "issuer", "subject", "audiences"] },
  );

  it("accepts every generated valid credential", () => {
    fc.assert(
      fc.property(validCredential, (fic) => {
        const result = validateFederatedIdentityCredential(fic);
        expect(result.errors).toEqual([]);
        expect(result.valid).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  type Violation = readonly [
    field: string,
    rule: FicRule,
    apply: (fic: FederatedIdentityCredential) => unknown,
  ];
  const violations: readonly Violation[] = [
    ["name", "name-length", (fic) => ({ ...fic, name: fic.name.slice(0, 2) })],
    ["name", "name-length", (fic) => ({ ...fic, name: fic.name.padEnd(121, "x") })],
    ["name", "name-characters", (fic) => ({ ...fic, name: `${fic.name.slice(0, 1)}.${fic.name.slice(1)}` })],
    ["name", "name-first-character", (fic) => ({ ...fic, name: `-${fic.name}` })],
    ["name", "whitespace", (fic) => ({ ...fic, name: ` ${fic.name}` })],
    ["issuer", "issuer-https", (fic) => ({ ...fic, issuer: fic.issuer.replace(/^https:/, "http:") })],
    ["issuer", "whitespace", (fic) => ({ ...fic, issuer: `${fic.issuer}\n` })],
    [
      "issuer",
      "max-length",
      (fic) => ({ ...fic, issuer: `${fic.issuer.replace(/\/$/, "")}/${"p".repeat(600)}` }),
    ],
    ["subject", "subject-wildcard", (fic) => ({ ...fic, subject: `${fic.subject}*` })],
    ["subject", "whitespace", (fic) => ({ ...fic, subject: ` ${fic.subject}` })],
    ["subject", "max-length", (fic) => ({ ...fic, subject: `${fic.subject}${"s".repeat(601)}` })],
    ["subject", "subject-or-expression", (fic) => ({ ...fic, subject: undefined })],
    [
      "claimsMatchingExpression",
      "subject-or-expression",
      (fic) => ({ ...fic, claimsMatchingExpression: { value: "claims['sub'] eq 'x'", languageVersion: 1 } }),
    ],
    ["audiences", "single-audience", (fic) => ({ ...fic, audiences: [...fic.audiences, "api://second"] })],
    ["audiences", "single-audience", (fic) => ({ ...fic, audiences: [] })],
    ["audiences[0]", "whitespace", (fic) => ({ ...fic, audiences: [` ${fic.audiences[0]}`] })],
    [
      "audiences[0]",
      "max-length",
      (fic) => ({ ...fic, audiences: [`${fic.audiences[0]}${"a".repeat(600)}`] }),
    ],
  ];

  it("reports a generated violation on exactly its field", () => {
    fc.assert(
      fc.property(validCredential, fc.constantFrom(...violations), (fic, [field, rule, apply]) => {
        const result = validateFederatedIdentityCredential(apply(fic));
        expect(result.valid).toBe(false);
        expect(result.errors.some((error) => error.rule === rule && error.field === field)).toBe(true);
        expect(new Set(result.errors.map((error) => error.field))).toEqual(new Set([field]));
      }),
      { numRuns: 500 },
    );
  });

  it("finds exactly the duplicated entry in a list", () => {
    const list = fc
      .uniqueArray(validCredential, {
        minLength: 1,
        maxLength: 19,
        comparator: (a, b) => a.name === b.name || (a.issuer === b.issuer && a.subject === b.subject),
      })
      .chain((items) => fc.tuple(fc.constant(items), fc.nat(items.length - 1)));
    fc.assert(
      fc.property(list, ([items, copied]) => {
        expect(validateFederatedIdentityCredentials(items).valid).toBe(true);
        const { errors } = validateFederatedIdentityCredentials([...items, items[copied]]);
        expect(errors.map((error) => [error.field, error.rule])).toEqual([
          [`[${items.length}].name`, "unique-name"],
          [`[${items.length}].subject`, "unique-issuer-subject"],
        ]);
      }),
      { numRuns: 200 },
    );
  });
});
