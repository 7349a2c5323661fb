import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAzfed } from "./run-azfed";

const directory = mkdtempSync(join(tmpdir(), "azfed-validate-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
function file(name: string, content: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return path;
}

const GOOD = {
  name: "github-contoso-app-main",
  issuer: "https://token.actions.githubusercontent.com",
  subject: "repo:contoso/app:ref:refs/heads/main",
  audiences: ["api://AzureADTokenExchange"],
  description: "GitHub Actions: contoso/app, branch main",
};

// What `az ad app federated-credential list --id …` prints.
const AZ_LIST = [
  {
    "@odata.type": "#microsoft.graph.federatedIdentityCredential",
    audiences: ["api://AzureADTokenExchange"],
    description: null,
    id: "0a1b2c3d-0000-4000-8000-000000000001",
    issuer: "https://token.actions.githubusercontent.com",
    name: "main",
    subject: "repo:contoso/app:ref:refs/heads/main",
  },
  {
    "@odata.type": "#microsoft.graph.federatedIdentityCredential",
    audiences: ["api://AzureADTokenExchange", "api://other"],
    description: null,
    id: "0a1b2c3d-0000-4000-8000-000000000002",
    issuer: "https://token.actions.githubusercontent.com ",
    name: "prod env",
    subject: "repo:contoso/app:environment:production",
  },
];

describe("azfed validate", () => {
  it("exits 0 for a valid FIC", async () => {
    const run = await runAzfed(["validate", file("good.json", GOOD)]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("1 credential");
    expect(run.stdout).toContain("valid: no problems found.");
  });

  it("exits 1 and prints every problem with its field, value and rule (az ad app federated-credential list output)", async () => {
    const run = await runAzfed(["validate", file("az-list.json", AZ_LIST)]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("2 credentials");
    expect(run.stdout).toMatch(/error +\[1\]\.name +rule: name-characters\n +value: prod env\n/);
    expect(run.stdout).toMatch(
      /error +\[1\]\.issuer +rule: whitespace\n +value: "https:\/\/token\.actions\.githubusercontent\.com "/,
    );
    expect(run.stdout).toMatch(/error +\[1\]\.audiences +rule: single-audience/);
    expect(run.stdout).toMatch(/3 errors, \d+ warnings?: Entra would refuse them as written\./);
    expect(run.stderr).toBe("");
  });

  it("exits 0 when there are only warnings", async () => {
    const aksWithoutSlash = {
      name: "aks-apps-api",
      issuer:
        "https://eastus.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/9c2f2a1e-0000-4c2b-a1b2-3c4d5e6f7a8b",
      subject: "system:serviceaccount:apps:api",
      audiences: ["api://AzureADTokenExchange"],
    };
    const run = await runAzfed(["validate", file("aks.json", aksWithoutSlash)]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/warning +issuer +rule: aks-issuer-trailing-slash/);
    expect(run.stdout).toContain("valid, with 1 warning");
  });

  it("checks the rules across a list: duplicates and the 20-per-identity limit", async () => {
    const many = Array.from({ length: 21 }, (_, index) => ({
      ...GOOD,
      name: `fic-${index}`,
      subject: `${GOOD.subject}-${index}`,
    }));
    many.push({ ...GOOD, name: "fic-0" });
    const run = await runAzfed(["validate", file("many.json", { value: many }), "--json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ count: 22, valid: false });
    const rules = report.errors.map((problem: { rule: string }) => problem.rule);
    expect(rules).toEqual(expect.arrayContaining(["max-per-identity", "unique-name"]));
  });

  it("detects az identity federated-credential list output and warns about flexible FICs there", async () => {
    const identityList = [
      {
        id: "/subscriptions/0000/resourcegroups/rg-app/providers/Microsoft.ManagedIdentity/userAssignedIdentities/deployer/federatedIdentityCredentials/flex",
        name: "flex",
        type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
        issuer: "https://token.actions.githubusercontent.com",
        claimsMatchingExpression: {
          value: "claims['sub'] matches 'repo:contoso/*' and claims['repository_owner_id'] eq '5544123'",
          languageVersion: 1,
        },
        audiences: ["api://AzureADTokenExchange"],
      },
    ];
    const run = await runAzfed(["validate", file("identity.json", identityList)]);
    // Microsoft's documentation disagrees whether managed identities take flexible FICs: a warning.
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("expression-managed-identity");
  });

  it("reads stdin for -", async () => {
    const run = await runAzfed(["validate", "-", "--json"], { stdin: JSON.stringify([GOOD]) });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      source: "stdin",
      count: 1,
      valid: true,
      errors: [],
      warnings: [],
    });
  });

  it("checks audiences against --cloud: external issuers take either convention, managed identities the cloud's", async () => {
    const external = await runAzfed(["validate", file("public.json", GOOD), "--cloud", "usgov"]);
    expect(external.stdout).not.toContain("recommended-audience");
    const portalDefault = { ...GOOD, audiences: ["api://AzureADTokenExchangeUSGov"] };
    const own = await runAzfed(["validate", file("usgov.json", portalDefault), "--cloud", "usgov"]);
    expect(own.stdout).not.toContain("recommended-audience");
    const china = await runAzfed(["validate", file("china.json", portalDefault), "--cloud", "china"]);
    expect(china.stdout).toContain("recommended-audience");
    const managedIdentity = {
      name: "msi-webapp1",
      issuer: "https://login.microsoftonline.us/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
      subject: "00001111-aaaa-2222-bbbb-3333cccc4444",
      audiences: ["api://AzureADTokenExchange"],
    };
    const run = await runAzfed(["validate", file("msi.json", managedIdentity), "--cloud", "usgov"]);
    expect(run.stdout).toContain("recommended-audience");
    expect(run.stdout).toContain("api://AzureADTokenExchangeUSGov");
  });

  it("exits 2 for a file that is not JSON, as for one it cannot read", async () => {
    const run = await runAzfed(["validate", file("broken.json", "{ name: ")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is not JSON");
  });

  it("exits 2 for a file that does not exist", async () => {
    const run = await runAzfed(["validate", join(directory, "missing.json")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no such file");
  });

  it("exits 2 without a file argument", async () => {
    const run = await runAzfed(["validate"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("missing required argument 'file'");
  });
});
