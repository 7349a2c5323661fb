import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { CredentialUnavailableError } from "../src/errors/credential-unavailable-error";
import { InvalidInputError } from "../src/errors/invalid-input-error";
import { type Federation, PUBLIC_AUDIENCE, SCOPE, SUBJECT, useFederation } from "./federation-fixture";

let federation: Federation;
let multiTenantClientId: string;
const otherTenant = randomUUID();

useFederation((started) => {
  federation = started;
});
beforeAll(async () => {
  multiTenantClientId = randomUUID();
  federation.entra.addApplication({
    clientId: multiTenantClientId,
    tenantId: federation.tenantId,
    multiTenant: true,
    federatedCredentials: [
      { name: "main", issuer: federation.issuer.issuer, subject: SUBJECT, audiences: [PUBLIC_AUDIENCE] },
    ],
  });
});

const tokenPaths = (): string[] =>
  federation.entra.requests.filter((request) => request.endpoint === "token").map((request) => request.path);

describe("multi-tenant rules", () => {
  it("refuses another tenant that is not allowed, as @azure/identity does, without any request", async () => {
    const credential = federation.credential({ clientId: multiTenantClientId });
    const error = await credential
      .getToken(SCOPE, { tenantId: otherTenant })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect((error as Error).name).toBe("CredentialUnavailableError");
    expect((error as Error).message).toContain(`tenant ${otherTenant}`);
    expect((error as Error).message).toContain("additionallyAllowedTenants");
    expect((error as Error).message).toContain('"*"');
    expect(federation.entra.count("token")).toBe(0);
  });

  it("gets a token from an allowed tenant's endpoint, cached apart from the home tenant's", async () => {
    const credential = federation.credential({
      clientId: multiTenantClientId,
      additionallyAllowedTenants: [otherTenant.toUpperCase()],
    });
    const home = await credential.getToken(SCOPE);
    const other = await credential.getToken(SCOPE, { tenantId: otherTenant });
    const otherAgain = await credential.getToken(SCOPE, { tenantId: otherTenant });
    expect(otherAgain).toBe(other);
    expect(other.token).not.toBe(home.token);
    expect((await federation.entra.verifyAccessToken(other.token)).tid).toBe(otherTenant);
    expect((await federation.entra.verifyAccessToken(home.token)).tid).toBe(federation.tenantId);
    expect(tokenPaths()[1]).toMatch(new RegExp(`^/${otherTenant}/oauth2/v2.0/token`));
    // The custom host was discovered once, with the home tenant; the other tenant reused it.
    expect(federation.entra.count("openid-configuration")).toBe(1);
  });

  it('allows any tenant with "*"', async () => {
    const credential = federation.credential({
      clientId: multiTenantClientId,
      additionallyAllowedTenants: ["*"],
    });
    const token = await credential.getToken(SCOPE, { tenantId: otherTenant });
    expect((await federation.entra.verifyAccessToken(token.token)).tid).toBe(otherTenant);
  });

  it("accepts the credential's own tenant in the request without any allow-list", async () => {
    const token = await federation.credential().getToken(SCOPE, { tenantId: federation.tenantId });
    expect(token.token).toBeTruthy();
  });

  it("rejects a malformed request tenant id, naming the option", async () => {
    const error = await federation
      .credential({ additionallyAllowedTenants: ["*"] })
      .getToken(SCOPE, { tenantId: "contoso tenant" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe("getTokenOptions.tenantId");
  });
});

describe("continuous access evaluation", () => {
  it("a plain request after a CAE or another tenant's request gets its own token, then the cached one", async () => {
    const credential = federation.credential({
      clientId: multiTenantClientId,
      additionallyAllowedTenants: [otherTenant],
    });
    const cae = await credential.getToken(SCOPE, { enableCae: true });
    const other = await credential.getToken(SCOPE, { tenantId: otherTenant });
    const plain = await credential.getToken(SCOPE);
    expect(new Set([cae.token, other.token, plain.token]).size).toBe(3);
    expect((await federation.entra.verifyAccessToken(plain.token)).xms_cc).toBeUndefined();
    expect((await federation.entra.verifyAccessToken(plain.token)).tid).toBe(federation.tenantId);
    expect(await credential.getToken(SCOPE)).toBe(plain);
    expect(await credential.getToken(SCOPE, { enableCae: true })).toBe(cae);
    expect(await credential.getToken(SCOPE, { tenantId: otherTenant })).toBe(other);
    expect(federation.entra.count("token")).toBe(3);
  });

  it("asks for the cp1 capability with enableCae and caches CAE tokens apart", async () => {
    const credential = federation.credential();
    const plain = await credential.getToken(SCOPE);
    const cae = await credential.getToken(SCOPE, { enableCae: true });
    const caeAgain = await credential.getToken(SCOPE, { enableCae: true });
    expect(caeAgain).toBe(cae);
    expect(cae.token).not.toBe(plain.token);
    const [plainRequest, caeRequest] = federation.entra.requests.filter(
      (request) => request.endpoint === "token",
    );
    expect(plainRequest?.form.claims).toBeUndefined();
    expect(JSON.parse(caeRequest?.form.claims ?? "{}").access_token).toEqual({ xms_cc: { values: ["cp1"] } });
    expect((await federation.entra.verifyAccessToken(cae.token)).xms_cc).toEqual(["cp1"]);
    expect((await federation.entra.verifyAccessToken(plain.token)).xms_cc).toBeUndefined();
  });

  it("sends a claims challenge merged with cp1, with a fresh assertion, bypassing the cache", async () => {
    const credential = federation.credential();
    const before = await credential.getToken(SCOPE, { enableCae: true });
    const minted = federation.minted.length;
    const challenge = JSON.stringify({ access_token: { nbf: { essential: true, value: "1700000000" } } });
    const after = await credential.getToken(SCOPE, { enableCae: true, claims: challenge });
    expect(after.token).not.toBe(before.token);
    expect(federation.minted.length).toBe(minted + 1);
    const sent = JSON.parse(federation.entra.requests.at(-1)?.form.claims ?? "{}");
    expect(sent.access_token).toEqual({
      nbf: { essential: true, value: "1700000000" },
      xms_cc: { values: ["cp1"] },
    });
    expect(await credential.getToken(SCOPE, { enableCae: true })).toBe(after);
  });
});
