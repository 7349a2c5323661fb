import { InvalidInputError, KNOWN_CLOUDS, validateFederatedIdentityCredential } from "@azfed/core";
import { describe, expect, it } from "vitest";
import {
  managedIdentity,
  managedIdentityFederatedCredential,
  managedIdentityIssuer,
  managedIdentitySubject,
} from "../src/index";

const tenantId = "cccccccc-0000-0000-0000-000000000003";
const principalId = "bbbbbbbb-0000-0000-0000-000000000002";

describe("managedIdentityIssuer", () => {
  it("is the tenant's v2.0 authority in each cloud", () => {
    expect(managedIdentityIssuer({ tenantId })).toBe(`https://login.microsoftonline.com/${tenantId}/v2.0`);
    expect(managedIdentityIssuer({ tenantId, cloud: "usgov" })).toBe(
      `https://login.microsoftonline.us/${tenantId}/v2.0`,
    );
    expect(managedIdentityIssuer({ tenantId, cloud: "china" })).toBe(
      `https://login.partner.microsoftonline.cn/${tenantId}/v2.0`,
    );
  });

  it.each([
    ["a domain", "contoso.onmicrosoft.com"],
    ["padded", ` ${tenantId}`],
    ["missing", undefined],
  ])("refuses a tenant id that is %s, naming the field", (_what, value) => {
    expect(() => managedIdentityIssuer({ tenantId: value as string })).toThrow(
      expect.objectContaining({ name: "InvalidInputError", field: "tenantId" }),
    );
  });

  it("refuses an unknown cloud", () => {
    expect(() => managedIdentityIssuer({ tenantId, cloud: "moon" as "public" })).toThrow(/Invalid cloud/);
  });
});

describe("managedIdentitySubject", () => {
  it("is the principal id in lower case, as the identity's tokens carry it (Entra compares case-sensitively)", () => {
    expect(managedIdentitySubject({ principalId: principalId.toUpperCase() })).toBe(principalId);
    expect(managedIdentitySubject({ principalId: "BbBbBbBb-0000-0000-0000-00000000000A" })).toBe(
      "bbbbbbbb-0000-0000-0000-00000000000a",
    );
    const fic = managedIdentityFederatedCredential({ principalId: principalId.toUpperCase(), tenantId });
    expect(fic.subject).toBe(principalId);
    expect(fic.name).toBe(managedIdentityFederatedCredential({ principalId, tenantId }).name);
  });

  it("refuses what is not a GUID, saying where the principal id is", () => {
    const error = (() => {
      try {
        managedIdentitySubject({ principalId: "payments-identity" });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain("--query principalId");
  });
});

describe("managedIdentityFederatedCredential", () => {
  it("builds the FIC the docs describe, valid by core's rules", () => {
    const fic = managedIdentityFederatedCredential({ principalId, tenantId });
    expect(fic).toEqual({
      name: `managed-identity-${principalId}`,
      issuer: `https://login.microsoftonline.com/${tenantId}/v2.0`,
      subject: principalId,
      audiences: ["api://AzureADTokenExchange"],
      description: `User-assigned managed identity with principal id ${principalId}`,
    });
    expect(validateFederatedIdentityCredential(fic).valid).toBe(true);
  });

  it("takes the cloud's audience and issuer host together", () => {
    const fic = managedIdentityFederatedCredential({ principalId, tenantId, cloud: "china" });
    expect(fic.audiences).toEqual(["api://AzureADTokenExchangeChina"]);
    expect(fic.issuer).toBe(`https://login.partner.microsoftonline.cn/${tenantId}/v2.0`);
  });

  it("checks the tenant id even when a test issuer replaces the built one", () => {
    expect(() =>
      managedIdentityFederatedCredential({
        principalId,
        tenantId: "common",
        issuer: "https://127.0.0.1:1/x/v2.0",
      }),
    ).toThrow(/Invalid tenantId/);
  });
});

describe("managedIdentity() options", () => {
  it("asks for the cloud's own exchange audience (Entra issues the assertion)", () => {
    const provider = managedIdentity({ clientId: principalId });
    expect(provider.defaultAudience(KNOWN_CLOUDS.usgov)).toBe("api://AzureADTokenExchangeUSGov");
    expect(provider.defaultAudience(KNOWN_CLOUDS.china)).toBe("api://AzureADTokenExchangeChina");
    expect(provider.defaultAudience(undefined)).toBe("api://AzureADTokenExchange");
  });

  it.each([
    [{ clientId: "payments" }, "clientId"],
    [{ objectId: "x" }, "objectId"],
    [{ resourceId: "/subscriptions/x" }, "resourceId"],
    [{ clientId: principalId, objectId: principalId }, "clientId and objectId"],
  ])("refuses %o, naming %s", (options, field) => {
    expect(() => managedIdentity(options)).toThrow(expect.objectContaining({ field }));
  });

  it("detects only a named identity, and refuses a malformed AZFED_MANAGED_IDENTITY_CLIENT_ID by name", async () => {
    expect(await managedIdentity().detect({})).toMatchObject({
      available: false,
      reason: expect.stringContaining("AZFED_MANAGED_IDENTITY_CLIENT_ID"),
    });
    expect(await managedIdentity().detect({ AZFED_MANAGED_IDENTITY_CLIENT_ID: "my identity" })).toMatchObject(
      {
        available: false,
        reason: expect.stringContaining("Invalid AZFED_MANAGED_IDENTITY_CLIENT_ID"),
      },
    );
  });
});
