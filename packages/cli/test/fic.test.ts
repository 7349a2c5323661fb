import { validateFederatedIdentityCredential } from "@azfed/core";
import { describe, expect, it } from "vitest";
import { AKS_ISSUER, APP_ID, ficJson, GITHUB_MAIN } from "./fic-cases";
import { runAzfed } from "./run-azfed";

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
