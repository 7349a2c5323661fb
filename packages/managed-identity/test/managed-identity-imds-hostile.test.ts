import { AssertionFetchError, CredentialUnavailableError } from "@azfed/core";
import { expectNoSecrets, exposedText, providerContract, rejectionOf } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { MANAGED_IDENTITY_CLIENT_ID_ENV, managedIdentity } from "../src/index";
import {
  credentialIn,
  customerTenant,
  endpoint,
  entra,
  identity,
  logs,
  SCOPE,
  trust,
  useImdsEndpoint,
} from "./managed-identity-imds-endpoint";

useImdsEndpoint();

describe("hostile answers from the identity endpoint", () => {
  const leaked = `${"eyJhbGciOiJSUzI1NiJ9"}.${Buffer.from('{"iss":"https://evil.example","sub":"secret","aud":"api://other"}').toString("base64url")}.c2lnbmF0dXJl`;

  it.each([
    [
      "an error quoting a token",
      { status: 500, body: JSON.stringify({ error: "x", error_description: `bad ${leaked}` }) },
    ],
    [
      "a 400 whose description is 1 MB",
      { status: 400, body: JSON.stringify({ error_description: `${leaked} ${"A".repeat(1_000_000)}` }) },
    ],
    ["HTML", { status: 502, body: `<html>${leaked}</html>` }],
  ])("%s: a bounded error without the token", async (_what, fault) => {
    trust();
    endpoint.failNext(1, fault);
    const error = await rejectionOf(credentialIn(customerTenant).getToken(SCOPE));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error.message.length).toBeLessThan(1_000);
    expectNoSecrets(exposedText(error), [leaked]);
  });

  it.each([
    [
      "a token that is not a JWT",
      {
        access_token: "not-a-jwt",
        expires_on: "9999999999",
        resource: "api://AzureADTokenExchange",
        token_type: "Bearer",
      },
      "not a JWT",
    ],
    [
      "a 40 000-character token",
      {
        access_token: `${"a".repeat(20_000)}.${"b".repeat(20_000)}.c`,
        expires_on: "9999999999",
        resource: "api://AzureADTokenExchange",
        token_type: "Bearer",
      },
      "40003 characters",
    ],
    [
      "a token for another audience",
      {
        access_token: leaked,
        expires_on: "9999999999",
        resource: "api://AzureADTokenExchange",
        token_type: "Bearer",
      },
      "not for api://AzureADTokenExchange",
    ],
  ])("200 with %s is refused before it reaches Entra, without the token", async (_what, body, says) => {
    trust();
    endpoint.failNext(1, { status: 200, body: JSON.stringify(body) });
    const error = await rejectionOf(credentialIn(customerTenant).getToken(SCOPE));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error.message).toContain(says);
    expect(entra.count("token")).toBe(0);
    expectNoSecrets(exposedText(error), [leaked]);
  });

  it("never puts the identity's token in an Entra refusal or a log line", async () => {
    trust({ principalId: identity.clientId });
    const error = await rejectionOf(credentialIn(customerTenant).getToken(SCOPE));
    expect(endpoint.issuedTokens).toHaveLength(1);
    expectNoSecrets([exposedText(error), logs.text()], endpoint.issuedTokens);
  });
});

it("gives no token to a caller that has aborted, not even one msal-node has cached", async () => {
  const provider = managedIdentity({ clientId: identity.clientId, retry: { maxRetries: 0 } });
  await provider.getAssertion({ audience: "api://AzureADTokenExchange" });
  const reason = new Error("the caller gave up");
  const error = await rejectionOf(
    provider.getAssertion({ audience: "api://AzureADTokenExchange", signal: AbortSignal.abort(reason) }),
  );
  expect(error).toBe(reason);
  expect(endpoint.requests).toHaveLength(1);
});

// The contract's "platform" is what the provider reads from its environment: the variable that names
// the identity. Managed identity is never guessed: detect is available exactly when an identity is
// named (and never probes the network), so "off the platform" is an environment naming none. The
// identity endpoint is msal-node's choice from process.env, once per process (this file's IMDS), so
// the contract's variants of the environment cannot remove it; the tests above cover an absent or
// refusing endpoint.
describe("managedIdentity() keeps the provider contract", () => {
  for (const check of providerContract({
    name: "managed-identity",
    create: (env) => managedIdentity({ env, retry: { maxRetries: 0 }, timeoutMs: 5_000 }),
    platformEnv: () => ({ [MANAGED_IDENTITY_CLIENT_ID_ENV]: identity.clientId }),
    // A client id names the identity; it is not a secret. What the endpoint issued is.
    secretVariables: [],
    secrets: () => endpoint.issuedTokens,
  })) {
    it(check.name, check.run);
  }
});

// Issue 20 finding 8 and "also seen": tokens were never checked for expiry (with expires_on=99999999999
// msal-node served the same token past its exp until restart), and a 50 MB answer was reported as an
// endpoint that "could not be reached".
describe("the identity's token is checked against its own exp", () => {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const expiredToken = (audience: string) =>
    `${part({ alg: "RS256", typ: "JWT" })}.${part({
      iss: "https://sts.windows.net/x/",
      sub: "s",
      aud: audience,
      exp: Math.floor(Date.now() / 1000) - 600,
    })}.c2lnbmF0dXJl`;
  const expiredAnswer = (audience: string) =>
    JSON.stringify({
      access_token: expiredToken(audience),
      expires_on: "99999999999",
      resource: audience,
      token_type: "Bearer",
    });
  const AUDIENCE = "api://AzureADTokenExchange";

  it("an expired token that msal-node would cache for good is asked for again, and the fresh one handed out", async () => {
    endpoint.failNext(1, { status: 200, body: expiredAnswer(AUDIENCE) });
    const provider = managedIdentity({ clientId: identity.clientId, retry: { maxRetries: 0 } });
    for (let call = 0; call < 2; call++) {
      const token = await provider.getAssertion({ audience: AUDIENCE });
      const { exp } = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as {
        exp: number;
      };
      expect(exp * 1000).toBeGreaterThan(Date.now());
    }
    expect(endpoint.requests.map((request) => request.status)).toEqual([200, 200]);
  });

  it("an endpoint that only answers expired tokens is refused, saying so", async () => {
    endpoint.failNext(2, { status: 200, body: expiredAnswer(AUDIENCE) });
    const provider = managedIdentity({ clientId: identity.clientId, retry: { maxRetries: 0 } });
    const error = await rejectionOf(provider.getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error.message).toMatch(/a token that expired at .*Z/);
    expectNoSecrets(exposedText(error), [expiredToken(AUDIENCE).split(".")[2] ?? ""]);
  });

  it("a 50 MB answer is reported as too large, not as an endpoint that cannot be reached", async () => {
    endpoint.failNext(1, { hostile: "huge-body", bytes: 50 * 1024 * 1024 });
    const provider = managedIdentity({ clientId: identity.clientId, retry: { maxRetries: 0 } });
    const error = await rejectionOf(provider.getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error).not.toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toContain("1048576 bytes");
    expect(error.message).not.toContain("could not be reached");
  });
});
