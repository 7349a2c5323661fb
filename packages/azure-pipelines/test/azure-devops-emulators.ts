// The emulators and helpers the azurePipelines() tests share.
import { randomUUID } from "node:crypto";
import { type AzureDevOpsEmulator, rejectionOf, startAzureDevOpsEmulator } from "@azfed/testing";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { azurePipelines } from "../src/index";

export const AUDIENCE = "api://AzureADTokenExchange";
export const FAST_RETRY = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 };

export const entraConnection = { id: randomUUID(), name: "azure-prod", issuer: "entra" as const };
export const legacyConnection = { id: randomUUID(), name: "Legacy Subscription", issuer: "legacy" as const };
export const unreferenced = { id: randomUUID(), name: "unused", referenced: false };
export let devops: AzureDevOpsEmulator;
export let otherOrigin: AzureDevOpsEmulator;
export const errorsSeen: unknown[] = [];

export const provider = (env: NodeJS.ProcessEnv, extra: Parameters<typeof azurePipelines>[0] = {}) =>
  azurePipelines({ env, dispatcher: devops.dispatcher, retry: FAST_RETRY, ...extra });
export const failure = async (promise: Promise<unknown>) => {
  const error = await rejectionOf(promise);
  errorsSeen.push(error);
  return error;
};

/**
 * Starts two Azure DevOps emulators for the file (one with the connections above, one whose sign-in
 * page is on another origin), resets them before each test and closes them after the file.
 * `devops` and `otherOrigin` are live bindings.
 */
export function useAzureDevOpsEmulators(): void {
  beforeAll(async () => {
    [devops, otherOrigin] = await Promise.all([
      startAzureDevOpsEmulator({
        organization: "contoso",
        project: "Web Platform",
        serviceConnections: [entraConnection, legacyConnection, unreferenced],
      }),
      startAzureDevOpsEmulator({ signInPage: "other-origin" }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([devops.close(), otherOrigin.close()]);
  });
  beforeEach(() => {
    devops.reset();
    otherOrigin.reset();
  });
}
