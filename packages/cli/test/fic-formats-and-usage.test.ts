import { describe, expect, it } from "vitest";
import { AKS_ISSUER, APP_ID, GITHUB_MAIN } from "./fic-cases";
import { runAzfed } from "./run-azfed";

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
