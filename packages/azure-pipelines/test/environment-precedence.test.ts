import { randomUUID } from "node:crypto";
import { type AssertionProvider, CredentialUnavailableError, type Detection } from "@azfed/core";
import { type AzureDevOpsEmulator, claimsOf, rejectionOf, startAzureDevOpsEmulator } from "@azfed/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { azurePipelines } from "../src/index";

const AUDIENCE = "api://AzureADTokenExchange";
const connection = { id: randomUUID(), name: "azure-prod", issuer: "entra" as const };

let devops: AzureDevOpsEmulator;
let job: Record<string, string>;

beforeAll(async () => {
  devops = await startAzureDevOpsEmulator({ serviceConnections: [connection] });
  job = devops.env({ serviceConnectionId: connection.id });
});
afterAll(() => devops.close());

/** process.env without any of the job's variables (CI may itself run on Azure Pipelines). */
beforeEach(() => {
  for (const name of Object.keys(job)) vi.stubEnv(name, undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function setProcessEnv(env: Record<string, string>): void {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
}

/** `detect()` as a JavaScript caller may call it: with no environment at all. */
function detectWithoutEnv(provider: AssertionProvider): Detection {
  return (provider.detect as (env?: NodeJS.ProcessEnv) => Detection)();
}

describe("azurePipelines() reads options.env, else the env detect is passed, else process.env at call time", () => {
  it("detect: options.env wins over the env detect is passed", async () => {
    expect(await azurePipelines({ env: job }).detect?.({})).toMatchObject({ available: true });
    expect(await azurePipelines({ env: {} }).detect?.(job)).toMatchObject({ available: false });
  });

  it("detect: the env it is passed wins over process.env", async () => {
    setProcessEnv(job);
    expect(await azurePipelines().detect?.({})).toMatchObject({ available: false });
  });

  it("detect: with neither, process.env as it is at the call", () => {
    const provider = azurePipelines();
    expect(detectWithoutEnv(provider)).toMatchObject({ available: false });
    setProcessEnv(job);
    expect(detectWithoutEnv(provider)).toMatchObject({ available: true });
  });

  it("getAssertion: options.env wins over process.env", async () => {
    setProcessEnv(job);
    const provider = azurePipelines({ env: {}, dispatcher: devops.dispatcher });
    expect(await rejectionOf(provider.getAssertion({ audience: AUDIENCE }))).toBeInstanceOf(
      CredentialUnavailableError,
    );
  });

  it("getAssertion: without options.env, process.env as it is at the call", async () => {
    const provider = azurePipelines({ dispatcher: devops.dispatcher });
    expect(await rejectionOf(provider.getAssertion({ audience: AUDIENCE }))).toBeInstanceOf(
      CredentialUnavailableError,
    );
    setProcessEnv(job);
    const token = await provider.getAssertion({ audience: AUDIENCE });
    expect(claimsOf(token).sub).toMatch(/^\/eid1\/c\/pub\/t\//);
  });
});
