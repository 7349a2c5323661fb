// Fuzzing the GitHub Actions token service's reply (issue 12): whatever it answers, the provider
// returns a JWT or throws its typed error, and never shows the request token, however it is echoed.
import { AssertionFetchError, HttpRequestError } from "@azfed/core";
import {
  echoSecret,
  exposedText,
  type GitHubActionsEmulator,
  type SecretEcho,
  startGitHubActionsEmulator,
} from "@azfed/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { githubActions } from "../src/index";

let github: GitHubActionsEmulator;
beforeAll(async () => {
  github = await startGitHubActionsEmulator({
    job: { repository: "contoso/webapp", ref: "refs/heads/main" },
  });
});
afterAll(() => github.close());

/** How the request token comes back: whole, a part of it, JSON-escaped, or not at all. */
const echo = fc.constantFrom<SecretEcho>("whole", "signature", "payload", "escaped", "none");

describe("the GitHub Actions token reply, fuzzed", () => {
  it("gives a JWT or a typed error, with no trace of the request token", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(200, 201, 203, 204, 400, 401, 403, 404, 409, 422),
        fc.constantFrom("application/json", "text/html", "text/plain", "application/octet-stream", ""),
        fc.constantFrom("value", "message", "error_description", "key"),
        echo,
        fc.string({ maxLength: 200 }),
        async (status, contentType, field, how, noise) => {
          let requestToken = "";
          github.failNext(1, {
            hostile: "echo",
            status,
            headers: contentType ? { "content-type": contentType } : {},
            body: (request) => {
              requestToken = String(request.headers.authorization).replace(/^Bearer /, "");
              const echo = echoSecret(requestToken, how);
              if (field === "key") return `{${JSON.stringify(noise)}: 1, "${echo}": 2}`;
              // The escaped echo goes into the JSON text as is: only JSON.parse turns it back into the token.
              const value =
                how === "escaped"
                  ? `${JSON.stringify(noise).slice(0, -1)}${echo}"`
                  : JSON.stringify(`${noise}${echo}`);
              return `{"${field}": ${value}}`;
            },
          });
          const outcome = await githubActions({
            env: github.env(),
            dispatcher: github.dispatcher,
            retry: { maxRetries: 0 },
          })
            .getAssertion({ audience: "api://AzureADTokenExchange" })
            .then(
              (token) => ({ token }),
              (error: unknown) => ({ error }),
            );
          if ("token" in outcome) {
            expect(outcome.token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/);
          } else {
            expect(
              outcome.error instanceof AssertionFetchError || outcome.error instanceof HttpRequestError,
            ).toBe(true);
            const text = exposedText(outcome.error);
            for (const piece of [
              requestToken,
              ...requestToken.split(".").filter((part) => part.length >= 8),
            ]) {
              expect(text).not.toContain(piece);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
