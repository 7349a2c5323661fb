// A hostile or compromised Azure DevOps OIDC endpoint (issue 12): bodies past the cap, and the job's
// System.AccessToken echoed back (Azure DevOps' provider did not scrub it at all).
import { randomUUID } from "node:crypto";
import { AssertionFetchError } from "@azfed/core";
import {
  type AzureDevOpsEmulator,
  captureAzureLogs,
  expectNoSecrets,
  exposedText,
  rejectionOf,
  startAzureDevOpsEmulator,
} from "@azfed/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { azurePipelines } from "../src/index";

const AUDIENCE = "api://AzureADTokenExchange";
const connection = { id: randomUUID(), name: "azure-prod", issuer: "entra" as const };
let devops: AzureDevOpsEmulator;

beforeAll(async () => {
  devops = await startAzureDevOpsEmulator({
    organization: "contoso",
    project: "web",
    serviceConnections: [connection],
  });
});
afterAll(async () => {
  await devops.close();
});
beforeEach(() => {
  devops.reset();
});

function fetchToken(): Promise<string> {
  return azurePipelines({
    env: devops.env({ serviceConnectionId: connection.id }),
    dispatcher: devops.dispatcher,
    retry: { maxRetries: 1, baseDelayMs: 1 },
    timeoutMs: 5_000,
  }).getAssertion({ audience: AUDIENCE });
}

describe("Azure DevOps OIDC endpoint, hostile", () => {
  it("refuses an endless answer while streaming it", async () => {
    devops.failNext(1, { hostile: "endless-body" });
    const error = await rejectionOf(fetchToken());
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect((error as Error).message).toMatch(/1048576 bytes/);
  });

  it.each([
    [
      "in message",
      (token: string) => JSON.stringify({ message: `TF400813: the token ${token} is not authorized` }),
    ],
    [
      "in parts",
      (token: string) =>
        JSON.stringify({ message: `bad signature ${token.split(".").at(-1)} / ${token.split(".")[1]}` }),
    ],
    ["in value", (token: string) => JSON.stringify({ value: `No service connection found: ${token}` })],
    ["as a field name", (token: string) => JSON.stringify({ [token]: 1 })],
    [
      "\\u-escaped",
      (token: string) =>
        `{"message":"${[...token].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}"}`,
    ],
  ])("never shows System.AccessToken echoed %s", async (_how, echo) => {
    let accessToken = "";
    devops.failNext(1, {
      hostile: "echo",
      status: 400,
      body: (request) => {
        accessToken = String(request.headers.authorization).replace(/^Bearer /, "");
        return echo(accessToken);
      },
    });
    const logs = captureAzureLogs();
    let error: unknown;
    try {
      error = await rejectionOf(fetchToken());
    } finally {
      logs.restore();
    }
    expect(accessToken.length).toBeGreaterThan(10);
    expect(error).toBeInstanceOf(AssertionFetchError);
    expectNoSecrets(
      [exposedText(error), logs.text()],
      [accessToken, ...accessToken.split(".").filter((part) => part.length >= 8)],
    );
  });
});
