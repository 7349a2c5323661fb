import { fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type EntraEmulator,
  type EntraErrorBody,
  type FederatedIdentityCredentialRecord,
  InvalidEmulatorOptionError,
  type OidcIssuer,
  startEntraEmulator,
  startOidcIssuer,
} from "../src/index";

// The emulator's flexible credentials (claimsMatchingExpression): what Entra stores (its rules per
// issuer, entra-docs workload-identities-flexible-federated-identity-credentials.md, ms.date
// 08/14/2026) and how it matches them. Tokens carry the documented issuers' `iss`; their keys come
// from a local issuer (locateIssuer), so nothing leaves loopback.
const GITHUB = "https://token.actions.githubusercontent.com";
const GITLAB = "https://gitlab.com";
const TERRAFORM = "https://app.terraform.io";
const tenantId = "3c1f0b2a-8d4e-4f6a-9b7c-1d2e3f4a5b6c";
const flexibleClientId = "8e7d6c5b-4a3f-4d2e-9b1c-0a9b8c7d6e5f";
const exchangeAudience = "api://AzureADTokenExchange";
const workflow = "contoso/workflows/.github/workflows/deploy.yml@refs/heads/main";

describe("the Entra emulator's flexible federated credentials", () => {
  let entra: EntraEmulator;
  let issuer: OidcIssuer;
  let nextClientId = 0;

  beforeAll(async () => {
    issuer = await startOidcIssuer();
    entra = await startEntraEmulator({
      applications: [
        {
          clientId: flexibleClientId,
          tenantId,
          federatedCredentials: [
            flexible(
              GITHUB,
              "claims['sub'] matches 'repo:contoso/*:environment:prod' and claims['repository_owner_id'] eq '5544' and claims['job_workflow_ref'] matches 'contoso/workflows/.github/workflows/deploy.yml@refs/heads/?*'",
            ),
          ],
        },
      ],
    });
    for (const documented of [GITHUB, GITLAB, TERRAFORM]) entra.locateIssuer(documented, issuer.issuer);
  });
  afterAll(async () => {
    await entra.close();
    await issuer.close();
  });

  function flexible(issuerUrl: string, value: string, name = "flexible"): FederatedIdentityCredentialRecord {
    return {
      name,
      issuer: issuerUrl,
      claimsMatchingExpression: { value, languageVersion: 1 },
      audiences: [exchangeAudience],
    };
  }

  /** Registers one flexible credential on a new application; returns its client id. */
  function register(issuerUrl: string, value: string): string {
    nextClientId++;
    const clientId = `2b3c4d5e-6f7a-4b8c-9d0e-${String(nextClientId).padStart(12, "0")}`;
    entra.addApplication({ clientId, tenantId, federatedCredentials: [flexible(issuerUrl, value)] });
    return clientId;
  }

  async function exchange(claims: Record<string, unknown>, clientId = flexibleClientId) {
    const assertion = await issuer.mint({ iss: GITHUB, aud: exchangeAudience, ...claims });
    const response = await fetch(`${entra.url}/${tenantId}/oauth2/v2.0/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: clientId,
        scope: "https://management.azure.com/.default",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: assertion,
      }),
      dispatcher: entra.dispatcher,
    });
    return { status: response.status, body: (await response.json()) as EntraErrorBody };
  }

  describe("matching", () => {
    const matching = {
      sub: "repo:contoso/api:environment:prod",
      repository_owner_id: "5544",
      job_workflow_ref: workflow,
    };

    it("match when every comparison holds (matches with * and ?, joined by and)", async () => {
      expect((await exchange(matching)).status).toBe(200);
    });

    it("fail with 70021 (naming the presented issuer, subject and audience) when one does not", async () => {
      const cases = [
        { ...matching, sub: "repo:contoso/api:environment:dev" },
        { ...matching, sub: "repo:fabrikam/api:environment:prod" },
        { ...matching, job_workflow_ref: "contoso/workflows/.github/workflows/deploy.yml@refs/heads/" },
        { ...matching, repository_owner_id: "5545" },
        { sub: matching.sub, repository_owner_id: "5544" },
        { ...matching, sub: "repo:Contoso/api:environment:prod" },
        { ...matching, repository_owner_id: 5544 },
      ];
      for (const claims of cases) {
        const { status, body } = await exchange(claims);
        expect(status).toBe(400);
        expect(body.error_codes).toEqual([70021]);
        expect(body.error_description).toContain(
          `No matching federated identity record found for presented assertion. Assertion Issuer: '${GITHUB}'. Assertion Subject: '${claims.sub}'. Assertion Audience: '${exchangeAudience}'.`,
        );
      }
    });

    it("an eq comparison is exact and case-sensitive", async () => {
      const clientId = register(
        GITHUB,
        "claims['sub'] eq 'repo:contoso/a?p:*' and claims['repository_id'] eq '42'",
      );
      expect((await exchange({ sub: "repo:contoso/a?p:*", repository_id: "42" }, clientId)).status).toBe(200);
      expect((await exchange({ sub: "repo:contoso/app:x", repository_id: "42" }, clientId)).status).toBe(400);
    });

    it("reads a doubled single quote inside a string as one quote (the page: single quotes are escape characters)", async () => {
      const clientId = register(
        GITHUB,
        "claims['sub'] eq 'repo:o/it''s:ref:refs/heads/main' and claims['repository_id'] eq '42'",
      );
      expect(
        (await exchange({ sub: "repo:o/it's:ref:refs/heads/main", repository_id: "42" }, clientId)).status,
      ).toBe(200);
      expect(
        (await exchange({ sub: "repo:o/it''s:ref:refs/heads/main", repository_id: "42" }, clientId)).status,
      ).toBe(400);
    });
  });

  describe("what Entra stores", () => {
    const refused = (issuerUrl: string, value: string) => () => register(issuerUrl, value);

    it("rejects an expression outside the language at registration, naming the field", () => {
      expect(refused(GITHUB, "claims['sub'] like 'repo:*'")).toThrow(
        /application\.federatedCredentials\[0\]\.claimsMatchingExpression\.value.*'eq' or 'matches'/,
      );
      expect(refused(GITHUB, "claims['sub']eq 'x' and claims['repository_id'] eq '1'")).toThrow(
        /space before the operator/,
      );
      expect(refused(GITHUB, "claims['sub'] eq 'x'and claims['repository_id'] eq '1'")).toThrow(
        /space before 'and'/,
      );
      expect(refused(GITHUB, "claims[ 'sub' ] eq 'x' and claims['repository_id'] eq '1'")).toThrow(
        /expected a 'quoted string'/,
      );
    });

    it("GitHub: sub and repository_id or repository_owner_id, the ids with eq only", () => {
      for (const value of [
        "claims['sub'] matches 'repo:contoso/*' and claims['repository_id'] eq '1'",
        "claims['sub'] eq 'repo:contoso/app:pull_request' and claims['repository_owner_id'] eq '2'",
        "claims['repository_id'] eq '1' and claims['sub'] matches 'repo:*' and claims['repository_owner_id'] eq '2' and claims['job_workflow_ref'] eq 'x'",
      ]) {
        expect(refused(GITHUB, value)).not.toThrow();
      }
      for (const value of [
        "claims['sub'] matches 'repo:contoso/*'",
        "claims['sub'] matches 'repo:contoso/*' and claims['job_workflow_ref'] matches 'contoso/*'",
        "claims['repository_id'] eq '1'",
        "claims['sub'] matches 'repo:contoso/*' and claims['repository_id'] matches '1*'",
        "claims['sub'] matches 'repo:contoso/*' and claims['repository_id'] eq '1' and claims['ref'] eq 'refs/heads/main'",
      ]) {
        expect(refused(GITHUB, value)).toThrow(InvalidEmulatorOptionError);
        expect(refused(GITHUB, value)).toThrow(
          `InvalidFederatedIdentityCredentialValue: The FederatedIdentityCredential.ClaimsMatchingExpression.Value is invalid. Rule exception: Expression configured for issuer '${GITHUB}' either lacks all required claims or contains unallowed claims.`,
        );
      }
    });

    it("GitLab: gitlab.com and gitlab.<name>.com|.ca; sub, and project_id unless sub is a project_id subject", () => {
      const ok =
        "claims['sub'] matches 'project_path:contoso/*:ref_type:branch:ref:main' and claims['project_id'] eq '4242'";
      for (const host of [
        GITLAB,
        "https://gitlab.contoso.com",
        "https://gitlab.contoso.ca",
        "https://gitlab.eu.contoso.com",
      ]) {
        expect(refused(host, ok)).not.toThrow();
      }
      expect(refused(GITLAB, "claims['sub'] matches 'project_id:4242:ref_type:branch:ref:*'")).not.toThrow();
      for (const value of [
        "claims['sub'] matches 'project_path:contoso/*:ref_type:branch:ref:main'",
        "claims['sub'] matches 'project_path:contoso/app:*' and claims['project_id'] matches '42*'",
        "claims['sub'] eq 'project_id:1:ref_type:branch:ref:main' and claims['sub'] matches 'project_path:*'",
        "claims['sub'] eq 'project_id:1:ref_type:branch:ref:main' and claims['repository_id'] eq '1'",
      ]) {
        expect(refused(GITLAB, value)).toThrow(
          /InvalidFederatedIdentityCredentialValue.*lacks all required claims or contains unallowed claims/,
        );
      }
      for (const host of [
        "https://gitlab.contoso.org",
        "https://gitlab.com/",
        "https://GitLab.com",
        "http://gitlab.com",
        "https://gitlab.contoso.com:8443",
        "https://code.contoso.com",
      ]) {
        expect(refused(host, ok)).toThrow(/FederatedIdentityCredential\.Issuer is invalid/);
      }
    });

    it("Terraform Cloud: app.terraform.io and app.eu.terraform.io, sub only", () => {
      const value = "claims['sub'] matches 'organization:contoso:project:*:workspace:*:run_phase:*'";
      expect(refused(TERRAFORM, value)).not.toThrow();
      expect(refused("https://app.eu.terraform.io", value)).not.toThrow();
      expect(refused("https://tfe.contoso.com", value)).toThrow(/Issuer is invalid/);
      expect(refused(TERRAFORM, `${value} and claims['project_id'] eq '1'`)).toThrow(/unallowed claims/);
    });

    it("GitHub's issuer only: not an enterprise's, GHE.com's or a server's", () => {
      const value = "claims['sub'] matches 'repo:contoso/*' and claims['repository_id'] eq '1'";
      for (const host of [
        `${GITHUB}/contoso`,
        "https://token.actions.contoso.ghe.com",
        "https://github.contoso.com/_services/token",
        `${GITHUB}/`,
      ]) {
        expect(refused(host, value)).toThrow(/Issuer is invalid/);
      }
    });
  });
});
