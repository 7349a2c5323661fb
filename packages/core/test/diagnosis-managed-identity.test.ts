import { unsignedJwt } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { diagnoseEntraError } from "../src/diagnosis/diagnose-entra-error";
import { type Diagnosis, formatDiagnosis } from "../src/diagnosis/diagnosis";
import { issuerPlatform } from "../src/platform/issuer-platform";

const homeTenant = "cccccccc-0000-4000-8000-000000000003";
const customerTenant = "dddddddd-0000-4000-8000-000000000004";
const objectId = "bbbbbbbb-0000-4000-8000-000000000002";
const identityClientId = "aaaaaaaa-0000-4000-8000-000000000001";
const appId = "11111111-2222-3333-4444-555555555555";
const issuer = `https://login.microsoftonline.com/${homeTenant}/v2.0`;
const now = Date.UTC(2026, 11, 1, 12);

function miToken(claims: Record<string, unknown> = {}): string {
  return unsignedJwt({
    iss: issuer,
    sub: objectId,
    oid: objectId,
    azp: identityClientId,
    tid: homeTenant,
    aud: "api://AzureADTokenExchange",
    iat: now / 1000 - 60,
    exp: now / 1000 + 86_000,
    ...claims,
  });
}

function diagnose(code: number, extra: Partial<Parameters<typeof diagnoseEntraError>[0]> = {}): Diagnosis {
  const assertion = extra.assertion ?? miToken();
  const diagnosis = diagnoseEntraError({
    aadsts: [code],
    errorDescription: `AADSTS${code}: refused.`,
    assertion,
    tenantId: homeTenant,
    clientId: appId,
    authorityHost: "https://login.microsoftonline.com",
    audience: "api://AzureADTokenExchange",
    now,
    ...extra,
  });
  const text = formatDiagnosis(diagnosis);
  expect(text).not.toContain(assertion);
  // The whole text a user reads, pinned per case (test/__snapshots__): a changed word shows in review.
  expect(text).toMatchSnapshot();
  return diagnosis;
}

const causes = (diagnosis: Diagnosis) => diagnosis.likelyCauses.join("\n");

describe("diagnoseEntraError for a managed identity's token as the assertion", () => {
  it("recognises an Entra-issued token, but not Azure Pipelines' Entra-issued one", () => {
    expect(issuerPlatform(issuer, objectId)).toBe("managed-identity");
    expect(issuerPlatform(issuer, "/eid1/c/pub/t/x/a/y/sc/z/w")).toBe("azure-pipelines");
    expect(issuerPlatform(`https://login.microsoftonline.com/${homeTenant}/`, objectId)).toBeUndefined();
  });

  it("AADSTS700213: the subject is the object id, and says so when a FIC names the client id", () => {
    const diagnosis = diagnose(700213, {
      federatedCredentials: [
        { name: "mi", issuer, subject: identityClientId, audiences: ["api://AzureADTokenExchange"] },
      ],
    });
    expect(diagnosis.likelyCauses[0]).toContain(`object id ${objectId}, client id ${identityClientId}`);
    expect(causes(diagnosis)).toContain(
      `The credential's subject is the identity's client id (${identityClientId}); it must be its object (principal) id ${objectId}`,
    );
  });

  it("AADSTS700211: the issuer names the identity's home tenant with /v2.0, and the app must live there", () => {
    const text = causes(diagnose(700211, { tenantId: customerTenant }));
    expect(text).toContain(`home tenant ${homeTenant} and end with /v2.0`);
    expect(text).toContain(`not the tenant the token is asked in (${customerTenant})`);
    expect(text).toContain(`must be registered in the identity's home tenant ${homeTenant}`);
  });

  it("AADSTS700213 asked in another tenant: the credential belongs on the home tenant's app, not in the tenant asked", () => {
    const text = causes(diagnose(700213, { tenantId: customerTenant }));
    expect(text).toContain(
      `it belongs on the app registered in the identity's home tenant ${homeTenant}, not in tenant ${customerTenant}`,
    );
    expect(text).not.toContain(`or in another tenant than ${customerTenant}`);
  });

  it("AADSTS700212: another cloud's audience", () => {
    const text = causes(diagnose(700212, { assertion: miToken({ aud: "api://AzureADTokenExchangeUSGov" }) }));
    expect(text).toContain('"api://AzureADTokenExchangeUSGov" (the US Gov cloud');
    expect(text).toContain("must all be in one cloud");
  });

  it("AADSTS700016 in another tenant: the app must be multi-tenant and provisioned there", () => {
    const diagnosis = diagnose(700016, { tenantId: customerTenant });
    expect(causes(diagnosis)).toContain(
      `must be multi-tenant (signInAudience AzureADMultipleOrgs) and provisioned in ${customerTenant}`,
    );
    expect((diagnosis.commands ?? []).join("\n")).toContain(
      `${customerTenant}/adminconsent?client_id=${appId}`,
    );
  });

  it("AADSTS70021: names the issuer, the subject and the audience a managed identity's credential needs", () => {
    const text = causes(diagnose(70021));
    expect(text).toContain(`home tenant ${homeTenant} and end with /v2.0`);
    expect(text).toContain("not the tenant the token is asked in and not the v1 issuer");
    expect(text).toContain(
      `A common mistake: the credential's subject is the identity's client id (${identityClientId})`,
    );
    expect(text).toContain(
      "The credential's audience must be the token's, \"api://AzureADTokenExchange\" (the public cloud",
    );
  });

  it("takes the tenant from the issuer and the object id from the subject when the token lacks tid, oid and azp", () => {
    const bare = miToken({ tid: undefined, oid: undefined, azp: undefined });
    const text = causes(diagnose(700213, { assertion: bare }));
    expect(text).toContain(`managed identity's token (object id ${objectId}, home tenant ${homeTenant})`);
    expect(text).toContain(
      `the credential's subject is the identity's client id; it must be its object (principal) id ${objectId}`,
    );
  });

  it("ignores claims that are not short strings", () => {
    const odd = miToken({ tid: "t".repeat(201), oid: 42, azp: ["x"] });
    expect(causes(diagnose(700213, { assertion: odd }))).toContain(
      `managed identity's token (object id ${objectId}, home tenant ${homeTenant})`,
    );
    const long = "o".repeat(200);
    expect(causes(diagnose(700213, { assertion: miToken({ oid: long }) }))).toContain(`(object id ${long},`);
  });

  it("compares a credential's subject with the client id in any case, and skips credentials without one", () => {
    const text = causes(
      diagnose(7002137, {
        federatedCredentials: [
          { name: "none", issuer, audiences: ["api://AzureADTokenExchange"] },
          {
            name: "mi",
            issuer,
            subject: identityClientId.toUpperCase(),
            audiences: ["api://AzureADTokenExchange"],
          },
        ],
      }),
    );
    expect(text).toContain(`The credential's subject is the identity's client id (${identityClientId})`);
    const withoutAzp = causes(
      diagnose(7002137, {
        assertion: miToken({ azp: undefined }),
        federatedCredentials: [
          { name: "mi", issuer, subject: "anything", audiences: ["api://AzureADTokenExchange"] },
        ],
      }),
    );
    expect(withoutAzp).toContain(
      "A common mistake: the credential's subject is the identity's client id; it must be",
    );
  });

  it("finds the cloud of any of the token's audiences", () => {
    const text = causes(
      diagnose(700212, { assertion: miToken({ aud: ["api://other", "api://AzureADTokenExchangeChina"] }) }),
    );
    expect(text).toContain('"api://other" (the China cloud\'s exchange audience)');
  });

  it("AADSTS700016 in the identity's own tenant, in any letter case, adds no provisioning cause", () => {
    for (const tenantId of [homeTenant, homeTenant.toUpperCase()]) {
      const diagnosis = diagnose(700016, { tenantId });
      expect(causes(diagnosis)).not.toContain("must be multi-tenant");
      expect((diagnosis.commands ?? []).join("\n")).not.toContain("adminconsent");
    }
  });

  it("adds nothing for another platform's token", () => {
    const github = unsignedJwt({
      iss: "https://token.actions.githubusercontent.com",
      sub: "repo:contoso/app:ref:refs/heads/main",
      aud: "api://AzureADTokenExchange",
      exp: now / 1000 + 300,
    });
    expect(causes(diagnose(700213, { assertion: github }))).not.toContain("managed identity's token");
  });
});

describe("diagnoseEntraError: the refusals of an Entra-issued assertion and of provisioning", () => {
  it("AADSTS700236: the identity and the app in different home tenants, with the fix in the identity's tenant", () => {
    const description = `AADSTS700236: Entra ID tokens issued by issuer '${issuer}' may not be used for federated identity credential flows for applications or managed identities registered in this tenant. Trace ID: x Correlation ID: y Timestamp: 2026-12-01 12:00:00Z`;
    const diagnosis = diagnose(700236, { tenantId: customerTenant, errorDescription: description });
    expect(diagnosis.summary).toContain(`issued by tenant ${homeTenant}`);
    expect(diagnosis.summary).toContain("an app can trust only the managed identities of its own tenant");
    expect(causes(diagnosis)).toContain(`the identity in ${homeTenant}, the app elsewhere`);
    expect(diagnosis.fix.join("\n")).toContain(
      `multi-tenant app registration of the identity's home tenant ${homeTenant}`,
    );
    expect(diagnosis.fix.join("\n")).toContain(`Provision that app in tenant ${customerTenant}`);
    expect(diagnosis.suggestedCredential).toMatchObject({ issuer, subject: objectId });
    expect(causes(diagnosis)).not.toContain("The assertion is a managed identity's token");
    // Without the token, the issuer Entra quotes is enough.
    const quoted = diagnoseEntraError({
      aadsts: [700236],
      errorDescription: description,
      tenantId: customerTenant,
      clientId: appId,
      authorityHost: "https://login.microsoftonline.com",
      audience: "api://AzureADTokenExchange",
    });
    expect(quoted.summary).toContain(`issued by tenant ${homeTenant}`);
  });

  it("AADSTS700236 names the tenant in the token's tid, else the one in its issuer (any letter case, with or without a slash)", () => {
    const otherTenant = "eeeeeeee-0000-4000-8000-000000000005";
    const tenantOf = (claims: Record<string, unknown>) =>
      diagnoseEntraError({
        aadsts: [700236],
        errorDescription: "AADSTS700236: refused.",
        assertion: miToken(claims),
        tenantId: customerTenant,
        clientId: appId,
        authorityHost: "https://login.microsoftonline.com",
        audience: "api://AzureADTokenExchange",
        now,
      }).summary.match(/issued by tenant (.+?)\) as a credential/)?.[1];
    expect(tenantOf({ tid: otherTenant })).toBe(otherTenant);
    expect(tenantOf({ tid: otherTenant.toUpperCase() })).toBe(otherTenant.toUpperCase());
    expect(tenantOf({ tid: "contoso.onmicrosoft.com" })).toBe(homeTenant);
    expect(tenantOf({ tid: undefined })).toBe(homeTenant);
    expect(tenantOf({ tid: 42 })).toBe(homeTenant);
    expect(tenantOf({ tid: [otherTenant] })).toBe(homeTenant);
    expect(tenantOf({ tid: undefined, iss: `${issuer}/` })).toBe(homeTenant);
    expect(tenantOf({ tid: undefined, iss: `https://login.microsoftonline.com/${homeTenant}/V2.0` })).toBe(
      homeTenant,
    );
    expect(tenantOf({ tid: undefined, iss: `https://login.microsoftonline.com/${homeTenant}` })).toBe(
      homeTenant,
    );
    expect(tenantOf({ tid: undefined, iss: "https://login.microsoftonline.com/contoso.com/v2.0" })).toBe(
      "the tenant in the token's issuer",
    );
    expect(tenantOf({ tid: undefined, iss: `https://login.microsoftonline.com/${homeTenant}/v2.0/x` })).toBe(
      "the tenant in the token's issuer",
    );
  });

  it("AADSTS700236 with a token it cannot read and no quoted issuer: no credential to suggest, the identity's principal id to fill in", () => {
    const diagnosis = diagnose(700236, { assertion: "opaque-token-value", tenantId: customerTenant });
    expect(diagnosis.summary).toContain("issued by tenant the tenant in the token's issuer");
    expect(diagnosis.suggestedCredential).toBeUndefined();
    expect(diagnosis.commands).toContain(
      `az identity list --query "[?principalId=='<principal-id>'].{name: name, tenantId: tenantId}"   # the identity's`,
    );
    // Entra quotes the issuer alone: still no credential, as the subject is unknown.
    const quoted = diagnose(700236, {
      assertion: "opaque-token-value",
      tenantId: customerTenant,
      errorDescription: `AADSTS700236: Entra ID tokens issued by issuer '${issuer}' may not be used for federated identity credential flows for applications or managed identities registered in this tenant.`,
    });
    expect(quoted.summary).toContain(`issued by tenant ${homeTenant}`);
    expect(quoted.suggestedCredential).toBeUndefined();
    // A subject that is not an object id is not put in the command.
    const appToken = diagnose(700236, {
      assertion: miToken({ sub: "not-an-object-id" }),
      tenantId: customerTenant,
    });
    expect(appToken.commands?.join("\n")).toContain("principalId=='<principal-id>'");
  });

  it("AADSTS700222 and AADSTS700229: an Entra-issued token that is not a user-assigned identity's, for an app", () => {
    const entraIssued = diagnose(700222, { assertion: miToken({ sub: appId, oid: appId }) });
    expect(entraIssued.summary).toContain("a token Entra issued itself");
    expect(causes(entraIssued)).toContain("an app registration's own token");
    expect(entraIssued.fix.join("\n")).toContain("AZFED_MANAGED_IDENTITY_CLIENT_ID");
    expect(diagnose(700229).summary).toContain("only app-only tokens");
  });

  it("AADSTS7000229 and AADSTS65001: the app not provisioned or not consented in the tenant asked", () => {
    const missing = diagnose(7000229, { tenantId: customerTenant });
    expect(missing.summary).toContain(`no service principal in tenant ${customerTenant}`);
    expect(missing.commands).toContain(
      `https://login.microsoftonline.com/${customerTenant}/adminconsent?client_id=${appId}`,
    );
    expect(missing.commands).toContain(`az ad sp create --id ${appId}`);
    const usgov = diagnose(65001, {
      tenantId: customerTenant,
      authorityHost: "https://login.microsoftonline.us",
    });
    expect(usgov.summary).toContain(`No administrator of tenant ${customerTenant} has consented`);
    expect(usgov.commands).toEqual([
      `https://login.microsoftonline.us/${customerTenant}/adminconsent?client_id=${appId}`,
    ]);
  });

  it("suggests the FIC on the app registration only: a managed identity's token cannot be another identity's credential", () => {
    const diagnosis = diagnose(700213);
    const commands = (diagnosis.commands ?? []).join("\n");
    expect(commands).toContain(`az ad app federated-credential create --id ${appId}`);
    expect(commands).not.toContain("az identity federated-credential");
    expect(diagnosis.fix.join("\n")).toContain("the credential of an app registration only");
  });
});
