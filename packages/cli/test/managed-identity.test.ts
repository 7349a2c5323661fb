import { describe, expect, it } from "vitest";
import { runAzfed } from "./run-azfed";

const APP_ID = "11111111-2222-3333-4444-555555555555";
const PRINCIPAL_ID = "bbbbbbbb-0000-4000-8000-000000000002";
const TENANT_ID = "cccccccc-0000-4000-8000-000000000003";
const MI = ["managed-identity", "--principal-id", PRINCIPAL_ID, "--tenant-id", TENANT_ID];

describe("azfed subject / fic managed-identity", () => {
  it("prints the identity's principal id as the subject", async () => {
    const run = await runAzfed(["subject", "managed-identity", "--principal-id", PRINCIPAL_ID]);
    expect(run).toMatchObject({ code: 0, stdout: `${PRINCIPAL_ID}\n`, stderr: "" });
  });

  it("refuses a client-id-looking value that is not a GUID, naming the flag", async () => {
    const run = await runAzfed(["subject", "managed-identity", "--principal-id", "payments-worker"]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("--principal-id");
    expect(run.stderr).toContain("principalId");
  });

  it("writes the FIC Microsoft's docs describe, for the app, in JSON", async () => {
    const run = await runAzfed(["fic", ...MI, "--app", APP_ID, "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toMatchObject({
      issuer: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
      subject: PRINCIPAL_ID,
      audiences: ["api://AzureADTokenExchange"],
    });
  });

  it.each(["az", "graph", "bicep", "terraform"])(
    "writes it for an app registration as %s",
    async (format) => {
      const run = await runAzfed(["fic", ...MI, "--cloud", "usgov", "--app", APP_ID, "--format", format]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`https://login.microsoftonline.us/${TENANT_ID}/v2.0`);
      expect(run.stdout).toContain("api://AzureADTokenExchangeUSGov");
      expect(run.stdout).not.toMatch(
        /az identity federated-credential|userAssignedIdentities|azurerm_federated_identity_credential/,
      );
    },
  );

  it("refuses to put the FIC on a managed identity", async () => {
    const run = await runAzfed([
      "fic",
      ...MI,
      "--identity",
      "worker",
      "--resource-group",
      "rg",
      "--format",
      "az",
    ]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("app registration only");
  });
});
