import { randomUUID } from "node:crypto";
import { AuthenticationError, FederatedTokenCredential } from "@azfed/core";
import {
  type AzureDevOpsEmulator,
  captureAzureLogs,
  type EntraEmulator,
  expectNoSecrets,
  exposedText,
  rejectionOf,
  startAzureDevOpsEmulator,
  startEntraEmulator,
} from "@azfed/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type AzurePipelinesFederatedCredentialOptions,
  azurePipelines,
  azurePipelinesFederatedCredential,
} from "../src/index";

const TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const SCOPE = "https://management.azure.com/.default";

describe("Azure Pipelines end to end: job -> azurePipelines() -> FederatedTokenCredential -> Entra emulator", () => {
  const entraConnection = {
    id: randomUUID(),
    name: "azure-prod",
    issuer: "entra" as const,
    clientId: randomUUID(),
  };
  const legacyConnection = {
    id: randomUUID(),
    name: "Prod: Legacy/Sub",
    issuer: "legacy" as const,
    clientId: randomUUID(),
  };
  let entra: EntraEmulator;
  let devops: AzureDevOpsEmulator;

  beforeAll(async () => {
    entra = await startEntraEmulator();
    devops = await startAzureDevOpsEmulator({
      ca: entra.ca,
      organization: "Contoso",
      project: "Web Platform",
      tenantId: TENANT_ID,
      serviceConnections: [entraConnection, legacyConnection],
    });
  });
  afterAll(async () => {
    await Promise.all([devops.close(), entra.close()]);
  });
  beforeEach(() => {
    entra.reset();
    devops.reset();
  });

  /** Registers the connection's app with the credential the package's builder makes. */
  function trust(clientId: string, options: AzurePipelinesFederatedCredentialOptions): void {
    const fic = azurePipelinesFederatedCredential(options);
    entra.addApplication({
      clientId,
      tenantId: TENANT_ID,
      federatedCredentials: [{ ...fic, audiences: [...fic.audiences] }],
    });
  }

  function credential(
    env: NodeJS.ProcessEnv,
    ids: { tenantId?: string; clientId?: string } = {},
  ): FederatedTokenCredential {
    return new FederatedTokenCredential({
      ...ids,
      assertion: azurePipelines({ env, dispatcher: devops.dispatcher, retry: { maxRetries: 0 } }),
      authorityHost: entra.url,
      dispatcher: entra.dispatcher,
      retry: { maxRetries: 0 },
    });
  }

  async function expectToken(env: NodeJS.ProcessEnv, clientId: string): Promise<void> {
    // Tenant and client ids come from the AZURESUBSCRIPTION_* variables through the provider's detect().
    const token = await credential(env).getToken(SCOPE);
    const claims = await entra.verifyAccessToken(token.token);
    expect(claims.appid ?? claims.azp).toBe(clientId);
    expect(claims.tid).toBe(TENANT_ID);
    expect(entra.count("token")).toBe(1);
  }

  it("exchanges an Entra-issuer service connection token", async () => {
    trust(entraConnection.clientId, {
      format: "entra",
      tenantId: TENANT_ID,
      organizationId: devops.organizationId,
      serviceConnectionId: entraConnection.id,
      issuer: devops.issuerOf(entraConnection.id),
    });
    await expectToken(devops.env({ serviceConnectionId: entraConnection.id }), entraConnection.clientId);
    expect(devops.tokensIssued).toBeGreaterThan(0);
  });

  it("exchanges a legacy-issuer service connection token", async () => {
    trust(legacyConnection.clientId, {
      format: "legacy",
      organization: "Contoso",
      organizationId: devops.organizationId,
      project: "Web Platform",
      serviceConnection: "Prod: Legacy/Sub",
      issuer: devops.issuerOf(legacyConnection.id),
    });
    await expectToken(devops.env({ serviceConnectionId: legacyConnection.id }), legacyConnection.clientId);
  });

  it("exchanges the idToken an AzureCLI@2 step set", async () => {
    const clientId = randomUUID();
    const connection = { id: randomUUID(), name: "cli", clientId };
    await devops.addServiceConnection(connection);
    trust(clientId, {
      format: "entra",
      tenantId: TENANT_ID,
      organizationId: devops.organizationId,
      serviceConnectionId: connection.id,
      issuer: devops.issuerOf(connection.id),
    });
    const env = await devops.azureCliStepEnv({
      serviceConnectionId: connection.id,
      azureSubscriptionVariables: false,
    });
    await expectToken(env, clientId);
    expect(devops.requests).toHaveLength(0);
  });

  it("is refused with a diagnosis when the credential names another connection, and reveals no secret", async () => {
    const clientId = randomUUID();
    trust(clientId, {
      format: "entra",
      tenantId: TENANT_ID,
      organizationId: devops.organizationId,
      serviceConnectionId: randomUUID(),
      issuer: devops.issuerOf(entraConnection.id),
    });
    const env = devops.env({ serviceConnectionId: entraConnection.id });
    const logs = captureAzureLogs();
    let error: Error;
    try {
      error = await rejectionOf(credential(env, { tenantId: TENANT_ID, clientId }).getToken(SCOPE));
    } finally {
      logs.restore();
    }
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain(`/sc/${devops.organizationId}/${entraConnection.id}`);
    expectNoSecrets([exposedText(error), logs.text()], [devops.accessToken, /eyJ[A-Za-z0-9_-]+\.eyJ/]);
  });
});
