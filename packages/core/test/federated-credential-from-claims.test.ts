import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { azFederatedCredentialCommands } from "../src/fic/az-federated-credential-commands";
import {
  federatedCredentialFromClaims,
  federatedCredentialName,
} from "../src/fic/federated-credential-from-claims";
import { validateFederatedIdentityCredential } from "../src/fic/validation/validate-federated-identity-credential";
import { shellQuote } from "../src/shell-quote";

describe("federatedCredentialName", () => {
  it.each([
    [
      "https://token.actions.githubusercontent.com",
      "repo:contoso/app:environment:prod",
      "github-contoso-app-environment-prod",
    ],
    [
      "https://gitlab.com",
      "project_path:group/project:ref_type:branch:ref:main",
      "gitlab-group-project-branch-main",
    ],
    [
      "https://eastus.oic.prod-aks.azure.com/t/c/",
      "system:serviceaccount:default:api",
      "kubernetes-default-api",
    ],
    [
      "https://eastus.oic.prod-aks.azure.com/t/c/",
      "system:serviceaccount:default:my.api",
      "kubernetes-default-my_api",
    ],
    ["https://vstoken.dev.azure.com/8a3f1c9e", "sc://contoso/web/prod", "azure-pipelines-contoso-web-prod"],
    [
      "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
      "/eid1/c/pub/t/v4j5cvGGr0GRqy180BHbRw/a/rISbSSETf0KqFyZ8ppdXmA/sc/7e3c3b0c-3d2a-4b55-9d0e-2f1a6c5b8e01/0c6b9a0e-8f3e-4a4d-9b53-1c2d3e4f5a6b",
      "azure-pipelines-0c6b9a0e-8f3e-4a4d-9b53-1c2d3e4f5a6b",
    ],
    ["https://accounts.google.com", "112233445566778899", "gcp-112233445566778899"],
    [
      "https://app.terraform.io",
      "organization:acme:project:p:workspace:w:run_phase:apply",
      "terraform-acme-project-p-workspace-w-run_phase-apply",
    ],
    ["https://issuer.example.org/x", "--__weird//subject__--", "issuer-__weird-subject__"],
    ["not a url", "!", "fic"],
  ])("names %s %s as %s", (iss, sub, name) => {
    expect(federatedCredentialName({ iss, sub })).toBe(name);
  });

  it("shortens long subjects and keeps different ones apart", () => {
    const a = federatedCredentialName({
      iss: "https://gitlab.com",
      sub: `project_path:g/${"p".repeat(200)}:ref:a`,
    });
    const b = federatedCredentialName({
      iss: "https://gitlab.com",
      sub: `project_path:g/${"p".repeat(200)}:ref:b`,
    });
    expect(a.length).toBeLessThanOrEqual(120);
    expect(a).not.toBe(b);
  });

  it("always gives a name Entra accepts (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.webUrl(), fc.string()),
        fc.string({ unit: "binary", maxLength: 700 }),
        (iss, sub) => {
          const name = federatedCredentialName({ iss, sub });
          const problems = validateFederatedIdentityCredential({
            name,
            issuer: "https://issuer.example",
            subject: "s",
            audiences: ["api://AzureADTokenExchange"],
          }).errors;
          expect(problems).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("federatedCredentialFromClaims", () => {
  it("copies issuer and subject exactly and prefers the exchange audience among the token's", () => {
    expect(
      federatedCredentialFromClaims({
        iss: "https://token.actions.githubusercontent.com",
        sub: "repo:Contoso/App:pull_request",
        aud: ["https://github.com/Contoso", "api://AzureADTokenExchangeChina"],
      }),
    ).toEqual({
      name: "github-Contoso-App-pull_request",
      issuer: "https://token.actions.githubusercontent.com",
      subject: "repo:Contoso/App:pull_request",
      audiences: ["api://AzureADTokenExchangeChina"],
      description: "GitHub Actions: repo:Contoso/App:pull_request",
    });
  });

  it("takes the audience, name and description given", () => {
    expect(
      federatedCredentialFromClaims(
        { iss: "https://gitlab.com", sub: "s", aud: "x" },
        { audience: "api://AzureADTokenExchangeUSGov", name: "n-1", description: "d" },
      ),
    ).toMatchObject({ name: "n-1", audiences: ["api://AzureADTokenExchangeUSGov"], description: "d" });
  });

  it("falls back to the token's first audience", () => {
    expect(
      federatedCredentialFromClaims({ iss: "https://i.example", sub: "s", aud: ["custom", "other"] })
        .audiences,
    ).toEqual(["custom"]);
  });
});

describe("azFederatedCredentialCommands", () => {
  const fic = {
    name: "github-main",
    issuer: "https://token.actions.githubusercontent.com",
    subject: "repo:contoso/app:environment:it's prod",
    audiences: ["api://AzureADTokenExchange"],
  };

  it("builds both commands, quoting values for the shell", () => {
    expect(
      azFederatedCredentialCommands(fic, {
        clientId: "00000000-0000-0000-0000-000000000000",
        identityName: "id-app",
        resourceGroup: "rg app",
      }),
    ).toEqual({
      application: `az ad app federated-credential create --id 00000000-0000-0000-0000-000000000000 --parameters '{"name":"github-main","issuer":"https://token.actions.githubusercontent.com","subject":"repo:contoso/app:environment:it'\\''s prod","audiences":["api://AzureADTokenExchange"]}'`,
      managedIdentity: `az identity federated-credential create --name github-main --identity-name id-app --resource-group 'rg app' --issuer https://token.actions.githubusercontent.com --subject 'repo:contoso/app:environment:it'\\''s prod' --audiences api://AzureADTokenExchange`,
    });
  });

  it("uses placeholders for what is not known", () => {
    const { application, managedIdentity } = azFederatedCredentialCommands(fic);
    expect(application).toContain("--id <client-id>");
    expect(managedIdentity).toContain("--identity-name <identity-name> --resource-group <resource-group>");
  });

  it("gives only the app command for a flexible credential, with its expression", () => {
    const commands = azFederatedCredentialCommands({
      name: "flex",
      issuer: "https://token.actions.githubusercontent.com",
      claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/*'", languageVersion: 1 },
      audiences: ["api://AzureADTokenExchange"],
      description: "any repository",
    });
    expect(commands.managedIdentity).toBeUndefined();
    expect(commands.application).toContain(
      `"claimsMatchingExpression":{"value":"claims['\\''sub'\\''] matches '\\''repo:contoso/*'\\''","languageVersion":1}`,
    );
    expect(commands.application).toContain('"description":"any repository"');
  });

  it("quotes so that a POSIX shell reads back the exact value (property)", async () => {
    const { execFileSync } = await import("node:child_process");
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme-ascii", maxLength: 40 }).filter((value) => !value.includes("\0")),
        (value) => {
          const echoed = execFileSync("/bin/sh", ["-c", `printf '%s' ${shellQuote(value)}`], {
            encoding: "utf8",
          });
          expect(echoed).toBe(value);
        },
      ),
      { numRuns: 60 },
    );
  });
});
