// A hostile or compromised GitHub Actions token service (issue 12): huge and endless bodies, a slow
// drip, the request token echoed back (escaped so that only a JSON decoder sees it), wrong content types.
import { AssertionFetchError } from "@azfed/core";
import {
  captureAzureLogs,
  echoSecret,
  expectNoSecrets,
  exposedText,
  type GitHubActionsEmulator,
  rejectionOf,
  startGitHubActionsEmulator,
} from "@azfed/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { githubActions } from "../src/index";

const AUDIENCE = "api://AzureADTokenExchange";
let github: GitHubActionsEmulator;

beforeAll(async () => {
  github = await startGitHubActionsEmulator({
    job: { repository: "contoso/webapp", ref: "refs/heads/main" },
  });
});
afterAll(async () => {
  await github.close();
});
beforeEach(() => {
  github.reset();
});

function fetchToken(timeoutMs = 5_000): Promise<string> {
  return githubActions({
    env: github.env(),
    dispatcher: github.dispatcher,
    retry: { maxRetries: 1, baseDelayMs: 1 },
    timeoutMs,
  }).getAssertion({ audience: AUDIENCE });
}

describe("GitHub Actions token service, hostile", () => {
  it("refuses a 50 MB answer while streaming it", async () => {
    github.failNext(1, { hostile: "huge-body", bytes: 50 * 1024 * 1024, declareLength: false });
    const error = await rejectionOf(fetchToken());
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error.message).toMatch(/longer than the 1048576 bytes/);
  });

  it("refuses an endless answer", async () => {
    github.failNext(1, { hostile: "endless-body" });
    const error = await rejectionOf(fetchToken());
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error.message).toMatch(/1048576 bytes/);
  });

  it("ends a slow drip at timeoutMs", async () => {
    github.failNext(1, { hostile: "slow-drip", body: JSON.stringify({ value: "a.b.c" }), intervalMs: 100 });
    const started = performance.now();
    const error = await rejectionOf(fetchToken(800));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it("never shows the request token, echoed whole, in parts, or \\u-escaped (the escaped echo passed)", async () => {
    let requestToken = "";
    github.failNext(1, {
      hostile: "echo",
      status: 400,
      body: (request) => {
        requestToken = String(request.headers.authorization).replace(/^Bearer /, "");
        return `{"message":"bad token ${echoSecret(requestToken, "escaped")} ${echoSecret(echoSecret(requestToken, "signature"), "escaped")}"}`;
      },
    });
    const logs = captureAzureLogs();
    let error: Error;
    try {
      error = await rejectionOf(fetchToken());
    } finally {
      logs.restore();
    }
    expect(requestToken.length).toBeGreaterThan(10);
    expect(error).toBeInstanceOf(AssertionFetchError);
    expectNoSecrets(
      [exposedText(error), logs.text()],
      [requestToken, ...requestToken.split(".").filter((part) => part.length >= 8)],
    );
  });

  it("never shows the request token echoed as a field name", async () => {
    let requestToken = "";
    github.failNext(1, {
      hostile: "echo",
      body: (request) => {
        requestToken = String(request.headers.authorization).replace(/^Bearer /, "");
        return JSON.stringify({ [requestToken]: "x" });
      },
    });
    const error = await rejectionOf(fetchToken());
    expectNoSecrets([exposedText(error)], [requestToken]);
  });

  it("refuses a token sent as the wrong content type, quoting none of it", async () => {
    github.failNext(1, {
      status: 200,
      headers: { "content-type": "text/html" },
      body: "<html>eyJhbGciOi.eyJzdWIi.c2ln</html>",
    });
    const error = await rejectionOf(fetchToken());
    expect(error.message).toMatch(/HTML page/);
    expect(error.message).not.toContain("eyJzdWIi");
  });
});
