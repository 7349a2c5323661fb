import { randomUUID } from "node:crypto";
import { fetch } from "undici";
import { describe, expect, it } from "vitest";
import { startOidcIssuer } from "../src/index";
import {
  clientId,
  entra,
  exchange,
  exchangeAudience,
  expectRefusal,
  issuer,
  jwtBearer,
  mint,
  noFicClientId,
  requestToken,
  scope,
  subject,
  tenantId,
  unregisteredIssuer,
  useEntraEmulatorUnderTest,
} from "./entra-emulator-under-test";

describe("startEntraEmulator", () => {
  useEntraEmulatorUnderTest();

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
});
