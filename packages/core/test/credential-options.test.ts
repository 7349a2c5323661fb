import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FederatedTokenCredential } from "../src/credential/federated-token-credential";
import type { FederatedTokenCredentialOptions } from "../src/credential/federated-token-credential-options";
import { resolveCredentialOptions } from "../src/credential/resolve-credential-options";
import { resolveIdentity } from "../src/credential/resolve-identity";
import { normalizeScopes } from "../src/credential/scopes";
import { CredentialUnavailableError } from "../src/errors/credential-unavailable-error";
import { InvalidInputError } from "../src/errors/invalid-input-error";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT = "00000000-0000-0000-0000-000000000001";
const assertion = (): string => "never.called.here";

beforeEach(() => {
  vi.stubEnv("AZURE_TENANT_ID", "");
  vi.stubEnv("AZURE_CLIENT_ID", "");
  vi.stubEnv("AZURE_AUTHORITY_HOST", "");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function invalid(create: () => unknown): InvalidInputError {
  try {
    create();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error("expected an InvalidInputError");
}

const credential = (options: Partial<FederatedTokenCredentialOptions>) =>
  new FederatedTokenCredential({ tenantId: TENANT, clientId: CLIENT, assertion, ...options });

describe("constructor input validation", () => {
  it.each(["contoso tenant", "contoso/tenant", "", "tenant_1"])(
    "rejects tenant id %j, naming tenantId",
    (tenantId) => {
      const error = invalid(() => credential({ tenantId }));
      expect(error.field).toBe("tenantId");
      expect(error.message).toContain("^[0-9a-zA-Z.-]+$");
      expect(error.message).toContain(JSON.stringify(tenantId));
    },
  );

  it("accepts GUIDs and domain names", () => {
    expect(() => credential({ tenantId: "contoso.onmicrosoft.com" })).not.toThrow();
    expect(() => credential({ tenantId: TENANT })).not.toThrow();
  });

  it.each(["common", "organizations", "Consumers"])("rejects the multi-tenant alias %s", (tenantId) => {
    expect(invalid(() => credential({ tenantId })).message).toContain("one specific tenant");
  });

  it("names AZURE_TENANT_ID when the bad value came from it", () => {
    vi.stubEnv("AZURE_TENANT_ID", "not a tenant");
    const error = invalid(() => new FederatedTokenCredential({ clientId: CLIENT, assertion }));
    expect(error.field).toBe("tenantId (from AZURE_TENANT_ID)");
  });

  it("rejects a client id with spaces", () => {
    expect(invalid(() => credential({ clientId: "my app" })).field).toBe("clientId");
  });

  it.each([
    ["http://login.microsoftonline.com", "https"],
    ["http://127.0.0.1:8443", "https"],
    ["login.microsoftonline.com", "full URL"],
    ["https://login.microsoftonline.com/contoso.onmicrosoft.com", "tenantId"],
    ["https://login.microsoftonline.com/?x=1", "scheme, host and port"],
  ])("rejects authority host %s", (authorityHost, hint) => {
    const error = invalid(() => credential({ authorityHost }));
    expect(error.field).toBe("authorityHost");
    expect(error.message).toContain(hint);
  });

  it("names AZURE_AUTHORITY_HOST when the bad value came from it", () => {
    vi.stubEnv("AZURE_AUTHORITY_HOST", "http://login.microsoftonline.com/");
    expect(invalid(() => credential({})).field).toBe("authorityHost (from AZURE_AUTHORITY_HOST)");
  });

  it("takes the option, then the variable, then the platform's value, naming where a bad one came from", () => {
    const platform = { name: "azure-pipelines", tenantId: TENANT, clientId: "task client" };
    expect(
      resolveIdentity({ env: {} }, { name: "azure-pipelines", tenantId: TENANT, clientId: CLIENT }),
    ).toEqual({
      tenantId: TENANT,
      clientId: CLIENT,
      authorityHost: "https://login.microsoftonline.com",
    });
    expect(resolveIdentity({ clientId: CLIENT, env: { AZURE_TENANT_ID: "" } }, platform).clientId).toBe(
      CLIENT,
    );
    expect(resolveIdentity({ env: { AZURE_CLIENT_ID: CLIENT } }, platform).clientId).toBe(CLIENT);
    const error = invalid(() => resolveIdentity({ env: {} }, platform));
    expect(error.field).toBe("clientId (from the azure-pipelines platform)");
  });

  it("normalises the authority host: trailing slash, case", () => {
    const resolved = resolveCredentialOptions(
      { assertion, authorityHost: "https://LOGIN.microsoftonline.US/" },
      {},
    );
    expect(resolved.authorityHost).toBe("https://login.microsoftonline.us");
    expect(resolved.cloud?.name).toBe("usgov");
    // The cloud's own audience by default (the portal's default, Microsoft's SDKs), not chosen by the user.
    expect(resolved.audience).toBe("api://AzureADTokenExchangeUSGov");
    expect(resolved.audienceChosen).toBe(false);
  });

  it("defaults to the public cloud and the environment's ids", () => {
    const resolved = resolveCredentialOptions(
      { assertion },
      { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT },
    );
    expect(resolved).toMatchObject({
      tenantId: TENANT,
      clientId: CLIENT,
      authorityHost: "https://login.microsoftonline.com",
      audience: "api://AzureADTokenExchange",
      disableInstanceDiscovery: false,
      timeoutMs: 30_000,
    });
  });

  it("options win over the environment", () => {
    const resolved = resolveCredentialOptions(
      { assertion, tenantId: "contoso.onmicrosoft.com", clientId: CLIENT },
      { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: "other" },
    );
    expect(resolved.tenantId).toBe("contoso.onmicrosoft.com");
    expect(resolved.clientId).toBe(CLIENT);
  });

  it.each([undefined, "token", { name: "no getAssertion" }])("rejects assertion %j", (value) => {
    const error = invalid(() =>
      credential({ assertion: value as unknown as FederatedTokenCredentialOptions["assertion"] }),
    );
    expect(error.field).toBe("assertion");
    expect(error.message).toContain("githubActions()");
  });

  it("rejects a malformed additionally allowed tenant, naming its index", () => {
    const error = invalid(() =>
      credential({ additionallyAllowedTenants: ["*", "contoso.onmicrosoft.com", "bad tenant"] }),
    );
    expect(error.field).toBe("additionallyAllowedTenants[2]");
  });

  it.each([
    [{ audience: "api://Azure AD" }, "audience"],
    [{ audience: "" }, "audience"],
    [{ timeoutMs: 0 }, "timeoutMs"],
    [{ timeoutMs: Number.NaN }, "timeoutMs"],
    [{ retry: { maxRetries: -1 } }, "retry.maxRetries"],
    [{ retry: { maxRetries: 1.5 } }, "retry.maxRetries"],
    [{ retry: { baseDelayMs: -5 } }, "retry.baseDelayMs"],
    [{ clock: 5 as unknown as () => number }, "clock"],
  ])("rejects %j, naming %s", (options, field) => {
    expect(invalid(() => credential(options as Partial<FederatedTokenCredentialOptions>)).field).toBe(field);
  });
});

describe("getToken input validation", () => {
  it.each([
    [[], "scopes"],
    ["", "scopes"],
    ["https://a/.default https://b/.default", "scopes"],
    [["https://a/.default", "https://b/ .default"], "scopes[1]"],
    [["https://a/.default", ""], "scopes[1]"],
  ])("rejects scopes %j, naming %s", async (scopes, field) => {
    const error = await credential({})
      .getToken(scopes as string[])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe(field);
  });

  it("explains that a space-separated string should be an array", () => {
    expect(invalid(() => normalizeScopes("https://a/.default https://b/.default")).message).toContain(
      "array",
    );
  });

  it("sorts scopes for the cache key without changing the caller's array", () => {
    const scopes = ["b", "a"];
    expect(normalizeScopes(scopes)).toEqual({ list: ["a", "b"], key: "a b" });
    expect(scopes).toEqual(["b", "a"]);
  });

  it("refuses proof-of-possession options", async () => {
    const error = await credential({})
      .getToken("https://a/.default", {
        proofOfPossessionOptions: {
          nonce: "n",
          resourceRequestMethod: "GET",
          resourceRequestUrl: "https://a",
        },
      })
      .catch((caught: unknown) => caught);
    expect((error as InvalidInputError).field).toBe("getTokenOptions.proofOfPossessionOptions");
  });
});

describe("missing settings make the credential unavailable", () => {
  it("no tenant id: CredentialUnavailableError naming AZURE_TENANT_ID", async () => {
    const error = await new FederatedTokenCredential({ clientId: CLIENT, assertion })
      .getToken("https://a/.default")
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect((error as Error).name).toBe("CredentialUnavailableError");
    expect((error as Error).message).toBe(
      "FederatedTokenCredential: no tenant id. Pass tenantId or set AZURE_TENANT_ID to the Directory (tenant) ID " +
        "of the app registration or managed identity.",
    );
  });

  it("no client id: CredentialUnavailableError naming AZURE_CLIENT_ID", async () => {
    const error = await new FederatedTokenCredential({ tenantId: TENANT, assertion })
      .getToken("https://a/.default")
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect((error as Error).message).toBe(
      "FederatedTokenCredential: no client id. Pass clientId or set AZURE_CLIENT_ID to the Application (client) ID " +
        "of the app registration or managed identity.",
    );
  });

  it("constructing never throws for missing ids (so a chain can be built)", () => {
    expect(() => new FederatedTokenCredential({ assertion })).not.toThrow();
  });
});
