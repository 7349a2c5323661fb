import {
  AssertionFetchError,
  CredentialUnavailableError,
  DEFAULT_EXCHANGE_AUDIENCE,
  type HttpRequestError,
  KNOWN_CLOUDS,
} from "@azfed/core";
import { rejectionOf, separateCertificateAuthority } from "@azfed/testing";
import { describe, expect, it, vi } from "vitest";
import { MANAGED_IDENTITY_CLIENT_ID_ENV, managedIdentity } from "../src/index";
import { newIdentity } from "./helpers";
import { endpoint, homeTenant, identity, logs, useImdsEndpoint } from "./managed-identity-imds-endpoint";

// What managedIdentity() itself decides, word for word, against the IMDS emulator: which identity each
// call asks for, what each answer of the endpoint becomes, and what it does with the token's own exp.
// managed-identity-imds.test.ts runs the whole exchange with Entra.

useImdsEndpoint();

const AUDIENCE = DEFAULT_EXCHANGE_AUDIENCE;
const IMDS =
  "IMDS (no other identity endpoint is named in the environment; AZURE_POD_IDENTITY_AUTHORITY_HOST overrides its host 169.254.169.254)";
const NOT_HERE =
  "this is not an Azure resource with a managed identity, or its identity endpoint is not reachable from here";

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const HEADER = part({ alg: "RS256", typ: "JWT" });
/**
 * An unsigned JWT of Entra's shape (the provider only reads it; Entra would verify it), grown to
 * `length` characters with a `pad` claim and, for the lengths base64url skips, a longer signature.
 */
function jwt(claims: Record<string, unknown>, length = 0): string {
  const make = (pad: string, signature: string) =>
    `${HEADER}.${part({ iss: "https://sts.windows.net/x/", sub: "s", ...claims, ...(pad ? { pad } : {}) })}.${signature}`;
  const bare = make("", "c2lnbmF0dXJl");
  if (length === 0) return bare;
  for (let pad = Math.max(0, Math.floor(((length - bare.length) * 3) / 4) - 12); ; pad++) {
    for (const signature of ["c2lnbmF0dXJl", "c2lnbmF0dXJlcw"]) {
      const token = make("x".repeat(pad), signature);
      if (token.length === length) return token;
    }
    if (make("x".repeat(pad), "c2lnbmF0dXJl").length > length)
      throw new Error(`no JWT of ${length} characters`);
  }
}
function answer(accessToken: string): string {
  return JSON.stringify({
    access_token: accessToken,
    expires_on: "99999999999",
    resource: AUDIENCE,
    token_type: "Bearer",
  });
}
const inSeconds = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;
const provider = (extra: Parameters<typeof managedIdentity>[0] = {}) =>
  managedIdentity({ clientId: identity.clientId, retry: { maxRetries: 0 }, ...extra });
/** A provider for a new identity: msal-node keeps tokens per identity and resource for the whole process. */
function freshProvider() {
  const fresh = newIdentity(homeTenant);
  endpoint.addIdentity(fresh);
  return managedIdentity({ clientId: fresh.clientId, retry: { maxRetries: 0 } });
}

describe("managedIdentity(): which identity each call asks for", () => {
  it("reads AZFED_MANAGED_IDENTITY_CLIENT_ID at each call, and treats its case as the same identity", async () => {
    const other = newIdentity(homeTenant);
    endpoint.addIdentity(other);
    const fromProcess = managedIdentity({ retry: { maxRetries: 0 } });
    vi.stubEnv(MANAGED_IDENTITY_CLIENT_ID_ENV, identity.clientId);
    try {
      await fromProcess.getAssertion({ audience: AUDIENCE });
      vi.stubEnv(MANAGED_IDENTITY_CLIENT_ID_ENV, other.clientId);
      await fromProcess.getAssertion({ audience: AUDIENCE });
      // The same identity in capitals: msal-node's application for it answers from its cache.
      vi.stubEnv(MANAGED_IDENTITY_CLIENT_ID_ENV, other.clientId.toUpperCase());
      await fromProcess.getAssertion({ audience: AUDIENCE });
    } finally {
      vi.stubEnv(MANAGED_IDENTITY_CLIENT_ID_ENV, undefined);
    }
    expect(endpoint.requests.map((request) => request.selector)).toEqual([
      { client_id: identity.clientId },
      { client_id: other.clientId },
    ]);
  });

  it("detects the identity and IMDS, or says which identity to name", async () => {
    expect(await provider().detect()).toEqual({
      available: true,
      reason: `user-assigned managed identity client id ${identity.clientId} through ${IMDS}`,
    });
    expect(await managedIdentity().detect({})).toEqual({
      available: false,
      reason:
        "managed-identity: no user-assigned managed identity is named: set AZFED_MANAGED_IDENTITY_CLIENT_ID to its client id, or pass clientId, resourceId or objectId (system-assigned identities cannot be a federated credential of an app)",
    });
    expect(endpoint.count()).toBe(0);
  });

  it("takes the cloud's exchange audience, else the public one", () => {
    expect(provider().defaultAudience(KNOWN_CLOUDS.china)).toBe("api://AzureADTokenExchangeChina");
    expect(provider().defaultAudience(undefined)).toBe(AUDIENCE);
  });

  it("sends its requests through the dispatcher given, and names itself in the log", async () => {
    const closed = (await separateCertificateAuthority()).dispatcher;
    await closed.close();
    const error = await rejectionOf(provider({ dispatcher: closed }).getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(endpoint.count()).toBe(0);
    await provider().getAssertion({ audience: AUDIENCE });
    expect(logs.text()).toMatch(
      /managed-identity: GET http:\/\/127\.0\.0\.1:\d+\/metadata\/identity\/oauth2\/token/,
    );
  });

  it("gives the caller's abort reason when it gives up during the request", async () => {
    endpoint.setLatency(5_000);
    const controller = new AbortController();
    const reason = new Error("the caller gave up");
    const pending = provider().getAssertion({ audience: AUDIENCE, signal: controller.signal });
    // Wherever the call is then (msal-node's application, the request held by the endpoint), the
    // caller gets its own reason, not an error about the endpoint.
    setTimeout(() => controller.abort(reason), 200);
    expect(await rejectionOf(pending)).toBe(reason);
  });
});

describe("managedIdentity(): what each answer of the endpoint becomes", () => {
  // Each case is named by a label: Stryker runs a test by a pattern made of its name, and a name
  // holding a 70 KB body made that pattern too large (every mutant of the file then failed to run).
  it.each([
    ["an empty object", "{}", ""],
    ["text", "not JSON", ""],
    ["a JSON string", '"a string"', ""],
    ["null", "null", ""],
    [
      "an empty description and a message",
      JSON.stringify({ error: "invalid_request", error_description: "", message: "the message" }),
      " (the message)",
    ],
    ["a numeric message", JSON.stringify({ error: "invalid_request", message: 7 }), " (invalid_request)"],
    [
      "a nested error",
      JSON.stringify({ error: { code: "x", message: "nested message" } }),
      " (nested message)",
    ],
    [
      "control characters",
      JSON.stringify({ error: "e", error_description: "one\u0001\u001b[31mtwo\r\nthree\u007f" }),
      " (one [31mtwo three )",
    ],
    [
      "400 characters",
      JSON.stringify({ error_description: "word ".repeat(80) }),
      ` (${"word ".repeat(60)}…)`,
    ],
    ["300 characters", JSON.stringify({ error_description: "word ".repeat(60) }), ` (${"word ".repeat(60)})`],
    // Only the first 64 KiB of an answer is parsed: a longer one is not read for words.
    ["70 KB", JSON.stringify({ error_description: "word ".repeat(14_000) }), ""],
  ])(
    "400 with %s: the endpoint's own words, bounded and without control characters",
    async (_label, body, said) => {
      endpoint.failNext(1, { status: 400, body });
      const error = await rejectionOf(provider().getAssertion({ audience: AUDIENCE }));
      expect(error).toBeInstanceOf(AssertionFetchError);
      expect((error as AssertionFetchError).statusCode).toBe(400);
      expect(error.message).toBe(`managed-identity: ${IMDS} answered 400${said}`);
    },
  );

  it("says which identity is not assigned, whatever the case of the endpoint's words", async () => {
    endpoint.failNext(1, { status: 400, body: JSON.stringify({ error_description: "IDENTITY NOT FOUND" }) });
    const error = await rejectionOf(provider().getAssertion({ audience: AUDIENCE }));
    expect(error.message).toBe(
      `managed-identity: ${IMDS} answered 400 (IDENTITY NOT FOUND): the identity with client id ${identity.clientId} is not assigned to this Azure resource; assign it (az vm identity assign / az webapp identity assign --identities <its resource id>) or name another`,
    );
  });

  it("takes a 200 that is not JSON for the refusal it is", async () => {
    endpoint.failNext(1, { status: 200, body: "<html>maintenance</html>" });
    const error = await rejectionOf(provider().getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error.message).toBe(`managed-identity: ${IMDS} answered 200`);
  });

  it("is unavailable when nothing answers in time, or nothing answers, saying which", async () => {
    endpoint.setLatency(5_000);
    const late = await rejectionOf(provider({ timeoutMs: 300 }).getAssertion({ audience: AUDIENCE }));
    expect(late).toBeInstanceOf(CredentialUnavailableError);
    expect((late.cause as HttpRequestError).reason).toBe("timeout");
    expect(late.message).toBe(
      `managed-identity: ${IMDS} did not answer in time after 1 attempt(s): ${NOT_HERE}`,
    );
    endpoint.setLatency(0);
    endpoint.failNext(1, { drop: true });
    const dropped = await rejectionOf(provider().getAssertion({ audience: AUDIENCE }));
    expect(dropped).toBeInstanceOf(CredentialUnavailableError);
    expect((dropped.cause as HttpRequestError).reason).toBe("network");
    expect(dropped.message).toBe(
      `managed-identity: ${IMDS} could not be reached (ECONNRESET) after 1 attempt(s): ${NOT_HERE}`,
    );
  });

  it("reports an answer too large as what the endpoint did, with its status", async () => {
    endpoint.failNext(1, { hostile: "huge-body", bytes: 2 * 1024 * 1024 });
    const error = await rejectionOf(provider().getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect((error as AssertionFetchError).statusCode).toBe(200);
    expect((error.cause as HttpRequestError).reason).toBe("too-large");
    expect(error.message).toMatch(
      /^managed-identity: IMDS \(no other .*169\.254\.169\.254\): Request to http:\/\/127\.0\.0\.1:\d+\/metadata\/identity\/oauth2\/token\/ was refused: the answer \(HTTP 200\) is declared as 2097152 bytes, more than the 1048576 bytes azfed reads/,
    );
  });
});

describe("managedIdentity(): the token the endpoint answers 200 with", () => {
  const refusal = async (accessToken: string, from = provider()) => {
    endpoint.failNext(1, { status: 200, body: answer(accessToken) });
    const error = await rejectionOf(from.getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(AssertionFetchError);
    return error.message.replace(/^managed-identity: /, "");
  };

  it("takes a token of 16384 characters for one of its audiences, and refuses one character more", async () => {
    const longest = jwt({ aud: ["api://other", AUDIENCE], exp: inSeconds(3600) }, 16_384);
    expect(longest).toHaveLength(16_384);
    endpoint.failNext(1, { status: 200, body: answer(longest) });
    expect(await provider().getAssertion({ audience: AUDIENCE })).toBe(longest);
    const tooLong = jwt({ aud: AUDIENCE, exp: inSeconds(3600) }, 16_385);
    expect(await refusal(tooLong, freshProvider())).toBe(
      `the identity endpoint answered 200 but with a token of ${tooLong.length} characters (at most 16384 expected)`,
    );
  });

  it("names the audiences of a token for others, shortened", async () => {
    expect(await refusal(jwt({ aud: ["api://a", "api://b"] }))).toBe(
      `the identity endpoint answered 200 but with a token for "api://a, api://b", not for ${AUDIENCE} (the identity with client id ${identity.clientId})`,
    );
    const long = ["a".repeat(150), "b".repeat(150)];
    expect(await refusal(jwt({ aud: long }), freshProvider())).toContain(
      `with a token for "${`${long[0]}, ${long[1]}`.slice(0, 200)}", not`,
    );
  });

  it("asks again, past msal-node's cache, when the token msal-node kept is refused", async () => {
    const forOthers = jwt({ aud: "api://other", exp: inSeconds(3600) });
    const p = provider();
    expect(await refusal(forOthers)).toContain('with a token for "api://other"');
    // msal-node kept it (expires_on 99999999999): the next call is not stuck with it.
    const token = await p.getAssertion({ audience: AUDIENCE });
    expect(endpoint.issuedTokens).toContain(token);
    expect(endpoint.requests).toHaveLength(2);
  });

  it("refuses a token that is not a JWT", async () => {
    expect(await refusal("not-a-jwt", freshProvider())).toBe(
      "the identity endpoint answered 200 but the access token is not a JWT",
    );
  });

  it("refuses an empty token", async () => {
    expect(await refusal("", freshProvider())).toBe(
      "the identity endpoint answered 200 but without an access token",
    );
  });

  it("asks again, past msal-node's cache, for a token with less than a minute left", async () => {
    const fresh = jwt({ aud: AUDIENCE, exp: inSeconds(120) });
    const soon = jwt({ aud: AUDIENCE, exp: inSeconds(30) });
    endpoint.failNext(1, { status: 200, body: answer(fresh) });
    expect(await provider().getAssertion({ audience: AUDIENCE })).toBe(fresh);
    expect(endpoint.requests).toHaveLength(1);
    endpoint.failNext(1, { status: 200, body: answer(soon) });
    const handed = await freshProvider().getAssertion({ audience: AUDIENCE });
    expect(handed).not.toBe(soon);
    expect(endpoint.issuedTokens).toContain(handed);
    expect(endpoint.requests).toHaveLength(3);
  });

  it("hands out a token without exp as it is (msal-node's expires_on then decides)", async () => {
    const timeless = jwt({ aud: AUDIENCE });
    endpoint.failNext(1, { status: 200, body: answer(timeless) });
    expect(await provider().getAssertion({ audience: AUDIENCE })).toBe(timeless);
    expect(endpoint.requests).toHaveLength(1);
  });

  it("refuses a token that expired even when asked again, saying when", async () => {
    const exp = inSeconds(-600);
    endpoint.failNext(2, { status: 200, body: answer(jwt({ aud: AUDIENCE, exp })) });
    const error = await rejectionOf(provider().getAssertion({ audience: AUDIENCE }));
    expect(error.message).toBe(
      `managed-identity: the identity endpoint answered 200 with a token that expired at ${new Date(exp * 1000).toISOString()}, even when asked again past msal-node's cache; its clock or its expires_on is wrong`,
    );
  });
});
