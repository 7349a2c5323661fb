// Fuzzing the Azure DevOps OIDC endpoint's reply (issue 12): whatever it answers, the provider returns
// a token or throws its typed error, and never shows System.AccessToken, however it is echoed.
import { randomUUID } from "node:crypto";
import { AssertionFetchError, HttpRequestError } from "@azfed/core";
import {
  type AzureDevOpsEmulator,
  echoSecret,
  exposedText,
  type SecretEcho,
  startAzureDevOpsEmulator,
} from "@azfed/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { azurePipelines } from "../src/index";

const connection = { id: randomUUID(), name: "azure-prod", issuer: "entra" as const };
let devops: AzureDevOpsEmulator;
beforeAll(async () => {
  devops = await startAzureDevOpsEmulator({
    organization: "contoso",
    project: "web",
    serviceConnections: [connection],
  });
});
afterAll(() => devops.close());

describe("the Azure DevOps OIDC reply, fuzzed", () => {
  it("gives a token or a typed error, with no trace of System.AccessToken", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(200, 203, 400, 401, 403, 404, 409),
        fc.constantFrom("application/json", "text/html", "text/plain", ""),
        fc.constantFrom("oidcToken", "message", "value", "typeKey", "key"),
        fc.constantFrom<SecretEcho>("whole", "payload", "signature", "escaped", "none"),
        fc.string({ maxLength: 200 }),
        async (status, contentType, field, how, noise) => {
          let accessToken = "";
          devops.failNext(1, {
            hostile: "echo",
            status,
            headers: contentType ? { "content-type": contentType } : {},
            body: (request) => {
              accessToken = String(request.headers.authorization).replace(/^Bearer /, "");
              const echo = echoSecret(accessToken, how);
              if (field === "key") return `{"${echo}": 1, ${JSON.stringify(noise)}: 2}`;
              const value =
                how === "escaped"
                  ? `${JSON.stringify(noise).slice(0, -1)}${echo}"`
                  : JSON.stringify(`${noise}${echo}`);
              return `{"${field}": ${value}}`;
            },
          });
          const outcome = await azurePipelines({
            env: devops.env({ serviceConnectionId: connection.id }),
            dispatcher: devops.dispatcher,
            retry: { maxRetries: 0 },
          })
            .getAssertion({ audience: "api://AzureADTokenExchange" })
            .then(
              (token) => ({ token }),
              (error: unknown) => ({ error }),
            );
          if ("token" in outcome) {
            expect(typeof outcome.token).toBe("string");
          } else {
            expect(
              outcome.error instanceof AssertionFetchError || outcome.error instanceof HttpRequestError,
            ).toBe(true);
            const text = exposedText(outcome.error);
            for (const piece of [accessToken, ...accessToken.split(".").filter((part) => part.length >= 8)]) {
              expect(text).not.toContain(piece);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
