import { describe, expect, it } from "vitest";
import { KNOWN_CLOUDS } from "../src/clouds";
import { validateFederatedIdentityCredential } from "../src/fic/validation/validate-federated-identity-credential";
import { github, only, type WarningCase } from "./validate-federated-identity-credential-cases";

describe("validateFederatedIdentityCredential", () => {
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
