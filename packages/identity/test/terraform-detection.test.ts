import { randomUUID } from "node:crypto";
import { decodeAssertion } from "@azfed/core";
import { terraformFederatedCredential } from "@azfed/terraform";
import { startEntraEmulator, startTerraformRun } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { DefaultFederatedCredential, defaultProviders } from "../src/index";

const TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";

describe("HCP Terraform in DefaultFederatedCredential", () => {
  it("is not detected without a token variable, and says which workspace variable asks for one", async () => {
    const terraform = defaultProviders({ env: { CI: "true" } }).find(
      (provider) => provider.name === "terraform",
    );
    expect(await terraform?.detect?.({})).toEqual({
      available: false,
      reason: expect.stringContaining("TFC_WORKLOAD_IDENTITY_TOKEN is not set"),
    });
  });

  it("is detected from TFC_WORKLOAD_IDENTITY_TOKEN (or a tagged one) and hands detection to @azfed/terraform", async () => {
    const run = await startTerraformRun({ audiences: { AZURE: "api://AzureADTokenExchange" } });
    try {
      const terraform = defaultProviders({ env: run.env }).find((provider) => provider.name === "terraform");
      expect(await terraform?.detect?.({})).toEqual({
        available: true,
        reason: "TFC_WORKLOAD_IDENTITY_TOKEN_AZURE set",
      });
      const token = await terraform?.getAssertion({ audience: "api://AzureADTokenExchange" });
      expect(decodeAssertion(token ?? "").sub).toBe(run.subject);
    } finally {
      await run.close();
    }
  });

  it("gets an Entra token for an apply, detected before Kubernetes and Google Cloud", async () => {
    const entra = await startEntraEmulator();
    const run = await startTerraformRun({ ca: entra.ca, runPhase: "apply" });
    try {
      const clientId = randomUUID();
      const fic = terraformFederatedCredential({
        organization: "contoso",
        project: "Default Project",
        workspace: "networking-prod",
        runPhase: "apply",
        host: run.issuerUrl,
      });
      entra.addApplication({
        clientId,
        tenantId: TENANT_ID,
        federatedCredentials: [{ ...fic, audiences: [...fic.audiences] }],
      });
      const credential = new DefaultFederatedCredential({
        env: { ...run.env, AZURE_TENANT_ID: TENANT_ID, AZURE_CLIENT_ID: clientId },
        authorityHost: entra.url,
        dispatcher: entra.dispatcher,
        retry: { maxRetries: 0 },
      });
      expect((await credential.selection()).provider.name).toBe("terraform");
      expect((await credential.getToken("https://storage.azure.com/.default"))?.token).toBeTruthy();
    } finally {
      await run.close();
      await entra.close();
    }
  });
});
