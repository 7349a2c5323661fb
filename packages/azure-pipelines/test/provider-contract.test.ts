import { randomUUID } from "node:crypto";
import { type AzureDevOpsEmulator, providerContract, startAzureDevOpsEmulator } from "@azfed/testing";
import { afterAll, beforeAll, describe, it } from "vitest";
import { azurePipelines } from "../src/index";

const connection = { id: randomUUID(), name: "azure-prod", issuer: "entra" as const };
let devops: AzureDevOpsEmulator;

beforeAll(async () => {
  devops = await startAzureDevOpsEmulator({ serviceConnections: [connection] });
});
afterAll(() => devops?.close());

describe("azurePipelines() keeps the provider contract", () => {
  for (const check of providerContract({
    name: "azure-pipelines",
    create: (env) => azurePipelines({ env, dispatcher: devops.dispatcher, retry: { maxRetries: 0 } }),
    platformEnv: () => devops.env({ serviceConnectionId: connection.id }),
    secretVariables: ["SYSTEM_ACCESSTOKEN"],
    secrets: () => [devops.accessToken],
  })) {
    it(check.name, check.run);
  }
});
