import { validateFederatedIdentityCredential } from "@azfed/core";
import { describe, expect, it } from "vitest";
import { runAzfed } from "./run-azfed";

const APP_ID = "11111111-2222-3333-4444-555555555555";
const AKS_ISSUER =
  "https://eastus.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/9c2f2a1e-0000-4c2b-a1b2-3c4d5e6f7a8b/";
const GITHUB_MAIN = ["github", "--repository", "contoso/app", "--branch", "main"];

async function ficJson(args: readonly string[]) {
  const run = await runAzfed(["fic", ...args, "--format", "json"]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

describe("azfed fic --format json", () => {
  it.each([
    [GITHUB_MAIN, "https://token.actions.githubusercontent.com", "repo:contoso/app:ref:refs/heads/main"],
    [
      [
        "gitlab",
        "--project-path",
        "contoso/app",
        "--branch",
        "main",
        "--instance-url",
        "https://gitlab.contoso.com",
      ],
      "https://gitlab.contoso.com",
      "project_path:contoso/app:ref_type:branch:ref:main",
    ],
    [
      ["gitlab", "--project-id", "4242", "--branch", "main"],
      "https://gitlab.com",
      "project_id:4242:ref_type:branch:ref:main",
    ],
    [
      [
        "azure-pipelines",
        "--organization",
        "contoso",
        "--project",
        "web",
        "--service-connection",
        "prod-arm",
        "--organization-id",
        "c1b7c6a4-9d4f-4e8a-8b55-3f9e9f3b2a10",
      ],
      "https://vstoken.dev.azure.com/c1b7c6a4-9d4f-4e8a-8b55-3f9e9f3b2a10",
      "sc://contoso/web/prod-arm",
    ],
    [
      ["kubernetes", "--issuer", AKS_ISSUER, "--namespace", "apps", "--service-account", "api"],
      AKS_ISSUER,
      "system:serviceaccount:apps:api",
    ],
    [["gcp", "--unique-id", "112233445566778899001"], "https://accounts.google.com", "112233445566778899001"],
  ])("%j gives a complete FIC that passes core's validator", async (args, issuer, subject) => {
    const fic = await ficJson(args);
    expect(fic).toMatchObject({ issuer, subject, audiences: ["api://AzureADTokenExchange"] });
    expect(typeof fic.name).toBe("string");
    expect(typeof fic.description).toBe("string");
    expect(validateFederatedIdentityCredential(fic)).toMatchObject({ valid: true, errors: [] });
  });

  it("takes --name, --description and --audience, and --json means --format json", async () => {
    const run = await runAzfed([
      "fic",
      ...GITHUB_MAIN,
      "--name",
      "deploy-main",
      "--description",
      "Basic deploys from main",
      "--audience",
      "api://AzureADTokenExchangeUSGov",
      "--json",
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      name: "deploy-main",
      issuer: "https://token.actions.githubusercontent.com",
      subject: "repo:contoso/app:ref:refs/heads/main",
      audiences: ["api://AzureADTokenExchangeUSGov"],
      description: "Basic deploys from main",
    });
  });

  it("--flexible turns the subject into a claimsMatchingExpression with * wildcards (GitHub)", async () => {
    const fic = await ficJson([
      "github",
      "--repository",
      "contoso/*",
      "--environment",
      "production",
      "--flexible",
      "--require-owner-id",
      "5544123",
      "--job-workflow-ref",
      "contoso/ci/.github/workflows/*.yml@refs/heads/main",
    ]);
    expect(fic.subject).toBeUndefined();
    expect(fic.claimsMatchingExpression).toEqual({
      value:
        "claims['sub'] matches 'repo:contoso/*:environment:production' and claims['repository_owner_id'] eq '5544123' and claims['job_workflow_ref'] matches 'contoso/ci/.github/workflows/*.yml@refs/heads/main'",
      languageVersion: 1,
    });
    expect(String(fic.name)).not.toContain("azfed");
    expect(validateFederatedIdentityCredential(fic)).toMatchObject({ valid: true });
  });

  // entra-docs workload-identities-flexible-federated-identity-credentials.md, ms.date 08/14/2026:
  // "a flexible federated identity credential must match the `sub` claim and one or both of the
  // following immutable claims".
  it("--flexible for GitHub without an immutable id is refused, naming the flags that add one", async () => {
    const run = await runAzfed([
      "fic",
      "github",
      "--repository",
      "contoso/*",
      "--branch",
      "main",
      "--flexible",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("expression-required-claims");
    expect(run.stderr).toContain("Add --require-repository-id <id> or --require-owner-id <id>.");
  });

  it("--require-repository-id compares repository_id with eq", async () => {
    const fic = await ficJson([
      "github",
      "--repository",
      "contoso/app",
      "--branch",
      "*",
      "--flexible",
      "--require-repository-id",
      "456789",
    ]);
    expect(fic.claimsMatchingExpression).toEqual({
      value:
        "claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*' and claims['repository_id'] eq '456789'",
      languageVersion: 1,
    });
  });

  it("--flexible without a wildcard uses eq (GitLab), and --require-project-id compares project_id", async () => {
    const fic = await ficJson([
      "gitlab",
      "--project-path",
      "contoso/app",
      "--branch",
      "main",
      "--flexible",
      "--require-project-id",
      "4242",
    ]);
    expect(fic.claimsMatchingExpression).toEqual({
      value:
        "claims['sub'] eq 'project_path:contoso/app:ref_type:branch:ref:main' and claims['project_id'] eq '4242'",
      languageVersion: 1,
    });
  });

  it("refuses a GitLab project_path expression without project_id, naming the flag (Entra refuses it)", async () => {
    const run = await runAzfed([
      "fic",
      "gitlab",
      "--project-path",
      "contoso/app",
      "--branch",
      "*",
      "--flexible",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("expression-required-claims");
    expect(run.stderr).toContain("Add --require-project-id <id>.");
  });

  it("a GitLab project_id subject needs no project_id comparison", async () => {
    const fic = await ficJson(["gitlab", "--project-id", "4242", "--branch", "*", "--flexible"]);
    expect(fic.claimsMatchingExpression).toEqual({
      value: "claims['sub'] matches 'project_id:4242:ref_type:branch:ref:*'",
      languageVersion: 1,
    });
  });

  it("warns on stderr about an AKS issuer without its trailing slash, and still prints the FIC", async () => {
    const run = await runAzfed([
      "fic",
      "kubernetes",
      "--issuer",
      AKS_ISSUER.slice(0, -1),
      "--namespace",
      "apps",
      "--service-account",
      "api",
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("azfed: warning:");
    expect(run.stderr).toContain("aks-issuer-trailing-slash");
    expect(JSON.parse(run.stdout).issuer).toBe(AKS_ISSUER.slice(0, -1));
  });
});

describe("azfed fic --format az", () => {
  it("writes az ad app federated-credential create for an app registration", async () => {
    const run = await runAzfed(["fic", ...GITHUB_MAIN, "--format", "az", "--app", APP_ID]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("az ad app federated-credential create \\");
    expect(lines[1]).toBe(`  --id ${APP_ID} \\`);
    const parameters = lines[2]?.match(/^ {2}--parameters '(.*)'$/)?.[1];
    expect(JSON.parse(parameters ?? "")).toMatchObject({
      issuer: "https://token.actions.githubusercontent.com",
      subject: "repo:contoso/app:ref:refs/heads/main",
      audiences: ["api://AzureADTokenExchange"],
    });
  });

  it("uses a shell variable and says so when --app is not given", async () => {
    const run = await runAzfed(["fic", ...GITHUB_MAIN, "--format", "az"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("# Set APP_ID");
    expect(run.stdout).toContain('--id "$APP_ID"');
  });

  it("quotes a single quote in a value for the shell", async () => {
    const run = await runAzfed(["fic", ...GITHUB_MAIN, "--format", "az", "--description", "it's main"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`"description":"it'\\''s main"`);
  });

  it("writes az identity federated-credential create for a managed identity", async () => {
    const run = await runAzfed([
      "fic",
      "kubernetes",
      "--issuer",
      AKS_ISSUER,
      "--namespace",
      "apps",
      "--service-account",
      "api",
      "--format",
      "az",
      "--identity",
      "deployer",
      "--resource-group",
      "rg-app",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        "az identity federated-credential create \\",
        "  --name kubernetes-apps-api \\",
        "  --identity-name deployer \\",
        "  --resource-group rg-app \\",
        `  --issuer ${AKS_ISSUER} \\`,
        "  --subject system:serviceaccount:apps:api \\",
        "  --audiences api://AzureADTokenExchange",
        "",
      ].join("\n"),
    );
  });

  it("writes az rest against Graph beta for a flexible FIC", async () => {
    const run = await runAzfed([
      "fic",
      "github",
      "--repository",
      "contoso/app",
      "--branch",
      "release/*",
      "--flexible",
      "--require-repository-id",
      "456789",
      "--format",
      "az",
      "--app",
      APP_ID,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("az rest --method POST");
    expect(run.stdout).toContain(
      `https://graph.microsoft.com/beta/applications(appId='${APP_ID}')/federatedIdentityCredentials`,
    );
    expect(run.stdout).toContain("claims['\\''sub'\\''] matches");
  });
});

describe("azfed fic --format graph, bicep, terraform", () => {
  it("graph: the POST /applications/{id}/federatedIdentityCredentials request line, header and body", async () => {
    const run = await runAzfed(["fic", "gcp", "--unique-id", "112233445566778899001", "--format", "graph"]);
    expect(run.code).toBe(0);
    const [head = "", json = ""] = run.stdout.split("\n\n");
    expect(head).toBe(
      "POST https://graph.microsoft.com/v1.0/applications(appId='{client-id}')/federatedIdentityCredentials\nContent-Type: application/json",
    );
    const body = JSON.parse(json);
    expect(Object.keys(body)).toEqual(["name", "issuer", "subject", "audiences", "description"]);
    expect(body.subject).toBe("112233445566778899001");
  });

  it("bicep: a federatedIdentityCredentials child of the named user-assigned identity", async () => {
    const run = await runAzfed([
      "fic",
      "gcp",
      "--unique-id",
      "112233445566778899001",
      "--format",
      "bicep",
      "--identity",
      "deployer",
      "--resource-group",
      "rg-app",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("param identityName string = 'deployer'");
    expect(run.stdout).toContain(
      "resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {",
    );
    expect(run.stdout).toContain(
      "resource federatedCredential 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {",
    );
    expect(run.stdout).toContain("  parent: identity\n  name: 'gcp-112233445566778899001'");
    expect(run.stdout).toContain(
      "    issuer: 'https://accounts.google.com'\n    subject: '112233445566778899001'",
    );
    expect(run.stdout).toContain("    audiences: [\n      'api://AzureADTokenExchange'\n    ]");
    expect(run.stdout).toContain("--resource-group rg-app");
  });

  it("bicep: for --app, an application's federatedIdentityCredentials through the Microsoft Graph extension", async () => {
    const run = await runAzfed(["fic", ...GITHUB_MAIN, "--app", APP_ID, "--format", "bicep"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("extension 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:");
    expect(run.stdout).toContain("'Microsoft.Graph/applications/federatedIdentityCredentials@v1.0'");
    expect(run.stdout).toContain("subject: 'repo:contoso/app:ref:refs/heads/main'");
  });

  it("terraform: azurerm_federated_identity_credential on a looked-up identity", async () => {
    const run = await runAzfed([
      "fic",
      ...GITHUB_MAIN,
      "--format",
      "terraform",
      "--identity",
      "deployer",
      "--resource-group",
      "rg-app",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'data "azurerm_user_assigned_identity" "this" {\n  name                = "deployer"\n  resource_group_name = "rg-app"\n}',
    );
    expect(run.stdout).toMatch(
      /resource "azurerm_federated_identity_credential" "github_contoso_app_[\w]*main" \{/,
    );
    expect(run.stdout).toContain("  user_assigned_identity_id = data.azurerm_user_assigned_identity.this.id");
    expect(run.stdout).toContain('  subject                   = "repo:contoso/app:ref:refs/heads/main"');
    expect(run.stdout).toContain('  audience                  = ["api://AzureADTokenExchange"]');
  });

  it("terraform: azuread_application_federated_identity_credential for --app", async () => {
    const run = await runAzfed(["fic", ...GITHUB_MAIN, "--format", "terraform", "--app", APP_ID]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`data "azuread_application" "this" {\n  client_id = "${APP_ID}"\n}`);
    expect(run.stdout).toContain('resource "azuread_application_federated_identity_credential"');
    expect(run.stdout).toContain("application_id = data.azuread_application.this.id");
    expect(run.stdout).toContain('audiences      = ["api://AzureADTokenExchange"]');
  });

  it("terraform: azuread_application_flexible_federated_identity_credential for --flexible", async () => {
    const run = await runAzfed([
      "fic",
      "gitlab",
      "--project-path",
      "contoso/app",
      "--branch",
      "*",
      "--flexible",
      "--require-project-id",
      "4242",
      "--format",
      "terraform",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('resource "azuread_application_flexible_federated_identity_credential"');
    expect(run.stdout).toContain(
      `claims_matching_expression = "claims['sub'] matches 'project_path:contoso/app:ref_type:branch:ref:*' and claims['project_id'] eq '4242'"`,
    );
    expect(run.stdout).toContain('variable "application_id"');
  });
});

describe("azfed fic usage errors (exit 2)", () => {
  it.each([
    [["--format", "az", "--app", "my-app"], "--app expects the app registration's Application (client) ID"],
    [["--app", APP_ID, "--identity", "deployer"], "keep one"],
    [["--format", "graph", "--identity", "deployer"], "--format graph"],
    [["--json", "--format", "terraform"], "--json and --format terraform exclude each other"],
    [
      ["--flexible", "--require-owner-id", "5544123", "--identity", "deployer", "--format", "az"],
      "exist only on app registrations",
    ],
    [
      ["--format", "bicep", "--resource-group", "rg\n// injected"],
      "--resource-group expects an Azure resource name",
    ],
  ])("github %j", async (extra, message) => {
    const run = await runAzfed(["fic", ...GITHUB_MAIN, ...extra]);
    expect(run.code).toBe(2);
    // With --json the error is also printed on stdout, as JSON; otherwise stdout stays empty.
    if (extra.includes("--json")) expect(JSON.parse(run.stdout).error.exitCode).toBe(2);
    else expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
  });

  it("--flexible is not offered where Entra has no flexible FICs (Kubernetes)", async () => {
    const run = await runAzfed([
      "fic",
      "kubernetes",
      "--issuer",
      AKS_ISSUER,
      "--namespace",
      "a",
      "--service-account",
      "b",
      "--flexible",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--flexible'");
  });

  it("--job-workflow-ref needs --flexible", async () => {
    const run = await runAzfed([
      "fic",
      ...GITHUB_MAIN,
      "--job-workflow-ref",
      "a/b/.github/workflows/x.yml@refs/heads/main",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("add --flexible");
  });

  it("a wildcard without --flexible is refused with the validator's rule and a hint", async () => {
    const run = await runAzfed(["fic", "github", "--repository", "contoso/app", "--environment", "*"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("subject-wildcard");
    expect(run.stderr).toContain("Add --flexible");
  });

  it("a missing Kubernetes issuer says --issuer is required", async () => {
    const run = await runAzfed(["fic", "kubernetes", "--namespace", "apps", "--service-account", "api"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "azfed: error: --issuer is required: expected the cluster's OIDC issuer URL",
    );
    expect(run.stderr).not.toContain("undefined");
  });
});
