import { captureAzureLogs } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { createMsalTokenExchange } from "../src/credential/msal-exchange";
import { AuthenticationError } from "../src/diagnosis/authentication-error";
import { HttpRequestError } from "../src/http/http-request-error";
import { type Federation, SCOPE, useFederation } from "./federation-fixture";

// The lines the exchange itself (credential/msal-exchange.ts) writes: a refused token request at the
// info level, its timing and the token request's own lines at the verbose level.

let federation: Federation;

useFederation((started) => {
  federation = started;
});

const ENTRA_CORRELATION_ID = "0b6a1d1e-2222-4c3b-9d7f-000000000002";

/** Entra's JSON refusal with these AADSTS codes, and Entra's correlation id when `withCorrelationId`. */
function refusal(codes: readonly number[], withCorrelationId: boolean) {
  return {
    status: 401,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      error: "invalid_client",
      error_description: codes.map((code) => `AADSTS${code}: refused.`).join(" "),
      error_codes: codes,
      ...(withCorrelationId ? { correlation_id: ENTRA_CORRELATION_ID } : {}),
    }),
  };
}

/** What `run` throws and the exchange's log lines at `level`. */
async function failureOf(
  run: () => Promise<unknown>,
  level: "info" | "verbose" = "info",
): Promise<{ error: unknown; lines: string[] }> {
  const logs = captureAzureLogs({ level });
  let error: unknown;
  try {
    error = await run().then(
      () => undefined,
      (caught: unknown) => caught,
    );
  } finally {
    logs.restore();
  }
  return { error, lines: logs.lines.filter((line) => line.includes("FederatedTokenCredential")) };
}

/**
 * One exchange with this `claims` challenge, made by `createMsalTokenExchange` itself: the credential
 * refuses a challenge that is not a JSON object of objects before any exchange (`checkClaimsChallenge`),
 * so only a direct caller can hand msal-node one it refuses.
 */
function exchangeWithClaims(claims: string): Promise<unknown> {
  const exchange = createMsalTokenExchange({
    clientId: federation.clientId,
    tenantId: federation.tenantId,
    provider: { name: "test-platform", getAssertion: (context) => federation.assertion(context) },
    authorityHost: federation.entra.url,
    cloud: undefined,
    audience: "api://AzureADTokenExchange",
    audienceChosen: false,
    disableInstanceDiscovery: false,
    dispatcher: federation.entra.dispatcher,
    timeoutMs: 30_000,
    clock: Date.now,
  });
  return exchange({
    scopes: [SCOPE],
    tenantId: federation.tenantId,
    enableCae: true,
    claims,
    signal: new AbortController().signal,
    deadline: Date.now() + 30_000,
  });
}

const failedLine = (lines: readonly string[]) =>
  lines.filter((line) => line.includes("FederatedTokenCredential: token request for tenant"));

describe("the info line of a refused token request", () => {
  it("names the tenant, client id, status, error, AADSTS code and Entra's correlation id", async () => {
    federation.entra.failNext(1, refusal([700213], true));
    const { error, lines } = await failureOf(() => federation.credential().getToken(SCOPE));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(failedLine(lines)).toEqual([
      `azure:azfed:info FederatedTokenCredential: token request for tenant ${federation.tenantId}, client id ${federation.clientId} failed: ` +
        `401 invalid_client (AADSTS700213) correlation id ${ENTRA_CORRELATION_ID}`,
    ]);
  });

  it("joins two AADSTS codes, and names the correlation id sent when Entra's answer has none", async () => {
    federation.entra.failNext(1, refusal([700213, 50027], false));
    const { lines } = await failureOf(() => federation.credential().getToken(SCOPE));
    const [request] = federation.entra.requests.filter((recorded) => recorded.endpoint === "token");
    const sent = request?.headers["client-request-id"];
    expect(sent).toMatch(/^[0-9a-f-]{36}$/);
    expect(failedLine(lines)).toEqual([
      `azure:azfed:info FederatedTokenCredential: token request for tenant ${federation.tenantId}, client id ${federation.clientId} failed: ` +
        `401 invalid_client (AADSTS700213, AADSTS50027) correlation id ${sent}`,
    ]);
  });

  it("says `no answer` without codes when MSAL refused the request before sending it (a claims challenge that is not JSON)", async () => {
    const { error, lines } = await failureOf(() => exchangeWithClaims("not json"));
    expect(federation.entra.count("token")).toBe(0);
    expect(error).toBeInstanceOf(AuthenticationError);
    const refused = error as AuthenticationError;
    expect(refused.errorCode).toBe("invalid_claims");
    expect(refused.statusCode).toBeUndefined();
    expect(refused.aadsts).toEqual([]);
    expect(refused.errorDescription).toMatch(/^MSAL could not complete the token request: invalid_claims: /);
    expect(refused.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(failedLine(lines)).toEqual([
      `azure:azfed:info FederatedTokenCredential: token request for tenant ${federation.tenantId}, client id ${federation.clientId} failed: ` +
        `no answer invalid_claims correlation id ${refused.correlationId}`,
    ]);
  });

  it("calls an MSAL failure without an error code `client_error` and keeps its message", async () => {
    // An `id_token` request that is no object: msal-node's merge of its default claims fails with a TypeError.
    const { error, lines } = await failureOf(() => exchangeWithClaims('{"id_token":1}'));
    expect(federation.entra.count("token")).toBe(0);
    const refused = error as AuthenticationError;
    expect(refused).toBeInstanceOf(AuthenticationError);
    expect(refused.errorCode).toBe("client_error");
    expect(refused.errorDescription).toMatch(/^MSAL could not complete the token request: \S/);
    expect(refused.errorDescription).not.toContain("it returned no access token");
    expect(failedLine(lines)).toEqual([
      `azure:azfed:info FederatedTokenCredential: token request for tenant ${federation.tenantId}, client id ${federation.clientId} failed: ` +
        `no answer client_error correlation id ${refused.correlationId}`,
    ]);
  });

  it("writes no such line for a network failure, which is thrown as it is", async () => {
    federation.entra.failNext(1, { drop: true });
    const { error, lines } = await failureOf(
      () => federation.credential({ retry: { maxRetries: 0 } }).getToken(SCOPE),
      "verbose",
    );
    expect(error).toBeInstanceOf(HttpRequestError);
    expect(failedLine(lines)).toEqual([]);
    // The token request's own line names its caller.
    expect(lines.join("\n")).toMatch(
      /azfed:verbose FederatedTokenCredential token request: https:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]+\/oauth2\/v2\.0\/token gave network error /,
    );
  });
});

describe("the verbose lines of a token", () => {
  it("times the assertion and setup and the token request, and forwards none of MSAL's lines", async () => {
    const logs = captureAzureLogs({ level: "verbose" });
    const started = performance.now();
    try {
      await federation.credential().getToken(SCOPE);
    } finally {
      logs.restore();
    }
    const elapsed = performance.now() - started;
    const [request] = federation.entra.requests.filter((recorded) => recorded.endpoint === "token");
    const timing = logs.lines.filter((line) => line.includes("assertion and setup"));
    expect(timing).toHaveLength(1);
    const match =
      /^azure:azfed:verbose FederatedTokenCredential: tenant (\S+): assertion and setup (\d+) ms, token request (\d+) ms \(correlation id (\S+)\)$/.exec(
        timing[0] ?? "",
      );
    expect(match?.[1]).toBe(federation.tenantId);
    expect(Number(match?.[2])).toBeLessThanOrEqual(elapsed + 1);
    expect(Number(match?.[3])).toBeLessThanOrEqual(elapsed + 1);
    expect(Number(match?.[3])).toBeGreaterThanOrEqual(0);
    expect(match?.[4]).toBe(request?.headers["client-request-id"]);
    expect(logs.text()).toMatch(
      /azfed:verbose FederatedTokenCredential token request: POST https:\/\/127\.0\.0\.1:\d+\/\S+\/oauth2\/v2\.0\/token -> 200 in \d+ ms/,
    );
    // msal-node's only warning in an app-token exchange ("No client info in response") is not news.
    expect(logs.lines.filter((line) => line.includes("msal: "))).toEqual([]);
  });
});
