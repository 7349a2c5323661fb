import { AssertionFetchError, CredentialUnavailableError, InvalidInputError } from "@azfed/core";
import {
  type CapturedAzureLogs,
  captureAzureLogs,
  claimsOf,
  expectNoSecrets,
  exposedText,
  type GcpMetadataEmulator,
  type OidcIssuer,
  rejectionOf,
  startGcpMetadataEmulator,
  startOidcIssuer,
} from "@azfed/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { gcp } from "../src/index";
import { startBlackHole, unusedPort } from "./silent-servers";

const AUDIENCE = "api://AzureADTokenExchange";
const context = { audience: AUDIENCE };
const FAST_RETRY = { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 50 };

let issuer: OidcIssuer;
let metadata: GcpMetadataEmulator;
let logs: CapturedAzureLogs;

beforeAll(async () => {
  issuer = await startOidcIssuer();
});
afterAll(() => issuer.close());

beforeEach(async () => {
  metadata = await startGcpMetadataEmulator({
    issuer,
    otherServiceAccounts: [
      { email: "deployer@contoso-prod.iam.gserviceaccount.com", uniqueId: "104857600000000000042" },
    ],
  });
  logs = captureAzureLogs();
});

afterEach(async () => {
  logs.restore();
  expectNoSecrets(logs.text(), metadata.issuedTokens);
  await metadata.close();
});

describe("gcp() getAssertion", () => {
  it("asks the identity endpoint for a full-format token for the audience, with Metadata-Flavor: Google", async () => {
    const token = await gcp({ env: metadata.env() }).getAssertion(context);
    expect(token).toBe(metadata.issuedTokens[0]);
    const claims = claimsOf(token);
    expect(claims).toMatchObject({
      iss: metadata.issuer,
      sub: metadata.serviceAccount.uniqueId,
      azp: metadata.serviceAccount.uniqueId,
      aud: AUDIENCE,
      email: metadata.serviceAccount.email,
      email_verified: true,
      google: { compute_engine: { project_id: metadata.projectId } },
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    expect(metadata.requests).toEqual([
      expect.objectContaining({
        path: "/computeMetadata/v1/instance/service-accounts/default/identity",
        flavor: "Google",
        audience: AUDIENCE,
        format: "full",
        status: 200,
      }),
    ]);
  });

  it("fetches a fresh token at every call", async () => {
    const provider = gcp({ env: metadata.env() });
    const first = await provider.getAssertion(context);
    const second = await provider.getAssertion(context);
    expect(metadata.count("identity")).toBe(2);
    expect(claimsOf(first).jti).not.toBe(claimsOf(second).jti);
  });

  it("asks for a named service account by email", async () => {
    const token = await gcp({
      env: metadata.env(),
      serviceAccount: "deployer@contoso-prod.iam.gserviceaccount.com",
    }).getAssertion(context);
    expect(claimsOf(token).sub).toBe("104857600000000000042");
    expect(metadata.requests[0]?.path).toBe(
      "/computeMetadata/v1/instance/service-accounts/deployer@contoso-prod.iam.gserviceaccount.com/identity",
    );
  });

  it("prefers metadataHost to GCE_METADATA_HOST, and reads GCE_METADATA_HOST at each call", async () => {
    const env: NodeJS.ProcessEnv = { GCE_METADATA_HOST: "127.0.0.1:1" };
    const provider = gcp({ env, retry: { maxRetries: 0 } });
    await expect(provider.getAssertion(context)).rejects.toBeInstanceOf(CredentialUnavailableError);
    env.GCE_METADATA_HOST = metadata.host;
    const fromVariable = await provider.getAssertion(context);
    expect(fromVariable).toBe(metadata.issuedTokens[0]);
    const explicit = gcp({
      env: { GCE_METADATA_HOST: "127.0.0.1:1" },
      metadataHost: `http://${metadata.host}`,
    });
    const fromOption = await explicit.getAssertion(context);
    expect(fromOption).toBe(metadata.issuedTokens[1]);
  });

  it("prefers GCE_METADATA_IP to GCE_METADATA_HOST, as Google's client does", async () => {
    const provider = gcp({
      env: { GCE_METADATA_IP: metadata.host, GCE_METADATA_HOST: "127.0.0.1:1" },
      retry: { maxRetries: 0 },
    });
    expect(await provider.getAssertion(context)).toBe(metadata.issuedTokens[0]);
    const malformed = gcp({ env: { GCE_METADATA_IP: "10.0.0.1/x?y", GCE_METADATA_HOST: metadata.host } });
    await expect(malformed.getAssertion(context)).rejects.toThrow(/GCE_METADATA_IP/);
  });

  it("retries 5xx answers through core's helper, then succeeds", async () => {
    metadata.failNext(2, { status: 503 });
    const token = await gcp({ env: metadata.env(), retry: FAST_RETRY }).getAssertion(context);
    expect(token).toBe(metadata.issuedTokens[0]);
    expect(metadata.requests.map((request) => request.status)).toEqual([503, 503, 200]);
  });

  it("reports a persistent 500 with its status once the retries are spent", async () => {
    metadata.failNext(3, { status: 500 });
    const error = await rejectionOf(gcp({ env: metadata.env(), retry: FAST_RETRY }).getAssertion(context));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect((error as AssertionFetchError).statusCode).toBe(500);
    expect(error.message).toContain("answered 500");
    expect(error.message).toContain("expected 200 with an identity token");
    expect(metadata.count("identity")).toBe(3);
  });

  it("refuses an answer without the Metadata-Flavor: Google response header, never showing its body", async () => {
    const body = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwcm94eSJ9.c2lnbmF0dXJl";
    metadata.failNext(1, { withoutFlavorHeader: true, body });
    const error = await rejectionOf(gcp({ env: metadata.env() }).getAssertion(context));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error.message).toContain("without the Metadata-Flavor: Google response header");
    expect(error.message).toContain("not the Google Cloud metadata server");
    expect((error as AssertionFetchError).statusCode).toBe(200);
    expect(exposedText(error)).not.toContain(body);
  });

  it("explains a 404 for a service account that is not attached", async () => {
    const error = await rejectionOf(
      gcp({ env: metadata.env(), serviceAccount: "ghost@contoso-prod.iam.gserviceaccount.com" }).getAssertion(
        context,
      ),
    );
    expect((error as AssertionFetchError).statusCode).toBe(404);
    expect(error.message).toContain("ghost@contoso-prod.iam.gserviceaccount.com");
    expect(error.message).toContain("no such service account is attached");
  });

  it("explains a 403", async () => {
    metadata.failNext(1, { status: 403 });
    const error = await rejectionOf(gcp({ env: metadata.env() }).getAssertion(context));
    expect((error as AssertionFetchError).statusCode).toBe(403);
    expect(error.message).toContain("403 Forbidden");
  });

  it.each([
    ["an HTML page", "<html><body>sign in</body></html>", "the body is not a JWT"],
    ["an empty body", "", "with an empty body"],
    ["JSON", '{"token":"hunter2-secret-value"}', "the body is not a JWT"],
  ])("refuses a 200 answer with %s, never showing it", async (_kind, body, message) => {
    metadata.failNext(1, { status: 200, body });
    const error = await rejectionOf(gcp({ env: metadata.env() }).getAssertion(context));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error.message).toContain(message);
    expect(error.message).toContain("expected the identity token as text");
    if (body) expect(exposedText(error)).not.toContain(body);
    expect(exposedText(error)).not.toContain("hunter2");
  });

  it("is unavailable (CredentialUnavailableError) when nothing listens at the metadata host", async () => {
    const host = `127.0.0.1:${await unusedPort()}`;
    const error = await rejectionOf(gcp({ metadataHost: host, retry: FAST_RETRY }).getAssertion(context));
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.name).toBe("CredentialUnavailableError");
    expect(error.message).toContain(
      `the metadata server at http://${host} could not be reached (ECONNREFUSED)`,
    );
    expect(error.message).toContain("after 3 attempt(s)");
    expect(error.message).toContain("GCE_METADATA_HOST");
  });

  it("gives up on a black-holed host within timeoutMs", async () => {
    const blackHole = await startBlackHole();
    try {
      const started = performance.now();
      const error = await rejectionOf(
        gcp({ metadataHost: blackHole.host, timeoutMs: 300, retry: FAST_RETRY }).getAssertion(context),
      );
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(error).toBeInstanceOf(CredentialUnavailableError);
      expect(error.message).toContain("did not answer in time");
    } finally {
      await blackHole.close();
    }
  });

  it("gives up on a slow metadata server within timeoutMs", async () => {
    metadata.setLatency(1500);
    const error = await rejectionOf(gcp({ env: metadata.env(), timeoutMs: 200 }).getAssertion(context));
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toContain("did not answer in time");
  });

  it("stops at once when the caller aborts", async () => {
    metadata.setLatency(10_000);
    const controller = new AbortController();
    const pending = gcp({ env: metadata.env() }).getAssertion({
      audience: AUDIENCE,
      signal: controller.signal,
    });
    // Abort once the metadata server holds a request (a fixed 50 ms could pass before it arrived).
    await vi.waitFor(() => expect(metadata.requests.length).toBeGreaterThan(0), { timeout: 20_000 });
    const started = performance.now();
    controller.abort();
    const error = await rejectionOf(pending);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error).not.toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toMatch(/abort/i);
  });

  it.each([
    ["serviceAccount", { serviceAccount: "deployer" }, /"default" or a service account email/],
    ["serviceAccount", { serviceAccount: "a@b/../../token" }, /"default" or a service account email/],
    ["serviceAccount", { serviceAccount: "" }, /"default" or a service account email/],
    [
      "metadataHost",
      { metadataHost: "http://metadata.google.internal/computeMetadata/v1/" },
      /remove the path/,
    ],
    ["metadataHost", { metadataHost: "user:pass@metadata" }, /host name or address/],
    ["probeTimeoutMs", { probeTimeoutMs: 0 }, /positive number of milliseconds/],
  ])("refuses a bad %s at once, naming it", (field, options, message) => {
    let error: unknown;
    try {
      gcp(options);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe(field);
    expect((error as Error).message).toMatch(message);
  });

  it("refuses a malformed GCE_METADATA_HOST when fetching, naming the variable", async () => {
    const error = await rejectionOf(gcp({ env: { GCE_METADATA_HOST: "host/path" } }).getAssertion(context));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe("GCE_METADATA_HOST");
  });
});
