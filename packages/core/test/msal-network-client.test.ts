import { describe, expect, it } from "vitest";
import { MsalNetworkClient } from "../src/credential/msal-network-client";
import { HttpRequestError } from "../src/http/http-request-error";
import { type Federation, useFederation } from "./federation-fixture";

let federation: Federation;

useFederation((started) => {
  federation = started;
});

const tokenUrl = () => `${federation.entra.url}/${federation.tenantId}/oauth2/v2.0/token`;
const form = "grant_type=client_credentials&client_id=x&scope=https%3A%2F%2Fa%2F.default";

function network(options: ConstructorParameters<typeof MsalNetworkClient>[0] = {}): MsalNetworkClient {
  return new MsalNetworkClient({
    dispatcher: federation.entra.dispatcher,
    retry: { baseDelayMs: 5 },
    ...options,
  });
}

describe("MsalNetworkClient (MSAL's network hook over undici)", () => {
  it("GETs JSON through the dispatcher, with lower-case header names", async () => {
    const response = await network().sendGetRequestAsync<{ token_endpoint: string }>(
      `${federation.entra.url}/${federation.tenantId}/v2.0/.well-known/openid-configuration`,
    );
    expect(response.status).toBe(200);
    expect(response.body.token_endpoint).toBe(tokenUrl());
    expect(response.headers["content-type"]).toContain("application/json");
  });

  it("retries a 503 and keeps Entra's final 4xx answer for the credential, unretried", async () => {
    federation.entra.failNext(1, { status: 503, body: "{}" });
    const module = network();
    const response = await module.sendPostRequestAsync<{ error: string; error_codes: number[] }>(tokenUrl(), {
      body: form,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(401);
    expect(response.body.error_codes).toEqual([7000218]);
    expect(module.lastFailedResponse?.status).toBe(401);
    expect(JSON.parse(module.lastFailedResponse?.body ?? "{}").error_codes).toEqual([7000218]);
    expect(federation.entra.count("token")).toBe(2);
  });

  it("turns a body that is not JSON into an OAuth error for MSAL, keeping the real answer", async () => {
    federation.entra.failNext(1, { status: 404, body: "<html>not found</html>" });
    const module = network();
    const response = await module.sendPostRequestAsync<{ error: string }>(tokenUrl(), { body: form });
    expect(response.body.error).toBe("http_404");
    expect(module.lastFailedResponse?.body).toBe("<html>not found</html>");
  });

  it("sends MSAL's correlation id as the client-request-id header", async () => {
    await network().sendPostRequestAsync(tokenUrl(), {
      body: form,
      correlationId: "6d3f1b8e-0000-4000-8000-000000000001",
    });
    expect(federation.entra.requests.at(-1)?.headers["client-request-id"]).toBe(
      "6d3f1b8e-0000-4000-8000-000000000001",
    );
    expect(federation.entra.requests.at(-1)?.correlationId).toBe("6d3f1b8e-0000-4000-8000-000000000001");
  });

  it("aborts an answer still in flight", async () => {
    federation.entra.setLatency(10_000);
    const controller = new AbortController();
    const module = network({ signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const error = await module
      .sendPostRequestAsync(tokenUrl(), { body: form })
      .catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(5_000); // far sooner than the 10 s answer
    expect(error).toBeInstanceOf(HttpRequestError);
    expect((error as HttpRequestError).reason).toBe("aborted");
    expect(module.lastError).toBe(error);
  });

  it("records the token lifetime of a successful answer (never the token)", async () => {
    const assertion = await federation.assertion({ audience: "api://AzureADTokenExchange" });
    const module = network();
    const before = Date.now();
    const response = await module.sendPostRequestAsync<{ access_token: string }>(tokenUrl(), {
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: federation.clientId,
        scope: "https://management.azure.com/.default",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: assertion,
      }).toString(),
    });
    expect(response.body.access_token).toBeTruthy();
    expect(module.lastTokenLifetime?.expiresInSeconds).toBe(3599);
    expect(module.lastTokenLifetime?.sentAt).toBeGreaterThanOrEqual(before);
    expect(module.lastFailedResponse).toBeUndefined();
    expect(JSON.stringify(module)).not.toContain(response.body.access_token);
  });
});
