// readPlatformToken, the one reader of a platform's token reply (GitHub Actions, Azure DevOps), tested
// once here against real HTTPS servers; each provider's tests keep its own URL, headers and advice.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  captureAzureLogs,
  echoSecret,
  expectNoSecrets,
  exposedText,
  type RunningServer,
  rejectionOf,
  type SecretEcho,
  startHttpsServer,
  testCertificateAuthority,
  unsignedJwt,
} from "@azfed/testing";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AssertionFetchError } from "../src/errors/assertion-fetch-error";
import { HttpRequestError } from "../src/http/http-request-error";
import {
  type PlatformTokenRefusal,
  type PlatformTokenRequest,
  readPlatformToken,
} from "../src/provider/read-platform-token";

interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | ((request: IncomingMessage) => string);
}

const TOKEN = unsignedJwt({ iss: "https://issuer.example", sub: "job", aud: "api://AzureADTokenExchange" });
/** A fresh request token per test, shaped like a JWT so that its parts can be echoed too. */
let requestToken = "";
let replies: Reply[] = [];
const seen: { method?: string; url?: string; authorization?: string }[] = [];
let service: RunningServer;
/** Another origin, recording whether a request ever reached it. */
let elsewhere: RunningServer;
const seenElsewhere: (string | undefined)[] = [];
let dispatcher: PlatformTokenRequest["dispatcher"];

function answer(request: IncomingMessage, response: ServerResponse): void {
  seen.push({ method: request.method, url: request.url, authorization: request.headers.authorization });
  const reply = replies.shift() ?? { status: 200, body: JSON.stringify({ value: TOKEN }) };
  response.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
  response.end(typeof reply.body === "function" ? reply.body(request) : (reply.body ?? ""));
}

beforeAll(async () => {
  const ca = await testCertificateAuthority();
  dispatcher = ca.dispatcher;
  service = await startHttpsServer(answer, { ca });
  elsewhere = await startHttpsServer(
    (request, response) => {
      seenElsewhere.push(request.headers.authorization);
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ value: TOKEN }));
    },
    { ca },
  );
});
afterAll(async () => {
  await Promise.all([service.close(), elsewhere.close()]);
});
beforeEach(() => {
  requestToken = unsignedJwt({ job: randomBytes(12).toString("hex") });
  replies = [];
  seen.length = 0;
  seenElsewhere.length = 0;
});

function read(overrides: Partial<PlatformTokenRequest> = {}): Promise<string> {
  return readPlatformToken({
    provider: "test-platform",
    service: "the token service",
    url: `${service.url}/token?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange`,
    headers: { authorization: `Bearer ${requestToken}` },
    requestToken,
    field: "value",
    dispatcher,
    retry: { maxRetries: 0 },
    timeoutMs: 5_000,
    ...overrides,
  });
}

async function refusal(overrides: Partial<PlatformTokenRequest> = {}): Promise<AssertionFetchError> {
  const error = await rejectionOf(read(overrides));
  expect(error).toBeInstanceOf(AssertionFetchError);
  expect((error as AssertionFetchError).provider).toBe("test-platform");
  expectNoSecrets([exposedText(error)], [requestToken, ...requestToken.split(".")]);
  return error as AssertionFetchError;
}

describe("readPlatformToken", () => {
  it("sends the request and returns the named field of a 200 JSON answer", async () => {
    replies = [{ status: 200, body: JSON.stringify({ count: 1, oidcToken: TOKEN }) }];
    const token = await read({ method: "POST", field: "oidcToken" });
    expect(token).toBe(TOKEN);
    expect(seen).toEqual([
      {
        method: "POST",
        url: "/token?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange",
        authorization: `Bearer ${requestToken}`,
      },
    ]);
  });

  it("follows a redirect within the origin", async () => {
    replies = [{ status: 302, headers: { location: "/moved" } }];
    expect(await read()).toBe(TOKEN);
    expect(seen.map((request) => request.url)).toEqual([expect.stringMatching(/^\/token/), "/moved"]);
  });

  it("refuses a redirect to another origin, which never sees the request token", async () => {
    replies = [{ status: 307, headers: { location: `${elsewhere.url}/collect?token=${requestToken}` } }];
    const error = await refusal();
    expect(error.statusCode).toBe(307);
    expect(error.message).toBe(
      `test-platform: the token service answered 307 Temporary Redirect, a redirect to another origin (${elsewhere.url}); it was not followed, so the request token never left ${service.url}; expected 200 with JSON { "value": "<OIDC token>" }`,
    );
    expect(seenElsewhere).toEqual([]);
  });

  it("would have sent the request token to the other origin had it followed (control)", async () => {
    await readPlatformToken({
      provider: "test-platform",
      service: "the token service",
      url: `${elsewhere.url}/collect`,
      headers: { authorization: `Bearer ${requestToken}` },
      requestToken,
      field: "value",
      dispatcher,
    });
    expect(seenElsewhere).toEqual([`Bearer ${requestToken}`]);
  });

  it.each<[string, Reply, RegExp]>([
    [
      "a status, with the service's words",
      { status: 400, body: JSON.stringify({ message: "No api-version\nwas supplied." }) },
      /answered 400 Bad Request: "No api-version was supplied\."; expected 200 with JSON \{ "value": "<OIDC token>" \}$/,
    ],
    [
      "a status, with OAuth's words",
      { status: 403, body: JSON.stringify({ error: "access_denied", error_description: "not this job" }) },
      /answered 403 Forbidden: "not this job"; expected 200/,
    ],
    [
      "a status, with a plain-text body",
      { status: 502, headers: { "content-type": "text/plain" }, body: "upstream down" },
      /answered 502 Bad Gateway: "upstream down"; expected 200/,
    ],
    [
      "a status, with an HTML page (not quoted)",
      { status: 401, headers: { "content-type": "text/html" }, body: "<html>sign in here</html>" },
      /answered 401 Unauthorized with an HTML page \(content-type text\/html\); expected 200/,
    ],
    [
      "a 2xx other than 200",
      { status: 201, body: JSON.stringify({ value: TOKEN }) },
      /answered 201 Created; /,
    ],
    ["an empty body", { status: 200, body: " \n" }, /answered 200 OK with an empty body; expected 200/],
    [
      "an HTML page",
      {
        status: 200,
        headers: { "content-type": "text/plain" },
        body: "<!doctype html><p>eyJhbGciOi.eyJzdWIi.c2ln",
      },
      /answered 200 OK with an HTML page \(content-type text\/plain\), not JSON; expected 200/,
    ],
    [
      "a body that is not JSON",
      { status: 200, headers: { "content-type": "text/plain" }, body: "token coming soon" },
      /answered 200 OK with a body that is not JSON \(content-type text\/plain, 17 characters\); expected 200/,
    ],
    [
      "JSON without the field",
      { status: 200, body: JSON.stringify({ count: 0, message: "no token for you" }) },
      /answered 200 OK with JSON without a non-empty "value" string \(fields: count, message\): "no token for you"; expected 200/,
    ],
    [
      "an empty field",
      { status: 200, body: JSON.stringify({ value: "" }) },
      /with JSON without a non-empty "value" string \(fields: value\); expected 200/,
    ],
    [
      "a JSON array",
      { status: 200, body: JSON.stringify([TOKEN]) },
      /with JSON without a non-empty "value" string \(a JSON array\); expected 200/,
    ],
    [
      "a field that is not a JWT (not shown)",
      { status: 200, body: JSON.stringify({ value: "opaque-secret-value" }) },
      /with a "value" that is not a JWT \(19 characters, 1 dot-separated parts\); expected 200/,
    ],
  ])("refuses %s, saying what was answered and what was expected", async (_what, reply, expected) => {
    replies = [reply];
    const error = await refusal();
    expect(error.statusCode).toBe(reply.status);
    expect(error.message).toMatch(expected);
    expect(error.message).not.toContain("opaque-secret-value");
    expect(error.message).not.toContain("eyJzdWIi");
  });

  it("hands the provider each refusal and appends its advice", async () => {
    const refusals: PlatformTokenRefusal[] = [];
    const advice = (refused: PlatformTokenRefusal) => {
      refusals.push(refused);
      return refused.status === 401 ? "Map the request token into this step" : undefined;
    };
    replies = [
      { status: 401, body: JSON.stringify({ message: "expired", typeKey: "TokenExpired" }) },
      { status: 200, headers: { "content-type": "text/html" }, body: "<html></html>" },
    ];
    expect((await refusal({ advice })).message).toMatch(
      /answered 401 Unauthorized: "expired"; expected 200 with JSON \{ "value": "<OIDC token>" \}\. Map the request token into this step$/,
    );
    expect((await refusal({ advice })).message).toMatch(
      /not JSON; expected 200 with JSON \{ "value": "<OIDC token>" \}$/,
    );
    expect(refusals).toEqual([
      {
        problem: "status",
        status: 401,
        html: false,
        said: "expired",
        fields: { message: "expired", typeKey: "TokenExpired" },
      },
      { problem: "html", status: 200, html: true, said: undefined, fields: {} },
    ]);
  });

  it("never quotes the token field as the service's words", async () => {
    replies = [{ status: 400, body: JSON.stringify({ oidcToken: "not-quite-a-token-value" }) }];
    const error = await refusal({ field: "oidcToken" });
    expect(error.message).toMatch(/answered 400 Bad Request; expected 200 with JSON \{ "oidcToken"/);
    expect(error.message).not.toContain("not-quite-a-token-value");
  });

  it("says a service that cannot be reached gave no usable answer, with the cause", async () => {
    const closed = await startHttpsServer(() => undefined);
    await closed.close();
    const refusals: PlatformTokenRefusal[] = [];
    const error = await refusal({
      url: `${closed.url}/token?secret-query=1`,
      advice: (refused) => {
        refusals.push(refused);
        return undefined;
      },
    });
    expect(error.message).toMatch(
      new RegExp(
        `^test-platform: the token service at ${closed.url}/token gave no usable answer \\(Request to .* failed`,
      ),
    );
    expect(error.message).not.toContain("secret-query");
    expect(error.cause).toBeInstanceOf(HttpRequestError);
    expect(refusals).toMatchObject([{ problem: "unreachable", status: undefined }]);
  });

  it("refuses a body past the cap, and a service that does not answer in time", async () => {
    replies = [{ status: 200, body: "x".repeat(1024 * 1024 + 1) }];
    const tooLarge = await refusal();
    expect(tooLarge.message).toMatch(/gave no usable answer \(.*longer than the 1048576 bytes/);
    expect(tooLarge.statusCode).toBe(200);

    const silent = await startHttpsServer(() => undefined);
    try {
      const started = performance.now();
      const late = await refusal({ url: silent.url, timeoutMs: 300 });
      expect(late.message).toMatch(/gave no usable answer \(Request to .* timed out/);
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      await silent.close();
    }
  });

  it("throws the caller's abort as HttpRequestError, not as a refusal", async () => {
    const silent = await startHttpsServer(() => undefined);
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error("stop")), 50);
      const error = await rejectionOf(read({ url: silent.url, signal: controller.signal }));
      expect(error).toBeInstanceOf(HttpRequestError);
      expect((error as HttpRequestError).reason).toBe("aborted");
    } finally {
      await silent.close();
    }
  });
});

describe("readPlatformToken never shows the request token", () => {
  const pieces = () => [requestToken, ...requestToken.split(".").filter((part) => part.length >= 8)];

  it.each<[string, (token: string) => string]>([
    ["in the message", (token) => JSON.stringify({ message: `the token ${token} is not authorized` })],
    [
      "in parts",
      (token) =>
        JSON.stringify({
          message: `bad signature ${echoSecret(token, "signature")} / ${echoSecret(token, "payload")}`,
        }),
    ],
    ["in value", (token) => JSON.stringify({ value: `No service connection found: ${token}` })],
    ["as a field name", (token) => JSON.stringify({ [token]: 1 })],
    ["\\u-escaped", (token) => `{"message":"${echoSecret(token, "escaped")}"}`],
    ["as a bearer header echo in plain text", (token) => `Authorization: Bearer ${token}`],
  ])("echoed %s, in errors or log lines", async (_how, echo) => {
    replies = [
      { status: 400, body: (request) => echo(String(request.headers.authorization).replace(/^Bearer /, "")) },
    ];
    const logs = captureAzureLogs();
    let error: unknown;
    try {
      error = await rejectionOf(read({ field: "oidcToken" }));
    } finally {
      logs.restore();
    }
    expect(error).toBeInstanceOf(AssertionFetchError);
    expectNoSecrets([exposedText(error), logs.text()], pieces());
  });

  it("whatever the service answers: a JWT or an AssertionFetchError, with no trace of it (fuzzed)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("value", "oidcToken"),
        fc.constantFrom(200, 201, 203, 204, 400, 401, 403, 404, 409, 422),
        fc.constantFrom("application/json", "text/html", "text/plain", "application/octet-stream", ""),
        fc.constantFrom("token", "message", "error_description", "value", "typeKey", "key"),
        fc.constantFrom<SecretEcho>("whole", "signature", "payload", "escaped", "none"),
        fc.string({ maxLength: 200 }),
        async (tokenField, status, contentType, field, how, noise) => {
          replies = [
            {
              status,
              headers: { "content-type": contentType },
              body: (request) => {
                const echo = echoSecret(String(request.headers.authorization).replace(/^Bearer /, ""), how);
                if (field === "key") return `{${JSON.stringify(noise)}: 1, "${echo}": 2}`;
                // The escaped echo goes into the JSON text as is: only JSON.parse turns it back into the token.
                const value =
                  how === "escaped"
                    ? `${JSON.stringify(noise).slice(0, -1)}${echo}"`
                    : JSON.stringify(`${noise}${echo}`);
                return `{"${field === "token" ? tokenField : field}": ${value}}`;
              },
            },
          ];
          const outcome = await read({ field: tokenField }).then(
            (token) => ({ token }),
            (error: unknown) => ({ error }),
          );
          if ("token" in outcome) {
            expect(outcome.token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/);
          } else {
            expect(outcome.error).toBeInstanceOf(AssertionFetchError);
            const text = exposedText(outcome.error);
            for (const piece of pieces()) expect(text).not.toContain(piece);
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe("readPlatformToken's refusals, one problem each (mutation run Z)", () => {
  const problemsOf = async (reply: Reply): Promise<{ refusal: PlatformTokenRefusal; message: string }> => {
    replies = [reply];
    const refusals: PlatformTokenRefusal[] = [];
    const error = await refusal({
      advice: (given) => {
        refusals.push(given);
        return undefined;
      },
    });
    expect(refusals).toHaveLength(1);
    return { refusal: refusals[0] as PlatformTokenRefusal, message: error.message };
  };

  it("names the problem it found, in the order it checks", async () => {
    const cases: [Reply, Partial<PlatformTokenRefusal>, string][] = [
      [
        { status: 300, headers: { location: `${elsewhere.url}/x` } },
        { problem: "redirect", status: 300 },
        "another origin",
      ],
      [{ status: 302 }, { problem: "redirect", status: 302 }, "a redirect that could not be followed"],
      [{ status: 200, body: "" }, { problem: "empty" }, "with an empty body"],
      [{ status: 200, body: "not json" }, { problem: "not-json", said: "not json" }, "not JSON"],
      [{ status: 200, body: "null" }, { problem: "no-token", fields: {} }, "(a JSON null)"],
      [{ status: 200, body: JSON.stringify({ value: "abc" }) }, { problem: "not-jwt" }, "not a JWT"],
      [
        { status: 200, body: JSON.stringify({ message: "", error: "denied" }) },
        { problem: "no-token", said: "denied" },
        ': "denied"',
      ],
      [
        { status: 403, body: JSON.stringify({ message: "\u0007 refused\n" }) },
        { problem: "status", said: "refused" },
        ': "refused"',
      ],
      [
        { status: 403, body: JSON.stringify({ message: "\n\t\u0007" }) },
        { problem: "status", said: undefined },
        "answered 403",
      ],
    ];
    for (const [reply, expected, text] of cases) {
      const { refusal: given, message } = await problemsOf(reply);
      expect(given, JSON.stringify(reply)).toMatchObject({ html: false, ...expected });
      expect(message, JSON.stringify(reply)).toContain(text);
    }
  });

  it("calls an unreachable service's answer no HTML page", async () => {
    const refusals: PlatformTokenRefusal[] = [];
    await refusal({
      url: "https://127.0.0.1:1/token",
      advice: (given) => {
        refusals.push(given);
        return undefined;
      },
    });
    expect(refusals).toEqual([
      { problem: "unreachable", status: undefined, html: false, said: undefined, fields: {} },
    ]);
  });
});
