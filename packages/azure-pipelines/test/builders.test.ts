import { InvalidInputError, validateFederatedIdentityCredential } from "@azfed/core";
import { describe, expect, it } from "vitest";
import { guidToBase64Url } from "../src/guid";
import {
  AZURE_DEVOPS_APPLICATION_ID,
  azurePipelinesEntraIssuer,
  azurePipelinesEntraSubject,
  azurePipelinesFederatedCredential,
  azurePipelinesIssuer,
  azurePipelinesSubject,
  azurePipelinesSubjectFromEnvironment,
} from "../src/index";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const ORG_ID = "7e3c3b0c-3d2a-4b55-9d0e-2f1a6c5b8e01";
const CONNECTION_ID = "0c6b9a0e-8f3e-4a4d-9b53-1c2d3e4f5a6b";

describe("GUID encoding in .NET byte order", () => {
  it("encodes the Azure DevOps application id to rISbSSETf0KqFyZ8ppdXmA", () => {
    expect(guidToBase64Url(AZURE_DEVOPS_APPLICATION_ID)).toBe("rISbSSETf0KqFyZ8ppdXmA");
  });

  it("reverses the first three groups and keeps the last two", () => {
    // 00010203-0405-0607-0809-0a0b0c0d0e0f -> bytes 03 02 01 00 05 04 07 06 08 09 0a 0b 0c 0d 0e 0f
    const bytes = Buffer.from(guidToBase64Url("00010203-0405-0607-0809-0a0b0c0d0e0f"), "base64url");
    expect([...bytes]).toEqual([3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(guidToBase64Url(TENANT)).toBe("v4j5cvGGr0GRqy180BHbRw");
  });
});

describe("azurePipelinesEntraSubject and azurePipelinesEntraIssuer", () => {
  it("builds /eid1/c/pub/t/{T}/a/{A}/sc/{org}/{connection}", () => {
    expect(
      azurePipelinesEntraSubject({
        tenantId: TENANT,
        organizationId: ORG_ID,
        serviceConnectionId: CONNECTION_ID,
      }),
    ).toBe(`/eid1/c/pub/t/v4j5cvGGr0GRqy180BHbRw/a/rISbSSETf0KqFyZ8ppdXmA/sc/${ORG_ID}/${CONNECTION_ID}`);
    expect(azurePipelinesEntraIssuer({ tenantId: TENANT })).toBe(
      `https://login.microsoftonline.com/${TENANT}/v2.0`,
    );
  });

  it("writes GUIDs in lower case, as Azure DevOps does", () => {
    expect(
      azurePipelinesEntraSubject({
        tenantId: TENANT.toUpperCase(),
        organizationId: ORG_ID.toUpperCase(),
        serviceConnectionId: CONNECTION_ID.toUpperCase(),
      }),
    ).toBe(
      azurePipelinesEntraSubject({
        tenantId: TENANT,
        organizationId: ORG_ID,
        serviceConnectionId: CONNECTION_ID,
      }),
    );
  });

  it.each([
    [
      { tenantId: "contoso.onmicrosoft.com", organizationId: ORG_ID, serviceConnectionId: CONNECTION_ID },
      "tenantId",
    ],
    [{ tenantId: TENANT, organizationId: "contoso", serviceConnectionId: CONNECTION_ID }, "organizationId"],
    [
      { tenantId: TENANT, organizationId: ORG_ID, serviceConnectionId: "prod-subscription" },
      "serviceConnectionId",
    ],
    [
      { tenantId: TENANT, organizationId: ORG_ID, serviceConnectionId: `{${CONNECTION_ID}}` },
      "serviceConnectionId",
    ],
    [
      { tenantId: TENANT, organizationId: ORG_ID, serviceConnectionId: ` ${CONNECTION_ID}` },
      "serviceConnectionId",
    ],
  ])("refuses %j naming %s", (options, field) => {
    try {
      azurePipelinesEntraSubject(options);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).toBe(field);
      expect((error as Error).message).toMatch(/expected a GUID such as/);
    }
  });
});

describe("azurePipelinesSubject and azurePipelinesIssuer", () => {
  it("builds sc://{org}/{project}/{connection} keeping spaces, case and unicode", () => {
    expect(
      azurePipelinesSubject({
        organization: "Contoso",
        project: "Web Platform",
        serviceConnection: "Prod: Ünïcode",
      }),
    ).toBe("sc://Contoso/Web Platform/Prod: Ünïcode");
    expect(azurePipelinesIssuer({ organizationId: ORG_ID.toUpperCase() })).toBe(
      `https://vstoken.dev.azure.com/${ORG_ID}`,
    );
  });

  it.each([
    [{ organization: "", project: "web", serviceConnection: "prod" }, "organization"],
    [{ organization: "contoso corp", project: "web", serviceConnection: "prod" }, "organization"],
    [{ organization: "-contoso", project: "web", serviceConnection: "prod" }, "organization"],
    [{ organization: "contoso", project: "web/app", serviceConnection: "prod" }, "project"],
    [{ organization: "contoso", project: " web", serviceConnection: "prod" }, "project"],
    [{ organization: "contoso", project: "web", serviceConnection: "" }, "serviceConnection"],
    [{ organization: "contoso", project: "web", serviceConnection: "prod\t" }, "serviceConnection"],
    [{ organization: "contoso", project: "web", serviceConnection: "p".repeat(600) }, "subject"],
  ])("refuses %j naming %s", (options, field) => {
    expect(() => azurePipelinesSubject(options)).toThrow(new RegExp(`^Invalid ${field}:`));
  });
});

describe("azurePipelinesFederatedCredential", () => {
  it("builds a valid Entra-issuer credential", () => {
    const fic = azurePipelinesFederatedCredential({
      format: "entra",
      tenantId: TENANT,
      organizationId: ORG_ID,
      serviceConnectionId: CONNECTION_ID,
    });
    expect(fic).toEqual({
      name: `azure-pipelines-${CONNECTION_ID}`,
      issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      subject: `/eid1/c/pub/t/v4j5cvGGr0GRqy180BHbRw/a/rISbSSETf0KqFyZ8ppdXmA/sc/${ORG_ID}/${CONNECTION_ID}`,
      audiences: ["api://AzureADTokenExchange"],
      description: `Azure Pipelines service connection ${CONNECTION_ID} (Entra issuer)`,
    });
    expect(validateFederatedIdentityCredential(fic)).toMatchObject({ valid: true, errors: [] });
  });

  it("builds a valid legacy credential", () => {
    const fic = azurePipelinesFederatedCredential({
      format: "legacy",
      organization: "contoso",
      organizationId: ORG_ID,
      project: "Web Platform",
      serviceConnection: "prod subscription",
    });
    expect(fic.issuer).toBe(`https://vstoken.dev.azure.com/${ORG_ID}`);
    expect(fic.subject).toBe("sc://contoso/Web Platform/prod subscription");
    expect(fic.name).toBe("azure-pipelines-contoso-Web-Platform-prod-subscription");
    expect(validateFederatedIdentityCredential(fic)).toMatchObject({ valid: true, errors: [] });
  });

  it("takes another https issuer, name and description", () => {
    const fic = azurePipelinesFederatedCredential({
      format: "legacy",
      organization: "contoso",
      organizationId: ORG_ID,
      project: "web",
      serviceConnection: "prod",
      issuer: "https://ado.example.com/tfs",
      name: "ado-prod",
      description: "deployments",
    });
    expect(fic).toMatchObject({
      issuer: "https://ado.example.com/tfs",
      name: "ado-prod",
      description: "deployments",
    });
    expect(() =>
      azurePipelinesFederatedCredential({
        format: "legacy",
        organization: "contoso",
        organizationId: ORG_ID,
        project: "web",
        serviceConnection: "prod",
        issuer: "http://ado.example.com",
      }),
    ).toThrow(/Invalid issuer/);
  });

  it("refuses an unknown format", () => {
    expect(() =>
      azurePipelinesFederatedCredential({ format: "v2" } as unknown as Parameters<
        typeof azurePipelinesFederatedCredential
      >[0]),
    ).toThrow(/Invalid format: got "v2"; expected "entra"/);
  });
});

describe("azurePipelinesSubjectFromEnvironment", () => {
  const job = {
    TF_BUILD: "True",
    SYSTEM_COLLECTIONURI: "https://dev.azure.com/contoso/",
    SYSTEM_COLLECTIONID: ORG_ID,
    SYSTEM_TEAMPROJECT: "Web Platform",
    AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: CONNECTION_ID,
    AZURESUBSCRIPTION_TENANT_ID: TENANT,
  };

  it("gives the Entra subject and says the connection name is unknown", () => {
    const result = azurePipelinesSubjectFromEnvironment(job);
    expect(result.organization).toBe("contoso");
    expect(result.project).toBe("Web Platform");
    expect(result.entra).toBe(
      azurePipelinesEntraSubject({
        tenantId: TENANT,
        organizationId: ORG_ID,
        serviceConnectionId: CONNECTION_ID,
      }),
    );
    expect(result.legacy).toBeUndefined();
    expect(result.unknown).toEqual([
      expect.stringMatching(/service connection's name is in no job variable/),
    ]);
  });

  it("gives the legacy subject when the connection's name is passed, and reads visualstudio.com URLs", () => {
    const result = azurePipelinesSubjectFromEnvironment(
      { ...job, SYSTEM_COLLECTIONURI: "https://fabrikam.visualstudio.com/", AZURESUBSCRIPTION_TENANT_ID: "" },
      { serviceConnection: "prod" },
    );
    expect(result.legacy).toBe("sc://fabrikam/Web Platform/prod");
    expect(result.entra).toBeUndefined();
    expect(result.unknown).toEqual([
      expect.stringMatching(/needs the tenant id \(AZURESUBSCRIPTION_TENANT_ID/),
    ]);
  });

  it("names the missing variable outside Azure Pipelines", () => {
    expect(() => azurePipelinesSubjectFromEnvironment({})).toThrow(
      /Invalid SYSTEM_COLLECTIONURI: got undefined/,
    );
    expect(() => azurePipelinesSubjectFromEnvironment({ ...job, SYSTEM_TEAMPROJECT: undefined })).toThrow(
      /Invalid SYSTEM_TEAMPROJECT/,
    );
  });
});
