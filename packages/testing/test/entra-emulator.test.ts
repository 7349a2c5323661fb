import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { fetch } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type EntraEmulator,
  type EntraErrorBody,
  type EntraTokenResponse,
  InvalidEmulatorOptionError,
  type MintOptions,
  type OidcIssuer,
  startEntraEmulator,
  startOidcIssuer,
} from "../src/index";

const tenantId = "3c1f0b2a-8d4e-4f6a-9b7c-1d2e3f4a5b6c";
const otherTenantId = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const clientId = "5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
const noFicClientId = "6c5b4a3d-2e1f-4b0a-9d8c-7f6e5d4c3b2a";
const multiTenantClientId = "7d6c5b4a-3f2e-4c1b-8a9d-0e1f2a3b4c5d";
const subject = "repo:contoso/app:environment:prod";
const exchangeAudience = "api://AzureADTokenExchange";
const scope = "https://management.azure.com/.default";
const jwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

describe("startEntraEmulator", () => {
  let entra: EntraEmulator;
  let issuer: OidcIssuer;
  let unregisteredIssuer: OidcIssuer;

  beforeAll(async () => {
    [issuer, unregisteredIssuer] = await Promise.all([
      startOidcIssuer({ path: "/_services/token" }),
      startOidcIssuer({ path: "/unregistered" }),
    ]);
    entra = await startEntraEmulator({
      applications: [
        {
          clientId,
          tenantId,
          federatedCredentials: [
            { name: "prod", issuer: issuer.issuer, subject, audiences: [exchangeAudience] },
          ],
        },
        { clientId: noFicClientId, tenantId },
        {
          clientId: multiTenantClientId,
          tenantId,
          multiTenant: true,
          federatedCredentials: [
            { name: "prod", issuer: issuer.issuer, subject, audiences: [exchangeAudience] },
          ],
        },
      ],
    });
  });
  afterEach(() => entra.reset());
  afterAll(async () => {
    await entra.close();
    await issuer.close();
    await unregisteredIssuer.close();
  });

  const mint = (claims: Record<string, unknown> = {}, options?: MintOptions, from = issuer) =>
    from.mint({ sub: subject, aud: exchangeAudience, ...claims }, options);

  async function requestToken(
    fields: Record<string, string | undefined>,
    options: { tenant?: string; headers?: Record<string, string> } = {},
  ) {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.set(name, value);
    const response = await fetch(`${entra.url}/${options.tenant ?? tenantId}/oauth2/v2.0/token`, {
      method: "POST",
      body: form,
      headers: options.headers,
      dispatcher: entra.dispatcher,
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text === "" ? undefined : (JSON.parse(text) as unknown),
    };
  }

  const exchange = async (
    assertion: string,
    overrides: Record<string, string | undefined> = {},
    tenant?: string,
  ) =>
    requestToken(
      {
        grant_type: "client_credentials",
        client_id: clientId,
        scope,
        client_assertion_type: jwtBearer,
        client_assertion: assertion,
        ...overrides,
      },
      { tenant },
    );

  function expectRefusal(
    result: { status: number; body: unknown },
    expected: { code: number; error: string; status: number; message?: RegExp },
  ): EntraErrorBody {
    const body = result.body as EntraErrorBody;
    expect({ status: result.status, error: body.error, error_codes: body.error_codes }).toEqual({
      status: expected.status,
      error: expected.error,
      error_codes: [expected.code],
    });
    expect(body.error_description).toMatch(
      new RegExp(
        `^AADSTS${expected.code}: .+ Trace ID: ${body.trace_id} Correlation ID: ${body.correlation_id} Timestamp: ${body.timestamp}$`,
        "s",
      ),
    );
    if (expected.message) expect(body.error_description).toMatch(expected.message);
    expect(body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
    expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.error_uri).toBe(`${entra.url}/error?code=${expected.code}`);
    return body;
  }

  describe("a successful exchange", () => {
    it("returns an Entra-shaped token response and a v1 app token for the scope's resource", async () => {
      const result = await exchange(await mint());
      expect(result.status).toBe(200);
      const body = result.body as EntraTokenResponse;
      expect(Object.keys(body)).toEqual(["token_type", "expires_in", "ext_expires_in", "access_token"]);
      expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599 });
      expect(result.headers.get("cache-control")).toBe("no-store, no-cache");
      const claims = await entra.verifyAccessToken(body.access_token);
      expect(claims).toMatchObject({
        aud: "https://management.azure.com",
        iss: `https://sts.windows.net/${tenantId}/`,
        appid: clientId,
        tid: tenantId,
        ver: "1.0",
        idtyp: "app",
      });
      expect(claims.oid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(claims.sub).toBe(claims.oid);
      expect((claims.exp as number) - (claims.iat as number)).toBe(3599);
      expect(claims.nbf).toBe(claims.iat);
      expect(claims.xms_cc).toBeUndefined();
    });

    it("sends refresh_in (half the lifetime) only for lifetimes over two hours", async () => {
      entra.setTokenLifetime(86_399);
      try {
        const body = (await exchange(await mint())).body as EntraTokenResponse;
        expect(body.expires_in).toBe(86_399);
        expect(body.refresh_in).toBe(43_199);
        entra.setTokenLifetime(7200);
        expect(((await exchange(await mint())).body as EntraTokenResponse).refresh_in).toBeUndefined();
      } finally {
        entra.setTokenLifetime(3599);
      }
    });

    it("adds xms_cc when the claims parameter asks for client capabilities (CAE)", async () => {
      const result = await exchange(await mint(), {
        claims: JSON.stringify({ access_token: { xms_cc: { values: ["cp1"] } } }),
      });
      const claims = decodeJwt((result.body as EntraTokenResponse).access_token);
      expect(claims.xms_cc).toEqual(["cp1"]);
    });

    it("lets a multi-tenant app get tokens in another tenant, and refuses a single-tenant one (700016)", async () => {
      const multi = await exchange(await mint(), { client_id: multiTenantClientId }, otherTenantId);
      expect(multi.status).toBe(200);
      expect(decodeJwt((multi.body as EntraTokenResponse).access_token).tid).toBe(otherTenantId);
      const single = await exchange(await mint(), {}, otherTenantId);
      expectRefusal(single, {
        code: 700016,
        error: "unauthorized_client",
        status: 400,
        message: new RegExp(
          `Application with identifier '${clientId}' was not found in the directory '${otherTenantId}'`,
        ),
      });
    });

    it("accepts tokens signed by a rotated key (refetching the JWKS once for an unknown key id)", async () => {
      expect((await exchange(await mint())).status).toBe(200);
      const fetchesBefore = issuer.count("keys");
      await issuer.rotateKeys();
      expect((await exchange(await mint())).status).toBe(200);
      expect(issuer.count("keys")).toBe(fetchesBefore + 1);
      expect((await exchange(await mint())).status).toBe(200);
      expect(issuer.count("keys")).toBe(fetchesBefore + 1);
    });
  });

  describe("refusals, each produced by the situation that causes it", () => {
    it("700211 when no federated credential has the assertion's issuer", async () => {
      const body = expectRefusal(await exchange(await mint({}, {}, unregisteredIssuer)), {
        code: 700211,
        error: "invalid_client",
        status: 401,
        message: new RegExp(`presented assertion issuer '${unregisteredIssuer.issuer}'`),
      });
      expect(body.error_description).toContain(
        "Check your federated identity credential Subject, Audience and Issuer",
      );
      expect(unregisteredIssuer.count("openid-configuration")).toBe(0);
    });

    it("700211 when the issuer differs only by a trailing slash", async () => {
      const assertion = await mint({ iss: `${issuer.issuer}/` });
      expectRefusal(await exchange(assertion), { code: 700211, error: "invalid_client", status: 401 });
    });

    it("matches an issuer with a trailing slash exactly (AKS style), discovering under it", async () => {
      const aks = await startOidcIssuer({ path: "/westeurope/tenant/cluster", trailingSlash: true });
      try {
        const aksClientId = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";
        entra.addApplication({
          clientId: aksClientId,
          tenantId,
          kind: "managedIdentity",
          federatedCredentials: [{ name: "aks", issuer: aks.issuer, subject, audiences: [exchangeAudience] }],
        });
        expect((await exchange(await mint({}, {}, aks), { client_id: aksClientId })).status).toBe(200);
        const withoutSlash = await mint({ iss: aks.issuer.slice(0, -1) }, {}, aks);
        expectRefusal(await exchange(withoutSlash, { client_id: aksClientId }), {
          code: 700211,
          error: "invalid_client",
          status: 401,
        });
      } finally {
        await aks.close();
      }
    });

    it("700213 when the subject does not match", async () => {
      expectRefusal(await exchange(await mint({ sub: "repo:contoso/app:environment:staging" })), {
        code: 700213,
        error: "invalid_client",
        status: 401,
        message: /presented assertion subject 'repo:contoso\/app:environment:staging'/,
      });
    });

    it("7002138 when the subject matches only ignoring case", async () => {
      expectRefusal(await exchange(await mint({ sub: "repo:Contoso/App:environment:prod" })), {
        code: 7002138,
        error: "invalid_client",
        status: 401,
        message: /matches with case-insensitive comparison, but not with case-sensitive comparison/,
      });
    });

    it("700212 when the audience does not match", async () => {
      expectRefusal(await exchange(await mint({ aud: "api://AzureADTokenExchangeUSGov" })), {
        code: 700212,
        error: "invalid_client",
        status: 401,
        message: /presented assertion audience 'api:\/\/AzureADTokenExchangeUSGov'/,
      });
    });

    it("700024 when the assertion has expired or is not yet valid", async () => {
      expectRefusal(await exchange(await mint({}, { expired: true })), {
        code: 700024,
        error: "invalid_client",
        status: 401,
        message:
          /Client assertion is not within its valid time range\. Current time: \d{4}-\d\d-\d\dT[\d:.]{16}Z, assertion valid from .+, expiry time of assertion .+\./,
      });
      expectRefusal(await exchange(await mint({}, { notYetValid: true })), {
        code: 700024,
        error: "invalid_client",
        status: 401,
      });
    });

    it("accepts an assertion that expired less than Entra's clock skew ago", async () => {
      const now = Math.floor(Date.now() / 1000);
      const assertion = await mint({}, { issuedAt: now - 300 - 60, lifetimeSeconds: 300 });
      expect((await exchange(assertion)).status).toBe(200);
    });

    it("700027 when the signature does not verify", async () => {
      expectRefusal(await exchange(await mint({}, { wrongKey: true })), {
        code: 700027,
        error: "invalid_client",
        status: 401,
      });
    });

    it("700016 when the application is not registered", async () => {
      expectRefusal(await exchange(await mint(), { client_id: randomUUID() }), {
        code: 700016,
        error: "unauthorized_client",
        status: 400,
      });
    });

    it("70025 when the application has no federated credentials", async () => {
      expectRefusal(await exchange(await mint(), { client_id: noFicClientId }), {
        code: 70025,
        error: "invalid_client",
        status: 401,
        message: new RegExp(`'${noFicClientId}' has no configured federated identity credentials`),
      });
    });

    it("50027 when the assertion is not a JWT", async () => {
      for (const garbage of ["not-a-jwt", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "a.b.c"]) {
        expectRefusal(await exchange(garbage), {
          code: 50027,
          error: "invalid_request",
          status: 400,
          message: /JWT token is invalid or malformed/,
        });
      }
    });

    it("90061 when the issuer's discovery document cannot be fetched", async () => {
      const gone = await startOidcIssuer({ path: "/gone" });
      entra.addApplication({
        clientId: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        tenantId,
        federatedCredentials: [{ name: "gone", issuer: gone.issuer, subject, audiences: [exchangeAudience] }],
      });
      const assertion = await mint({}, {}, gone);
      await gone.close();
      expectRefusal(await exchange(assertion, { client_id: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" }), {
        code: 90061,
        error: "invalid_request",
        status: 400,
        message: /Request to External OIDC endpoint failed\./,
      });
    });

    it("90061 when the issuer answers its discovery document with a server error", async () => {
      const flaky = await startOidcIssuer({ path: "/flaky" });
      try {
        entra.addFederatedCredential(clientId, {
          name: "flaky",
          issuer: flaky.issuer,
          subject,
          audiences: [exchangeAudience],
        });
        flaky.failNext(1, { status: 503 });
        expectRefusal(await exchange(await mint({}, {}, flaky)), {
          code: 90061,
          error: "invalid_request",
          status: 400,
        });
      } finally {
        await flaky.close();
      }
    });

    it("900144 naming each missing required parameter", async () => {
      const complete = {
        grant_type: "client_credentials",
        client_id: clientId,
        scope,
        client_assertion_type: jwtBearer,
        client_assertion: await mint(),
      };
      for (const name of ["grant_type", "client_id", "scope", "client_assertion_type"] as const) {
        expectRefusal(await requestToken({ ...complete, [name]: undefined }), {
          code: 900144,
          error: "invalid_request",
          status: 400,
          message: new RegExp(`The request body must contain the following parameter: '${name}'\\.`),
        });
      }
      expectRefusal(
        await requestToken({ ...complete, client_assertion: undefined, client_assertion_type: undefined }),
        {
          code: 7000218,
          error: "invalid_client",
          status: 401,
        },
      );
    });

    it("refuses other grant types, assertion types, and scopes without /.default", async () => {
      expectRefusal(await exchange(await mint(), { grant_type: "password" }), {
        code: 70003,
        error: "unsupported_grant_type",
        status: 400,
      });
      expectRefusal(await exchange(await mint(), { client_assertion_type: "urn:example:saml" }), {
        code: 90011,
        error: "invalid_request",
        status: 400,
      });
      expectRefusal(
        await exchange(await mint(), { scope: "https://management.azure.com/user_impersonation" }),
        {
          code: 1002012,
          error: "invalid_scope",
          status: 400,
        },
      );
      expectRefusal(
        await exchange(await mint(), { scope: `${scope} https://graph.microsoft.com/.default` }),
        {
          code: 70011,
          error: "invalid_scope",
          status: 400,
        },
      );
    });

    it("900561 for a GET to the token endpoint", async () => {
      const response = await fetch(`${entra.url}/${tenantId}/oauth2/v2.0/token`, {
        dispatcher: entra.dispatcher,
      });
      expectRefusal(
        { status: response.status, body: await response.json() },
        {
          code: 900561,
          error: "invalid_request",
          status: 400,
        },
      );
    });

    it("echoes a GUID client-request-id as the correlation id", async () => {
      const correlationId = randomUUID();
      const result = await requestToken(
        { grant_type: "client_credentials", client_id: clientId, scope },
        { headers: { "client-request-id": correlationId } },
      );
      const body = expectRefusal(result, { code: 7000218, error: "invalid_client", status: 401 });
      expect(body.correlation_id).toBe(correlationId);
      expect(result.headers.get("client-request-id")).toBe(correlationId);
      expect(result.headers.get("x-ms-request-id")).toBe(body.trace_id);
      expect(entra.requests.at(-1)?.correlationId).toBe(correlationId);
    });
  });

  describe("registration checks", () => {
    it("refuses credentials Entra would refuse, naming the field and the fix", () => {
      const base = { name: "ok-name", issuer: issuer.issuer, subject: "s", audiences: [exchangeAudience] };
      const attempts: [Record<string, unknown>, RegExp][] = [
        [{ ...base, name: "x" }, /federatedCredentials\[0\]\.name/],
        [{ ...base, audiences: [] }, /federatedCredentials\[0\]\.audiences.*exactly one audience/],
        [{ ...base, audiences: ["a", "b"] }, /exactly one audience/],
        [{ ...base, subject: "x".repeat(601) }, /federatedCredentials\[0\]\.subject.*600/],
        [{ ...base, subject: undefined }, /exactly one of subject and claimsMatchingExpression/],
      ];
      for (const [credential, message] of attempts) {
        const attempt = () =>
          entra.addApplication({
            clientId: "4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a",
            federatedCredentials: [credential as never],
          });
        expect(attempt).toThrow(InvalidEmulatorOptionError);
        expect(attempt).toThrow(message);
      }
      const twentyOne = Array.from({ length: 21 }, (_, index) => ({
        ...base,
        name: `fic-${index}`,
        subject: `s${index}`,
      }));
      expect(() =>
        entra.addApplication({
          clientId: "4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a",
          federatedCredentials: twentyOne,
        }),
      ).toThrow(/at most 20 federated credentials/);
      expect(() => entra.addFederatedCredential(randomUUID(), base)).toThrow(/call addApplication/);
    });

    it("loads applications from a JSON config file", async () => {
      const directory = mkdtempSync(join(tmpdir(), "azfed-entra-config-"));
      try {
        const configFile = join(directory, "entra.json");
        const configClientId = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b";
        writeFileSync(
          configFile,
          JSON.stringify({
            applications: [
              {
                clientId: configClientId,
                tenantId,
                federatedCredentials: [
                  { name: "from-file", issuer: issuer.issuer, subject, audiences: [exchangeAudience] },
                ],
              },
            ],
          }),
        );
        const fromFile = await startEntraEmulator({ configFile });
        try {
          const response = await fetch(`${fromFile.url}/${tenantId}/oauth2/v2.0/token`, {
            method: "POST",
            dispatcher: fromFile.dispatcher,
            body: new URLSearchParams({
              grant_type: "client_credentials",
              client_id: configClientId,
              scope,
              client_assertion_type: jwtBearer,
              client_assertion: await mint(),
            }),
          });
          expect(response.status).toBe(200);
        } finally {
          await fromFile.close();
        }
        writeFileSync(
          configFile,
          JSON.stringify({
            applications: [{ clientId: configClientId, federatedCredentials: [{ name: "x" }] }],
          }),
        );
        await expect(startEntraEmulator({ configFile })).rejects.toThrow(
          /configFile .*entra\.json applications\[0\]\.federatedCredentials\[0\]\.name/,
        );
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    });
  });

  describe("for tests: request log, counts, faults, latency", () => {
    it("logs requests with the assertion redacted everywhere", async () => {
      const assertion = await mint();
      await exchange(assertion);
      await exchange(assertion, { client_secret: "s3cr3t-value" });
      const serialized = JSON.stringify(entra.requests);
      expect(serialized).not.toContain(assertion);
      expect(serialized).not.toContain(assertion.split(".")[2]);
      expect(serialized).not.toContain("s3cr3t-value");
      const [first] = entra.requests;
      expect(first).toMatchObject({
        method: "POST",
        path: `/${tenantId}/oauth2/v2.0/token`,
        endpoint: "token",
        status: 200,
        injected: false,
      });
      expect(first?.form).toEqual({
        grant_type: "client_credentials",
        client_id: clientId,
        scope,
        client_assertion_type: jwtBearer,
        client_assertion: "[REDACTED]",
      });
      expect(first?.assertionClaims).toMatchObject({
        sub: subject,
        aud: exchangeAudience,
        iss: issuer.issuer,
      });
      expect(entra.requests[1]).toMatchObject({ status: 401, errorCode: 7000215 });
    });

    it("counts requests per endpoint and reset() clears the log and counts", async () => {
      await fetch(`${entra.url}/${tenantId}/v2.0/.well-known/openid-configuration`, {
        dispatcher: entra.dispatcher,
      });
      await fetch(`${entra.url}/${tenantId}/discovery/v2.0/keys`, { dispatcher: entra.dispatcher });
      await exchange(await mint());
      expect([
        entra.count("openid-configuration"),
        entra.count("keys"),
        entra.count("token"),
        entra.count("instance-discovery"),
      ]).toEqual([1, 1, 1, 0]);
      entra.reset();
      expect(entra.count("token")).toBe(0);
      expect(entra.requests).toEqual([]);
    });

    it("answers 429 with Retry-After, then succeeds for a client that waits and retries", async () => {
      entra.failNext(1, {
        status: 429,
        headers: { "Retry-After": "1" },
        body: '{"error":"temporarily_unavailable"}',
      });
      const assertion = await mint();
      const first = await exchange(assertion);
      expect(first.status).toBe(429);
      expect(first.headers.get("retry-after")).toBe("1");
      expect(first.body).toEqual({ error: "temporarily_unavailable" });
      const waitMs = Number(first.headers.get("retry-after")) * 1000;
      const started = Date.now();
      await new Promise((done) => setTimeout(done, waitMs));
      const second = await exchange(assertion);
      expect(Date.now() - started).toBeGreaterThanOrEqual(waitMs - 5);
      expect(second.status).toBe(200);
      expect(entra.requests.map((request) => [request.status, request.injected])).toEqual([
        [429, true],
        [200, false],
      ]);
      expect(entra.count("token")).toBe(2);
    });

    it("injects faults on the token endpoint by default, or on a chosen endpoint", async () => {
      entra.failNext(2, { status: 503 });
      const discovery = await fetch(`${entra.url}/${tenantId}/v2.0/.well-known/openid-configuration`, {
        dispatcher: entra.dispatcher,
      });
      expect(discovery.status).toBe(200);
      expect((await exchange(await mint())).status).toBe(503);
      expect((await exchange(await mint())).status).toBe(503);
      expect((await exchange(await mint())).status).toBe(200);
      entra.failNext(1, { status: 500 }, "openid-configuration");
      const failed = await fetch(`${entra.url}/${tenantId}/v2.0/.well-known/openid-configuration`, {
        dispatcher: entra.dispatcher,
      });
      expect(failed.status).toBe(500);
    });

    it("drops the connection when asked", async () => {
      entra.failNext(1, { drop: true });
      await expect(exchange(await mint())).rejects.toThrow();
      expect(entra.requests.at(-1)).toMatchObject({ status: 0, injected: true });
      expect((await exchange(await mint())).status).toBe(200);
    });

    it("adds latency", async () => {
      entra.setLatency(150);
      const started = Date.now();
      await fetch(`${entra.url}/${tenantId}/discovery/v2.0/keys`, { dispatcher: entra.dispatcher });
      expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    });

    it("refuses a bad fault or lifetime with a clear error", () => {
      expect(() => entra.failNext(0, { status: 500 })).toThrow(/count.*positive integer/);
      expect(() => entra.failNext(1, { status: 42 })).toThrow(/response.*100\.\.599/);
      expect(() => entra.setTokenLifetime(1.5)).toThrow(/tokenLifetimeSeconds/);
    });
  });
});
