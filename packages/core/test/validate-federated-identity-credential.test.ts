import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KNOWN_CLOUDS } from "../src/clouds";
import type { FederatedIdentityCredential } from "../src/fic/federated-identity-credential";
import type { FicProblem, FicRule, FicValidationOptions } from "../src/fic/validation/fic-problem";
import {
  validateFederatedIdentityCredential,
  validateFederatedIdentityCredentials,
} from "../src/fic/validation/validate-federated-identity-credential";

const github: FederatedIdentityCredential = {
  name: "github-contoso-app-main",
  issuer: "https://token.actions.githubusercontent.com",
  subject: "repo:contoso/app:ref:refs/heads/main",
  audiences: ["api://AzureADTokenExchange"],
  description: "GitHub Actions, branch main",
};

interface ErrorCase {
  readonly change: Record<string, unknown>;
  readonly field: string;
  readonly rule: FicRule;
  readonly message: RegExp;
}

interface WarningCase extends ErrorCase {
  readonly options: FicValidationOptions;
}

function only(problems: readonly FicProblem[], rule: FicRule): FicProblem {
  const matching = problems.filter((problem) => problem.rule === rule);
  expect(matching, JSON.stringify(problems)).toHaveLength(1);
  return matching[0] as FicProblem;
}

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

  describe("flexible credentials", () => {
    const flexible = {
      name: "github-contoso-prod",
      issuer: "https://token.actions.githubusercontent.com",
      claimsMatchingExpression: {
        value:
          "claims['sub'] matches 'repo:contoso/*:environment:prod' and claims['repository_owner_id'] eq '5544123' and claims['job_workflow_ref'] eq 'contoso/ci/.github/workflows/deploy.yml@refs/heads/main'",
        languageVersion: 1,
      },
      audiences: ["api://AzureADTokenExchange"],
    };
    const withExpression = (value: string, issuer = flexible.issuer) => ({
      ...flexible,
      issuer,
      claimsMatchingExpression: { value, languageVersion: 1 },
    });

    it("accepts a valid expression on an app registration", () => {
      expect(validateFederatedIdentityCredential(flexible)).toEqual({
        valid: true,
        errors: [],
        warnings: [],
      });
    });

    it("warns about one on a managed identity (Microsoft's documentation disagrees whether it is available)", () => {
      const result = validateFederatedIdentityCredential(flexible, { kind: "managedIdentity" });
      expect(result.valid).toBe(true);
      expect(only(result.warnings, "expression-managed-identity").field).toBe("claimsMatchingExpression");
    });

    it("reports a syntax error with its position", () => {
      const result = validateFederatedIdentityCredential({
        ...flexible,
        claimsMatchingExpression: { value: "claims['sub'] like 'repo:*'", languageVersion: 1 },
      });
      const problem = only(result.errors, "expression-syntax");
      expect(problem.field).toBe("claimsMatchingExpression.value");
      expect(problem.message).toContain("at position 14: expected 'eq' or 'matches', found \"like\"");
    });

    it("reports a language version other than 1", () => {
      const result = validateFederatedIdentityCredential({
        ...flexible,
        claimsMatchingExpression: { ...flexible.claimsMatchingExpression, languageVersion: 2 },
      });
      expect(only(result.errors, "expression-language-version").value).toBe("2");
    });

    it("reports a claim Entra does not evaluate", () => {
      const result = validateFederatedIdentityCredential({
        ...flexible,
        claimsMatchingExpression: { value: "claims['environment'] eq 'prod'", languageVersion: 1 },
      });
      expect(only(result.errors, "expression-claim").message).toContain("claims['environment'] (position 0)");
    });

    it("reports GitHub's claims on a GitLab issuer", () => {
      const result = validateFederatedIdentityCredential(
        withExpression("claims['sub'] eq 'x' and claims['job_workflow_ref'] eq 'y'", "https://gitlab.com"),
      );
      expect(only(result.errors, "expression-claim").message).toContain("is a GitHub Actions claim");
    });

    // entra-docs workload-identities-flexible-federated-identity-credentials.md, ms.date 08/14/2026
    it("refuses a GitHub expression that compares sub alone: one of the immutable ids must be compared too", () => {
      const result = validateFederatedIdentityCredential(
        withExpression("claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*'"),
      );
      const problem = only(result.errors, "expression-required-claims");
      expect(problem.message).toContain("repository_id, repository_owner_id");
      expect(problem.message).toContain("claims['repository_id'] eq");
    });

    it("refuses a GitHub expression that compares an id but not sub", () => {
      const result = validateFederatedIdentityCredential(
        withExpression("claims['repository_id'] eq '456789'"),
      );
      expect(only(result.errors, "expression-required-claims").message).toContain("does not compare sub");
    });

    it.each([
      ["claims['sub'] eq 'repo:contoso/app:ref:refs/heads/main' and claims['repository_id'] eq '456789'"],
      ["claims['sub'] matches 'repo:contoso/*' and claims['repository_owner_id'] eq '123456'"],
      [
        "claims['sub'] eq 'repo:contoso/app:ref:refs/heads/main' and claims['repository_id'] eq '456789' and claims['job_workflow_ref'] matches 'foo-org/bar-repo/.github/workflows/*@refs/heads/main'",
      ],
    ])("accepts the documented GitHub example %s", (value) => {
      expect(validateFederatedIdentityCredential(withExpression(value))).toEqual({
        valid: true,
        errors: [],
        warnings: [],
      });
    });

    it("refuses matches on an id claim: Entra supports only eq there", () => {
      const result = validateFederatedIdentityCredential(
        withExpression("claims['sub'] matches 'repo:contoso/*' and claims['repository_id'] matches '45*'"),
      );
      expect(only(result.errors, "expression-operator").message).toContain(
        "supports only 'eq' for repository_id",
      );
    });

    it.each([
      ["https://token.actions.githubusercontent.com/contoso", "an enterprise's slug issuer"],
      ["https://token.actions.contoso.ghe.com", "GHE.com"],
      ["https://github.contoso.com/_services/token", "GitHub Enterprise Server"],
    ])("refuses the GitHub issuer %s (%s): only the public issuer is supported", (issuer) => {
      const result = validateFederatedIdentityCredential(
        withExpression("claims['sub'] matches 'repo:contoso/*' and claims['repository_id'] eq '1'", issuer),
      );
      expect(only(result.errors, "expression-issuer").message).toContain(
        "only from https://token.actions.githubusercontent.com",
      );
    });

    it.each([["https://gitlab.com"], ["https://gitlab.example.com"], ["https://gitlab.example.ca"]])(
      "accepts the GitLab issuer %s",
      (issuer) => {
        expect(
          validateFederatedIdentityCredential(
            withExpression(
              "claims['sub'] matches 'project_path:g/*' and claims['project_id'] eq '42'",
              issuer,
            ),
          ).valid,
        ).toBe(true);
      },
    );

    it("a wildcard subject's fix is an expression Entra stores: the platform's required id, quotes doubled", () => {
      const fix = (issuer: string, subject: string) =>
        validateFederatedIdentityCredential({
          name: "wild",
          issuer,
          subject,
          audiences: ["api://AzureADTokenExchange"],
        }).errors.find((problem) => problem.rule === "subject-wildcard")?.message;
      expect(fix("https://token.actions.githubusercontent.com", "repo:o/it's:*")).toContain(
        `"claims['sub'] matches 'repo:o/it''s:*' and claims['repository_id'] eq '<repository_id>'"`,
      );
      expect(fix("https://gitlab.com", "project_path:g/p:ref_type:branch:ref:*")).toContain(
        `"claims['sub'] matches 'project_path:g/p:ref_type:branch:ref:*' and claims['project_id'] eq '<project_id>'"`,
      );
      expect(fix("https://gitlab.com", "project_id:42:ref_type:branch:ref:*")).toContain(
        `"claims['sub'] matches 'project_id:42:ref_type:branch:ref:*'"`,
      );
      expect(fix("https://app.terraform.io", "organization:o:*")).toContain(
        `"claims['sub'] matches 'organization:o:*'"`,
      );
    });

    // The set-up page (ms.date 09/18/2026): "When you use mutable subjects with GitLab, your flexible
    // federated identity credential expression must match the `sub` and `project_id` claims".
    it("a GitLab project_path expression must compare project_id too; a project_id subject need not", () => {
      const pathOnly = validateFederatedIdentityCredential(
        withExpression("claims['sub'] matches 'project_path:g/*'", "https://gitlab.com"),
      );
      expect(only(pathOnly.errors, "expression-required-claims").message).toContain(
        "a GitLab CI expression must compare sub and project_id (unless sub is a project_id:… subject); this one does not compare project_id. Fix: add and claims['project_id'] eq '<the project's numeric id>'",
      );
      const idSubject = "claims['sub'] matches 'project_id:42:ref_type:branch:ref:*'";
      expect(validateFederatedIdentityCredential(withExpression(idSubject, "https://gitlab.com")).valid).toBe(
        true,
      );
      const mixed = `${idSubject} and claims['sub'] matches 'project_path:*'`;
      expect(validateFederatedIdentityCredential(withExpression(mixed, "https://gitlab.com")).valid).toBe(
        false,
      );
      const idMatched = validateFederatedIdentityCredential(
        withExpression(
          "claims['sub'] matches 'project_path:g/*' and claims['project_id'] matches '4*'",
          "https://gitlab.com",
        ),
      );
      expect(idMatched.errors.map((problem) => problem.rule)).toEqual(["expression-operator"]);
    });

    it.each([
      ["https://gitlab.com/"],
      ["https://token.actions.githubusercontent.com/"],
      ["https://app.terraform.io/"],
    ])(
      "refuses the listed issuer written with a trailing slash, %s (Entra lists it without one)",
      (issuer) => {
        const result = validateFederatedIdentityCredential(
          withExpression("claims['sub'] matches 'x*' and claims['repository_id'] eq '1'", issuer),
        );
        expect(result.errors.map((problem) => problem.rule)).toContain("expression-issuer");
      },
    );

    it.each([
      ["https://gitlab.example.org"],
      ["https://code.gitlab.example.com"],
      ["https://gitlab.com/group"],
    ])("refuses the GitLab issuer %s", (issuer) => {
      const result = validateFederatedIdentityCredential(
        withExpression("claims['sub'] matches 'project_path:g/*'", issuer),
      );
      expect(result.errors.map((problem) => problem.rule)).toContain("expression-issuer");
    });

    it.each([["https://app.terraform.io"], ["https://app.eu.terraform.io"]])(
      "accepts the Terraform issuer %s",
      (issuer) => {
        const value = "claims['sub'] matches 'organization:contoso:project:*:workspace:app:run_phase:*'";
        expect(validateFederatedIdentityCredential(withExpression(value, issuer)).valid).toBe(true);
      },
    );

    it("refuses an issuer flexible credentials do not support", () => {
      const result = validateFederatedIdentityCredential(
        withExpression("claims['sub'] matches '1234*'", "https://accounts.google.com"),
      );
      expect(result.valid).toBe(false);
      expect(only(result.errors, "expression-issuer").field).toBe("issuer");
    });

    it("refuses a missing expression value", () => {
      const result = validateFederatedIdentityCredential({
        ...flexible,
        claimsMatchingExpression: { languageVersion: 1 },
      });
      expect(only(result.errors, "required").field).toBe("claimsMatchingExpression.value");
    });
  });

  describe("warnings", () => {
    it.each(
      [
        [
          { audiences: ["api://AzureADTokenExchangeUSGov"] },
          { cloud: "public" as const },
          "audiences[0]",
          "recommended-audience",
          /US Gov cloud's exchange audience; a workload exchanging in the public cloud asks for "api:\/\/AzureADTokenExchange"/,
        ],
        [
          {
            // A managed identity as the assertion: Entra issues it, with its cloud's audience.
            issuer: "https://login.chinacloudapi.cn/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
            subject: "00001111-aaaa-2222-bbbb-3333cccc4444",
            audiences: ["api://AzureADTokenExchange"],
          },
          { cloud: KNOWN_CLOUDS.china },
          "audiences[0]",
          "recommended-audience",
          /managed identity's token .*Fix: use "api:\/\/AzureADTokenExchangeChina"/,
        ],
        [
          { audiences: ["api://azureadtokenexchange"] },
          {},
          "audiences[0]",
          "recommended-audience",
          /only in letter case/,
        ],
        [{ audiences: ["my-audience"] }, {}, "audiences[0]", "recommended-audience", /not the recommended/],
        [
          {
            issuer:
              "https://westeurope.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111",
            subject: "system:serviceaccount:default:app",
          },
          {},
          "issuer",
          "aks-issuer-trailing-slash",
          /AKS issuers end with "\/"/,
        ],
        [
          { issuer: "https://token.actions.githubusercontent.com/" },
          {},
          "issuer",
          "issuer-trailing-slash",
          /without a trailing slash/,
        ],
        [
          { subject: "repo:contoso/app:ref:main" },
          {},
          "subject",
          "github-subject-shape",
          /ref:refs\/heads\/main/,
        ],
        [
          { subject: "repo:contoso/app:branch:main" },
          {},
          "subject",
          "github-subject-shape",
          /no branch: or tag: key/,
        ],
        [
          { subject: "repo:contoso/app:pull-request" },
          {},
          "subject",
          "github-subject-shape",
          /:pull_request/,
        ],
        [
          { subject: "repo:contoso/app:environment:" },
          {},
          "subject",
          "github-subject-shape",
          /environment name/,
        ],
        [
          { subject: "repo:contoso:ref:refs/heads/main" },
          {},
          "subject",
          "github-subject-shape",
          /owner and the repository/,
        ],
        [
          { issuer: "https://gitlab.com", subject: "project_path:g/p:ref_type:branch:ref:refs/heads/main" },
          {},
          "subject",
          "gitlab-subject-shape",
          /without "refs\/heads\/"/,
        ],
        [
          { issuer: "https://gitlab.com", subject: "project_path:g/p:branch:main" },
          {},
          "subject",
          "gitlab-subject-shape",
          /default subject/,
        ],
        [
          { issuer: "https://gitlab.com", subject: "project_id:web:ref_type:branch:ref:main" },
          {},
          "subject",
          "gitlab-subject-shape",
          /numeric id/,
        ],
        [
          {
            issuer: "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
            subject: "00001111-AAAA-2222-bbbb-3333cccc4444",
          },
          {},
          "subject",
          "managed-identity-subject-case",
          /"00001111-aaaa-2222-bbbb-3333cccc4444"/,
        ],
        [
          {
            issuer: "https://app.eu.terraform.io/",
            subject: "organization:o:project:p:workspace:w:run_phase:plan",
          },
          {},
          "issuer",
          "issuer-trailing-slash",
          /without a trailing slash/,
        ],
        [
          {
            issuer: "https://westeurope.oic.prod-aks.azure.com/t/c/",
            subject: "system:serviceaccount:app",
          },
          {},
          "subject",
          "kubernetes-subject-shape",
          /namespace and the service account/,
        ],
      ].map(
        ([change, options, field, rule, message]) =>
          ({ change, options, field, rule, message }) as WarningCase,
      ),
    )("warns about $rule on $field", ({ change, options, field, rule, message }) => {
      const result = validateFederatedIdentityCredential({ ...github, ...change }, options);
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
      const warning = only(result.warnings, rule);
      expect(warning.field).toBe(field);
      expect(warning.message).toMatch(message);
    });

    it("does not warn about GitHub's valid subject shapes", () => {
      for (const subject of [
        "repo:contoso/app:environment:prod",
        "repo:contoso/app:pull_request",
        "repo:contoso/app:ref:refs/tags/v1.0.0",
        "repo:contoso@123/app@456:ref:refs/heads/main",
        "repo:contoso/app:environment:prod:job_workflow_ref:contoso/app/.github/workflows/x.yml@refs/heads/main",
      ]) {
        expect(validateFederatedIdentityCredential({ ...github, subject }).warnings).toEqual([]);
      }
    });

    it("does not warn about a GitLab project_id subject, a lower-case managed identity or HCP Terraform Europe", () => {
      for (const change of [
        { issuer: "https://gitlab.com", subject: "project_id:4242:ref_type:branch:ref:main" },
        {
          issuer: "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
          subject: "00001111-aaaa-2222-bbbb-3333cccc4444",
        },
        {
          issuer: "https://app.eu.terraform.io",
          subject: "organization:o:project:p:workspace:w:run_phase:plan",
        },
      ]) {
        expect(validateFederatedIdentityCredential({ ...github, ...change }).warnings).toEqual([]);
      }
    });
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
