import { randomUUID } from "node:crypto";
import { AssertionFetchError, CredentialUnavailableError, HttpRequestError } from "@azfed/core";
import {
  captureAzureLogs,
  claimsOf,
  echoSecret,
  expectNoSecrets,
  expectNoSecretTrace,
  exposedText,
  rejectionOf,
} from "@azfed/testing";
import { describe, expect, it, vi } from "vitest";
import { azurePipelines, azurePipelinesEntraSubject, azurePipelinesSubject } from "../src/index";
import {
  AUDIENCE,
  devops,
  entraConnection,
  errorsSeen,
  failure,
  legacyConnection,
  otherOrigin,
  provider,
  unreferenced,
  useAzureDevOpsEmulators,
} from "./azure-devops-emulators";

describe("azurePipelines()", () => {
  useAzureDevOpsEmulators();

  describe("getAssertion from the OIDC endpoint", () => {
    it("POSTs with api-version 7.1, the service connection, the bearer token and the suppress header", async () => {
      const env = devops.env({ serviceConnectionId: entraConnection.id });
      const token = await provider(env).getAssertion({ audience: AUDIENCE });
      expect(devops.requests).toEqual([
        {
          method: "POST",
          path: new URL(devops.oidcRequestUri).pathname,
          query: { "api-version": "7.1", serviceConnectionId: entraConnection.id },
          contentType: "application/json",
          bearer: true,
          bearerAccepted: true,
          suppressRedirect: true,
        },
      ]);
      expect(claimsOf(token)).toMatchObject({
        iss: devops.issuerOf(entraConnection.id),
        aud: AUDIENCE,
        sub: azurePipelinesEntraSubject({
          tenantId: env.AZURESUBSCRIPTION_TENANT_ID as string,
          organizationId: env.SYSTEM_COLLECTIONID as string,
          serviceConnectionId: entraConnection.id,
        }),
      });
    });

    it("gets legacy-issuer tokens whose subject the builder predicts", async () => {
      const token = await provider(devops.env({ serviceConnectionId: legacyConnection.id })).getAssertion({
        audience: AUDIENCE,
      });
      expect(claimsOf(token)).toMatchObject({
        iss: `${devops.legacyIssuer.url}/${devops.organizationId}`,
        sub: azurePipelinesSubject({
          organization: "contoso",
          project: "Web Platform",
          serviceConnection: "Legacy Subscription",
        }),
      });
    });

    it("fetches a fresh token for every call", async () => {
      const p = provider(devops.env());
      const first = await p.getAssertion({ audience: AUDIENCE });
      const second = await p.getAssertion({ audience: AUDIENCE });
      expect(first).not.toBe(second);
      expect(devops.requests).toHaveLength(2);
    });

    it("takes the service connection from the option, then the ARM_* variables", async () => {
      const base = devops.env({ azureSubscriptionVariables: false });
      await provider(base, { serviceConnectionId: legacyConnection.id.toUpperCase() }).getAssertion({
        audience: AUDIENCE,
      });
      await provider({ ...base, ARM_OIDC_AZURE_SERVICE_CONNECTION_ID: entraConnection.id }).getAssertion({
        audience: AUDIENCE,
      });
      expect(devops.requests.map((request) => request.query.serviceConnectionId)).toEqual([
        legacyConnection.id,
        entraConnection.id,
      ]);
    });

    it("explains an unmapped SYSTEM_ACCESSTOKEN with the YAML line", async () => {
      const error = await failure(
        provider(devops.env({ mapAccessToken: false })).getAssertion({ audience: AUDIENCE }),
      );
      expect(error).toBeInstanceOf(CredentialUnavailableError);
      // The YAML line is shown; core's redaction masks its value in error messages (see the detect test).
      expect(error.message).toContain(
        "map it into the step that runs this code:\nenv:\n  SYSTEM_ACCESSTOKEN: ",
      );
      expect(error.message).toContain("System.AccessToken in macro syntax");
      expect(devops.requests).toHaveLength(0);
    });

    it("explains a refused access token (401)", async () => {
      const env = { ...devops.env(), SYSTEM_ACCESSTOKEN: "not-the-job-token-0123456789" };
      const error = await failure(provider(env).getAssertion({ audience: AUDIENCE }));
      expect(error).toBeInstanceOf(AssertionFetchError);
      expect((error as AssertionFetchError).statusCode).toBe(401);
      expect(error.message).toMatch(
        /answered 401 Unauthorized; expected 200 with JSON \{ "oidcToken": "<OIDC token>" \}\. The access token was refused/,
      );
      expect(exposedText(error)).not.toContain("not-the-job-token-0123456789");
    });

    it("explains 'No service connection found' with the fix", async () => {
      for (const id of [randomUUID(), unreferenced.id]) {
        const error = await failure(
          provider(devops.env(), { serviceConnectionId: id }).getAssertion({ audience: AUDIENCE }),
        );
        expect(error).toBeInstanceOf(AssertionFetchError);
        expect((error as AssertionFetchError).statusCode).toBe(400);
        expect(error.message).toContain(`"No service connection found with identifier ${id}."`);
        expect(error.message).toContain("a task input references in the same stage");
        expect(error.message).toContain(`the serviceConnectionId option (${id})`);
      }
    });

    it("explains the sign-in page served with 203", async () => {
      devops.failNext(1, "html-203");
      const error = await failure(provider(devops.env()).getAssertion({ audience: AUDIENCE }));
      expect((error as AssertionFetchError).statusCode).toBe(203);
      expect(error.message).toMatch(
        /answered 203 .*with an HTML page .*203 Non-Authoritative Information.*SYSTEM_ACCESSTOKEN/,
      );
    });

    it("never follows a redirect to another origin, so the access token stays home", async () => {
      otherOrigin.failNext(1, { status: 302, headers: { location: `${otherOrigin.signInUrl}?reply_to=x` } });
      const error = await failure(
        azurePipelines({ env: otherOrigin.env(), dispatcher: otherOrigin.dispatcher }).getAssertion({
          audience: AUDIENCE,
        }),
      );
      expect((error as AssertionFetchError).statusCode).toBe(302);
      expect(error.message).toContain(
        `a redirect to another origin (${new URL(otherOrigin.signInUrl).origin})`,
      );
      expect(error.message).toContain(
        "Azure DevOps redirects to its sign-in page when it does not accept the access token",
      );
      expect(otherOrigin.signInRequests).toEqual([]);
    });

    it("reports the HTML page a same-origin redirect leads to", async () => {
      devops.failNext(1, { status: 302, headers: { location: devops.signInUrl } });
      const error = await failure(provider(devops.env()).getAssertion({ audience: AUDIENCE }));
      expect((error as AssertionFetchError).statusCode).toBe(200);
      expect(error.message).toMatch(/with an HTML page .*\. This is Azure DevOps' sign-in page: /);
      expect(devops.signInRequests).toHaveLength(1);
    });

    // What core's readPlatformToken says of each answer is tested once, in core; here, the token's
    // field and the provider's own advice.
    it.each([
      [
        { status: 200, body: '{"value":"x"}' },
        /with JSON without a non-empty "oidcToken" string \(fields: value\): "x"/,
      ],
      [
        {
          status: 400,
          body: JSON.stringify({
            count: 1,
            value:
              "There is no explicit reference to service connection 0b6fd8a5-4c40-4e3a-9f08-4f49e2a0e5a1 from current stage Deploy.",
          }),
        },
        /"There is no explicit reference to service connection [^"]+"; expected 200 .*\. Azure DevOps issues tokens only for a service connection that a task input references in the same stage/,
      ],
      [
        { status: 404, body: '{"message":"gone","typeKey":"X"}' },
        /answered 404 Not Found: "gone"; expected 200 .*\. Azure DevOps' error type: X$/,
      ],
    ])("explains a bad answer (%j)", async (fault, expected) => {
      devops.failNext(1, fault);
      const error = await failure(provider(devops.env()).getAssertion({ audience: AUDIENCE }));
      expect(error).toBeInstanceOf(AssertionFetchError);
      expect(error.message).toMatch(expected);
    });

    it("retries 5xx answers, then reports the last one", async () => {
      devops.failNext(1, { status: 503, headers: { "retry-after": "0" } });
      expect(await provider(devops.env()).getAssertion({ audience: AUDIENCE })).toMatch(/^eyJ/);
      expect(devops.requests).toHaveLength(2);
      devops.reset();
      devops.failNext(3, "server-error");
      const error = await failure(provider(devops.env()).getAssertion({ audience: AUDIENCE }));
      expect((error as AssertionFetchError).statusCode).toBe(500);
      expect(error.message).toContain('"TF400898: An Internal Error Occurred."');
      expect(devops.requests).toHaveLength(3);
    });

    it("reports an unreachable endpoint with the cause", async () => {
      const env = { ...devops.env(), SYSTEM_OIDCREQUESTURI: "https://127.0.0.1:1/contoso/oidctoken" };
      const error = await failure(provider(env, { timeoutMs: 2_000 }).getAssertion({ audience: AUDIENCE }));
      expect(error).toBeInstanceOf(AssertionFetchError);
      expect(error.message).toContain(
        "the OIDC endpoint at https://127.0.0.1:1/contoso/oidctoken gave no usable answer",
      );
      expect(error.cause).toBeInstanceOf(HttpRequestError);
    });

    it("a malformed header echoing the request leaves no trace of SYSTEM_ACCESSTOKEN (issue 20)", async () => {
      devops.failNext(3, { hostile: "malformed-header" });
      const env = devops.env();
      const error = await failure(provider(env).getAssertion({ audience: AUDIENCE }));
      expect(error).toBeInstanceOf(AssertionFetchError);
      expectNoSecretTrace(error, [env.SYSTEM_ACCESSTOKEN ?? ""]);
    });

    it("honours the abort signal", async () => {
      devops.setLatency(2_000);
      const controller = new AbortController();
      const pending = provider(devops.env()).getAssertion({ audience: AUDIENCE, signal: controller.signal });
      // Abort once the emulator holds the request: a fixed 50 ms could pass before it arrived on a
      // loaded machine, and the request would then land in a later test's log.
      await vi.waitFor(() => expect(devops.requests).toHaveLength(1), { timeout: 20_000 });
      controller.abort();
      const error = await failure(pending);
      expect(error).toBeInstanceOf(HttpRequestError);
      expect((error as HttpRequestError).reason).toBe("aborted");
      devops.setLatency(0);
    });
  });

  it("never puts the access token or a token in an error or a log line", async () => {
    const logs = captureAzureLogs();
    let token = "";
    try {
      token = await provider(devops.env()).getAssertion({ audience: AUDIENCE });
      devops.failNext(1, "html-203");
      errorsSeen.push(await rejectionOf(provider(devops.env()).getAssertion({ audience: AUDIENCE })));
      // The access token echoed back, in the words the provider's own advice reads, and \u-escaped.
      for (const echo of [
        (token: string) => JSON.stringify({ value: `No service connection found: ${token}` }),
        (token: string) => `{"message":"${echoSecret(token, "escaped")}"}`,
      ]) {
        devops.failNext(1, {
          hostile: "echo",
          status: 400,
          body: (request) => echo(String(request.headers.authorization).replace(/^Bearer /, "")),
        });
        errorsSeen.push(await rejectionOf(provider(devops.env()).getAssertion({ audience: AUDIENCE })));
      }
      errorsSeen.push(
        await rejectionOf(
          provider({ ...devops.env(), SYSTEM_ACCESSTOKEN: "wrong-token-abcdefgh" }).getAssertion({
            audience: AUDIENCE,
          }),
        ),
      );
    } finally {
      logs.restore();
    }
    const text = logs.text();
    expect(text).toContain("azure-pipelines: POST");
    expect(text).toContain("got an OIDC token for service connection");
    expectNoSecrets(text, [devops.accessToken, token]);
    expect(errorsSeen.length).toBeGreaterThan(10);
    expectNoSecrets(errorsSeen.map(exposedText), [
      devops.accessToken,
      otherOrigin.accessToken,
      "wrong-token-abcdefgh",
      /eyJ[A-Za-z0-9_-]+\.eyJ/,
    ]);
  });
});
