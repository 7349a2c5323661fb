import type { IncomingHttpHeaders } from "node:http";
import {
  AssertionFetchError,
  CredentialUnavailableError,
  HttpRequestError,
  InvalidInputError,
} from "@azfed/core";
import { REDACTED, sendRequest } from "@azfed/core/provider";
import {
  captureAzureLogs,
  claimsOf,
  expectNoSecrets,
  expectNoSecretTrace,
  exposedText,
  type GitHubActionsEmulator,
  type RunningServer,
  rejectionOf,
  startGitHubActionsEmulator,
  startHttpsServer,
} from "@azfed/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { detectGitHubActions, githubActions } from "../src/index";

const AUDIENCE = "api://AzureADTokenExchange";
const FAST_RETRY = { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20 };

let github: GitHubActionsEmulator;
/** Another origin, recording the headers of every request it receives. */
let elsewhere: RunningServer;
const receivedElsewhere: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  github = await startGitHubActionsEmulator({
    job: { repository: "contoso/webapp", ref: "refs/heads/main" },
  });
  elsewhere = await startHttpsServer(
    (request, response) => {
      receivedElsewhere.push(request.headers);
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ value: "a.b.c" }));
    },
    { ca: github.ca },
  );
});
afterAll(async () => {
  await github.close();
  await elsewhere.close();
});
beforeEach(() => {
  github.reset();
  receivedElsewhere.length = 0;
});

function provider(env: NodeJS.ProcessEnv = github.env()) {
  return githubActions({ env, dispatcher: github.dispatcher, retry: FAST_RETRY, timeoutMs: 5_000 });
}

describe("detect", () => {
  it("is available when the runner gave the job its token service", () => {
    expect(detectGitHubActions(github.env())).toEqual({
      available: true,
      reason: "ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are set",
    });
    expect(githubActions().detect?.(github.env())).toMatchObject({ available: true });
  });

  it("detects in its own env when given one, whatever env it is passed", () => {
    expect(githubActions({ env: github.env() }).detect?.({})).toMatchObject({ available: true });
    expect(githubActions({ env: {} }).detect?.(github.env())).toMatchObject({ available: false });
  });

  it("tells a job without id-token: write to add the permission", () => {
    const detection = detectGitHubActions(github.env({ idTokenPermission: false }));
    expect(detection.available).toBe(false);
    expect(detection.reason).toMatch(/add `permissions: id-token: write` to the job \(or workflow\)/);
    const pullRequest = detectGitHubActions({
      ...github.env({ idTokenPermission: false }),
      GITHUB_EVENT_NAME: "pull_request",
    });
    expect(pullRequest.reason).toMatch(/forks never get an OIDC token/);
  });

  it("names the one variable missing when only one is passed through", () => {
    const { ACTIONS_ID_TOKEN_REQUEST_TOKEN: _token, ...env } = github.env();
    expect(detectGitHubActions(env).reason).toMatch(
      /^ACTIONS_ID_TOKEN_REQUEST_TOKEN is not set although ACTIONS_ID_TOKEN_REQUEST_URL is/,
    );
  });

  it("says so outside GitHub Actions, and refuses a request URL that is not http(s)", () => {
    expect(detectGitHubActions({}).reason).toMatch(/^Not running in GitHub Actions/);
    expect(detectGitHubActions({ GITHUB_ACTIONS: "false", CI: "true" }).available).toBe(false);
    const bad = detectGitHubActions({ ...github.env(), ACTIONS_ID_TOKEN_REQUEST_URL: "file:///etc/passwd" });
    expect(bad).toMatchObject({ available: false });
    expect(bad.reason).toMatch(/not an http\(s\) URL/);
  });
});

describe("getAssertion", () => {
  it("fetches a fresh token for the asked audience on every call, keeping the URL's query string", async () => {
    const first = await provider().getAssertion({ audience: AUDIENCE });
    const second = await provider().getAssertion({ audience: AUDIENCE });
    expect(first).not.toBe(second);
    expect(github.issuedTokens).toEqual([first, second]);
    expect(claimsOf(first)).toMatchObject({
      aud: AUDIENCE,
      sub: "repo:contoso/webapp:ref:refs/heads/main",
      iss: github.issuer,
    });
    expect(github.requests).toEqual([
      expect.objectContaining({ audience: AUDIENCE, apiVersion: "2.0", authorization: "valid", status: 200 }),
      expect.objectContaining({ audience: AUDIENCE, apiVersion: "2.0", authorization: "valid", status: 200 }),
    ]);
  });

  it("encodes the audience so any value arrives intact", async () => {
    const audience = "https://contoso.example/app?x=1&y=a b#frag";
    const token = await provider().getAssertion({ audience });
    expect(claimsOf(token).aud).toBe(audience);
    expect(github.requests[0]?.audience).toBe(audience);
  });

  it("adds the audience with '?' to a request URL without a query string", async () => {
    const env = { ...github.env(), ACTIONS_ID_TOKEN_REQUEST_URL: github.requestUrl.replace(/\?.*$/, "") };
    const error = await rejectionOf(provider(env).getAssertion({ audience: AUDIENCE }));
    // The emulator, like GitHub's service, wants api-version; what matters is how the audience arrived.
    expect(github.requests[0]).toMatchObject({ audience: AUDIENCE, apiVersion: undefined, status: 400 });
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect((error as AssertionFetchError).statusCode).toBe(400);
    expect(error.message).toMatch(/No api-version was supplied/);
  });

  it("throws CredentialUnavailableError with the detect reason when the platform is absent", async () => {
    const error = await rejectionOf(
      provider(github.env({ idTokenPermission: false })).getAssertion({ audience: AUDIENCE }),
    );
    expect(error.name).toBe("CredentialUnavailableError");
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toMatch(/^github-actions: .*permissions: id-token: write/);
    expect(github.requestCount).toBe(0);
  });

  it("reads the environment at call time", async () => {
    const env: NodeJS.ProcessEnv = {};
    const late = provider(env);
    await expect(late.getAssertion({ audience: AUDIENCE })).rejects.toBeInstanceOf(
      CredentialUnavailableError,
    );
    Object.assign(env, github.env());
    await expect(late.getAssertion({ audience: AUDIENCE })).resolves.toMatch(/^eyJ/);
  });

  it("refuses an empty or padded audience", async () => {
    for (const audience of ["", " api://AzureADTokenExchange"]) {
      const error = await rejectionOf(provider().getAssertion({ audience }));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).toBe("audience");
    }
    expect(github.requestCount).toBe(0);
  });

  it("retries 5xx answers and then succeeds", async () => {
    github.failNext(2, "server-error");
    const token = await provider().getAssertion({ audience: AUDIENCE });
    expect(claimsOf(token).aud).toBe(AUDIENCE);
    expect(github.requests.map((request) => request.status)).toEqual([500, 500, 200]);
  });
});

describe("getAssertion: answers that are not a token", () => {
  async function failure(): Promise<AssertionFetchError> {
    const error = await rejectionOf(provider().getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect((error as AssertionFetchError).provider).toBe("github-actions");
    return error as AssertionFetchError;
  }

  it("401: the request token was refused", async () => {
    const error = await rejectionOf(
      provider({ ...github.env(), ACTIONS_ID_TOKEN_REQUEST_TOKEN: "stale-request-token-value" }).getAssertion(
        {
          audience: AUDIENCE,
        },
      ),
    );
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect((error as AssertionFetchError).statusCode).toBe(401);
    expect(error.message).toMatch(
      /answered 401 Unauthorized: "Unauthorized: .*"; expected 200 with JSON \{ "value": "<OIDC token>" \}\. It refused ACTIONS_ID_TOKEN_REQUEST_TOKEN, which is only valid during the job/,
    );
    expect(exposedText(error)).not.toContain("stale-request-token-value");
  });

  // What core's readPlatformToken says of each answer is tested once, in core; here, the token's
  // field and the provider's own advice.
  it("an HTML page: check the request URL", async () => {
    github.failNext(1, "html-page");
    const error = await failure();
    expect(error.statusCode).toBe(200);
    expect(error.message).toMatch(
      /answered 200 OK with an HTML page \(content-type text\/html.*\}\. Check that ACTIONS_ID_TOKEN_REQUEST_URL points at the token service/,
    );
  });

  it("JSON without value", async () => {
    github.failNext(1, "no-value");
    expect((await failure()).message).toMatch(/JSON without a non-empty "value" string \(fields: count\)/);
  });

  it("5xx after every retry", async () => {
    github.failNext(3, "server-error");
    const error = await failure();
    expect(error.statusCode).toBe(500);
    expect(error.message).toMatch(
      /answered 500 Internal Server Error: "Internal server error"; expected 200/,
    );
    expect(github.requestCount).toBe(3);
  });

  it("a token service that cannot be reached", async () => {
    const closed = await startHttpsServer(() => undefined, { ca: github.ca });
    await closed.close();
    const env = {
      ...github.env(),
      ACTIONS_ID_TOKEN_REQUEST_URL: `${closed.url}/_apis/x/idtoken?api-version=2.0`,
    };
    const error = await rejectionOf(
      githubActions({ env, dispatcher: github.dispatcher, retry: { maxRetries: 0 } }).getAssertion({
        audience: AUDIENCE,
      }),
    );
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error.message).toContain(`token service at ${closed.url}/_apis/x/idtoken gave no usable answer`);
    expect(error.cause).toBeInstanceOf(HttpRequestError);
  });
  it("a malformed header echoing the request leaves no trace of the request token (issue 20)", async () => {
    github.failNext(3, { hostile: "malformed-header" });
    const error = await rejectionOf(provider().getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(AssertionFetchError);
    const token = github.env().ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? "";
    expectNoSecretTrace(error, [token]);
  });
});

describe("getAssertion: claims out of range (issue 20)", () => {
  it("a token with exp: 1e300 gives no bare RangeError", async () => {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const token = `${part({ alg: "RS256" })}.${part({ iss: "https://x.test", sub: "repo:o/r:ref:refs/heads/main", aud: AUDIENCE, exp: 1e300 })}.c2ln`;
    const server = await startHttpsServer(
      (_request, response) => {
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ value: token }));
      },
      { ca: github.ca },
    );
    try {
      const env = { ...github.env(), ACTIONS_ID_TOKEN_REQUEST_URL: `${server.url}/idtoken?api-version=2.0` };
      const outcome = await provider(env)
        .getAssertion({ audience: AUDIENCE })
        .catch((error: unknown) => error);
      expect(outcome).not.toBeInstanceOf(RangeError);
      expect(outcome).toBe(token);
    } finally {
      await server.close();
    }
  });
});

describe("getAssertion: redirects and abort", () => {
  it("never follows a redirect to another origin, so the request token stays home", async () => {
    github.failNext(1, { redirectTo: `${elsewhere.url}/collect`, status: 307 });
    const error = await rejectionOf(provider().getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect((error as AssertionFetchError).statusCode).toBe(307);
    expect(error.message).toContain(`a redirect to another origin (${elsewhere.url})`);
    expect(error.message).toContain("the request token never left");
    expect(error.message).toContain("Check that ACTIONS_ID_TOKEN_REQUEST_URL points at the token service");
    expect(receivedElsewhere).toEqual([]);
  });

  it("the other origin would have seen the header had the redirect been followed", async () => {
    // Control for the test above: the recording server does see an Authorization header sent to it.
    await sendRequest({
      url: `${elsewhere.url}/collect`,
      headers: { authorization: "Bearer probe" },
      dispatcher: github.dispatcher,
    });
    expect(receivedElsewhere.map((headers) => headers.authorization)).toEqual(["Bearer probe"]);
  });

  it("follows a redirect within the same origin", async () => {
    github.failNext(1, {
      redirectTo: `${github.requestUrl}&audience=${encodeURIComponent(AUDIENCE)}`,
      status: 302,
    });
    const token = await provider().getAssertion({ audience: AUDIENCE });
    expect(claimsOf(token).aud).toBe(AUDIENCE);
    expect(github.requests.map((request) => request.status)).toEqual([302, 200]);
  });

  it("honours the abort signal", async () => {
    github.setLatency(1_500);
    const controller = new AbortController();
    const pending = rejectionOf(provider().getAssertion({ audience: AUDIENCE, signal: controller.signal }));
    // Abort once the emulator holds the request. A fixed 50 ms could pass before the request even
    // arrived on a loaded machine; it then arrived after the next test's reset and was counted there.
    await vi.waitFor(() => expect(github.requests).toHaveLength(1), { timeout: 20_000 });
    controller.abort(new Error("stop"));
    const error = await pending;
    expect(error).toBeInstanceOf(HttpRequestError);
    expect((error as HttpRequestError).reason).toBe("aborted");
    // Without abort support the slow answer would arrive and the call would resolve.
    expect(github.issuedTokens).toEqual([]);
  });
});

describe("secrets never reach an error or a log line", () => {
  it("keeps the request token and every issued token out of errors and verbose logs", async () => {
    const echoingRequestToken = JSON.stringify({ message: `token ${github.requestToken} is not valid here` });
    const logs = captureAzureLogs();
    const errors: unknown[] = [];
    try {
      await provider().getAssertion({ audience: AUDIENCE });
      const faults = [
        "html-page",
        "empty-body",
        "no-value",
        { status: 400, body: echoingRequestToken },
        { status: 403, body: `Authorization: Bearer ${github.requestToken}` },
        { redirectTo: `${elsewhere.url}/collect?request_token=${github.requestToken}` },
      ] as const;
      for (const fault of faults) {
        github.failNext(1, fault);
        errors.push(await rejectionOf(provider().getAssertion({ audience: AUDIENCE })));
      }
      errors.push(
        await rejectionOf(
          provider({
            ...github.env(),
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: "wrong-request-token-123",
          }).getAssertion({
            audience: AUDIENCE,
          }),
        ),
      );
    } finally {
      logs.restore();
    }
    expect(errors).toHaveLength(7);
    const everything = [...errors.map(exposedText), ...logs.lines].join("\n");
    expect(everything).toContain(REDACTED);
    expectNoSecrets(everything, [github.requestToken, "wrong-request-token-123", ...github.issuedTokens]);
    expect(github.issuedTokens).toHaveLength(1);
    expect(
      logs.lines.some((line) => line.includes("got an OIDC token for audience api://AzureADTokenExchange")),
    ).toBe(true);
    expect(
      logs.lines.some((line) => line.includes("with subject repo:contoso/webapp:ref:refs/heads/main")),
    ).toBe(true);
  });
});
