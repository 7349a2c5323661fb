import { describe, expect, it } from "vitest";
import { checkTenantId, resolveRequestTenant } from "../src/credential/tenant-id";
import { CredentialUnavailableError } from "../src/errors/credential-unavailable-error";
import { InvalidInputError } from "../src/errors/invalid-input-error";

const HOME = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const OTHER = "fabrikam.onmicrosoft.com";

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return expect.unreachable("expected a throw");
}

describe("checkTenantId", () => {
  it.each([HOME, "contoso.onmicrosoft.com", "Contoso.OnMicrosoft.COM", "a", "x-1.y-2"])(
    "accepts %s",
    (id) => {
      expect(() => checkTenantId("tenantId", id)).not.toThrow();
    },
  );

  it.each([["contoso tenant"], [""], ["tenant/../other"], ["tenant\n"], ["ünïcode"]])(
    "refuses %j, naming the field, the value, what was expected and the fix",
    (id) => {
      const error = thrownBy(() => checkTenantId("tenantId (from AZURE_TENANT_ID)", id));
      expect(error).toBeInstanceOf(InvalidInputError);
      const invalid = error as InvalidInputError;
      expect(invalid.field).toBe("tenantId (from AZURE_TENANT_ID)");
      expect(invalid.value).toBe(JSON.stringify(id));
      expect(invalid.expected).toBe("a GUID or a domain name matching ^[0-9a-zA-Z.-]+$");
      expect(invalid.message).toContain(
        "Directory (tenant) ID shown on the app registration's Overview page",
      );
    },
  );

  it.each([[42], [undefined], [null], [{ tenantId: HOME }]])("refuses the non-string %j", (value) => {
    const error = thrownBy(() => checkTenantId("tenantId", value));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).expected).toBe("a GUID or a domain name matching ^[0-9a-zA-Z.-]+$");
  });

  it.each(["common", "organizations", "consumers", "Common", "ORGANIZATIONS"])(
    "refuses the multi-tenant alias %s, saying an app token needs one tenant",
    (alias) => {
      const error = thrownBy(() => checkTenantId("tenantId", alias));
      expect(error).toBeInstanceOf(InvalidInputError);
      const invalid = error as InvalidInputError;
      expect(invalid.field).toBe("tenantId");
      expect(invalid.value).toBe(JSON.stringify(alias));
      expect(invalid.expected).toBe(
        "one specific tenant: an app token cannot be issued by a multi-tenant alias",
      );
      expect(invalid.message).toContain("Fix: use the Directory (tenant) ID");
    },
  );

  it("accepts a tenant whose name only contains an alias", () => {
    expect(() => checkTenantId("tenantId", "common.onmicrosoft.com")).not.toThrow();
    expect(() => checkTenantId("tenantId", "consumers-inc")).not.toThrow();
  });
});

describe("resolveRequestTenant", () => {
  it("is the credential's tenant when the request names none", () => {
    expect(resolveRequestTenant(HOME, undefined, [])).toBe(HOME);
  });

  it("is the credential's tenant, as configured, when the request names it in another case", () => {
    expect(resolveRequestTenant(HOME, HOME.toUpperCase(), [])).toBe(HOME);
    expect(resolveRequestTenant("Contoso.onmicrosoft.com", "contoso.ONMICROSOFT.com", [])).toBe(
      "Contoso.onmicrosoft.com",
    );
  });

  it("is another tenant when it is listed, in any case", () => {
    expect(resolveRequestTenant(HOME, OTHER, [OTHER])).toBe(OTHER);
    expect(resolveRequestTenant(HOME, "Fabrikam.OnMicrosoft.com", ["other.example", OTHER])).toBe(
      "Fabrikam.OnMicrosoft.com",
    );
    expect(resolveRequestTenant(HOME, OTHER, ["FABRIKAM.onmicrosoft.com"])).toBe(OTHER);
  });

  it("is any other tenant when the list holds *", () => {
    expect(resolveRequestTenant(HOME, OTHER, ["*"])).toBe(OTHER);
    expect(resolveRequestTenant(HOME, OTHER, ["unrelated.example", "*"])).toBe(OTHER);
  });

  it("refuses a tenant that is not listed, saying how to allow it", () => {
    const error = thrownBy(() => resolveRequestTenant(HOME, OTHER, ["unrelated.example"]));
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect((error as Error).message).toBe(
      `FederatedTokenCredential is not configured to acquire tokens for tenant ${OTHER} ` +
        `(it is configured for tenant ${HOME}). To allow it, add "${OTHER}" to the ` +
        `additionallyAllowedTenants option, or add "*" to allow any tenant.`,
    );
    expect(() => resolveRequestTenant(HOME, OTHER, [])).toThrow(CredentialUnavailableError);
  });

  it("checks the requested tenant before anything else, even when * allows any", () => {
    const error = thrownBy(() => resolveRequestTenant(HOME, "not a tenant", ["*"]));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe("getTokenOptions.tenantId");
    expect(() => resolveRequestTenant(HOME, "common", ["*"])).toThrow(InvalidInputError);
  });
});
