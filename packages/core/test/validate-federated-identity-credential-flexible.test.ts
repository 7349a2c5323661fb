import { describe, expect, it } from "vitest";
import { validateFederatedIdentityCredential } from "../src/fic/validation/validate-federated-identity-credential";
import { only } from "./validate-federated-identity-credential-cases";

describe("validateFederatedIdentityCredential", () => {
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
});
