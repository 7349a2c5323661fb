import { describe, expect, it } from "vitest";
import { parseEntraErrorDescription } from "../src/diagnosis/entra-error-description";

describe("parseEntraErrorDescription", () => {
  it("reads AADSTS70021's issuer, subject and audience and drops the trace lines", () => {
    const parsed = parseEntraErrorDescription(
      "AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://kubernetes.default.svc.cluster.local'. Assertion Subject: 'system:serviceaccount:default:workload-identity-sa'. Assertion Audience: 'api://AzureADTokenExchange'. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation\r\nTrace ID: 30b6df93-efd2-459c-ae6a-bad0838f6f00\r\nCorrelation ID: dffc6012-a4af-4f00-80ab-3e831069b3cc\r\nTimestamp: 2022-10-27 23:39:22Z",
    );
    expect(parsed).toMatchObject({
      codes: [70021],
      issuer: "https://kubernetes.default.svc.cluster.local",
      subject: "system:serviceaccount:default:workload-identity-sa",
      audience: "api://AzureADTokenExchange",
    });
    expect(parsed.message).toMatch(/^AADSTS70021: No matching .*workload-identity-federation$/);
  });

  it("reads Azure DevOps' unquoted issuer", () => {
    expect(
      parseEntraErrorDescription(
        "AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: https://app.vstoken.visualstudio.com. More text",
      ).issuer,
    ).toBe("https://app.vstoken.visualstudio.com");
  });

  it.each([
    [
      "issuer",
      "AADSTS700211: No matching federated identity record found for presented assertion issuer 'https://gitlab.com'.",
    ],
    [
      "audience",
      "AADSTS700212: No matching federated identity record found for presented assertion audience 'api://x'.",
    ],
    [
      "subject",
      "AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:o/r:pull_request'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion.",
    ],
  ])("reads the quoted %s of the specific codes", (field, description) => {
    const parsed = parseEntraErrorDescription(description);
    expect(
      Object.keys(parsed).filter(
        (key) => ["issuer", "subject", "audience"].includes(key) && parsed[key as "issuer"] !== undefined,
      ),
    ).toEqual([field]);
  });

  it("drops values Azure DevOps masks as ***", () => {
    expect(
      parseEntraErrorDescription(
        "AADSTS700213: No matching federated identity record found for presented assertion subject '***'.",
      ).subject,
    ).toBeUndefined();
  });

  it("reads the subject AADSTS7002137 expects", () => {
    expect(
      parseEntraErrorDescription(
        "AADSTS7002137: No matching federated identity record found for presented assertion subject '/eid1/a'. Please make sure the federated identity credential Subject is '/eid1/b'. Trace ID: x",
      ),
    ).toMatchObject({ subject: "/eid1/a", expectedSubject: "/eid1/b" });
  });

  it("reads AADSTS700024's times, treating 1970 as no start", () => {
    const parsed = parseEntraErrorDescription(
      "AADSTS700024: Client assertion is not within its valid time range. Current time: 2024-10-02T22:05:03.6755165Z, assertion valid from 1970-01-01T00:00:00.0000000Z, expiry time of assertion 2024-10-02T21:30:53.0000000Z. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials . Trace ID: 7a84b74b",
    );
    expect(parsed.entraTime).toBe(Date.parse("2024-10-02T22:05:03.675Z"));
    expect(parsed.validFrom).toBeUndefined();
    expect(parsed.validUntil).toBe(Date.parse("2024-10-02T21:30:53Z"));
  });

  it("reads AADSTS900144's missing parameter", () => {
    expect(
      parseEntraErrorDescription(
        "AADSTS900144: The request body must contain the following parameter: 'client_assertion'.",
      ).missingParameter,
    ).toBe("client_assertion");
  });

  it("returns only codes and the message for text it does not know", () => {
    expect(parseEntraErrorDescription("AADSTS50000 and AADSTS50001: something")).toEqual({
      codes: [50000, 50001],
      message: "AADSTS50000 and AADSTS50001: something",
    });
  });
  it("joins lines, whether the newlines are real or escaped, and cuts the message at the trace lines", () => {
    const parsed = parseEntraErrorDescription(
      "  AADSTS7000215: first line\\r\\nsecond line\rthird\nfourth   and  more.Trace ID: 1 Correlation ID: 2",
    );
    expect(parsed.message).toBe("AADSTS7000215: first line second line third fourth and more.");
    expect(parseEntraErrorDescription("AADSTS1: refused. Correlation ID: 2").message).toBe(
      "AADSTS1: refused.",
    );
    expect(parseEntraErrorDescription("AADSTS1: refused.\nTimestamp: 2025").message).toBe(
      "AADSTS1: refused.",
    );
    expect(parseEntraErrorDescription("AADSTS50027: bad.").codes).toEqual([50027]);
  });

  it("reads AADSTS700024's three times", () => {
    const parsed = parseEntraErrorDescription(
      "AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-03-01T12:03:00.0000000Z, assertion valid from 2025-03-01T11:53:20.0000000Z, expiry time of assertion 2025-03-01T11:58:20.0000000Z.",
    );
    expect(parsed.entraTime).toBe(Date.parse("2025-03-01T12:03:00Z"));
    expect(parsed.validFrom).toBe(Date.parse("2025-03-01T11:53:20Z"));
    expect(parsed.validUntil).toBe(Date.parse("2025-03-01T11:58:20Z"));
    expect(
      parseEntraErrorDescription("AADSTS700024: expiry time of assertion 2025-03-01T11:58:20.0000000Z")
        .validUntil,
    ).toBe(Date.parse("2025-03-01T11:58:20Z"));
  });

  it("ignores a time that is not a date", () => {
    const parsed = parseEntraErrorDescription(
      "AADSTS700024: Current time: soon, assertion valid from later, expiry time of assertion never.",
    );
    expect(parsed).toMatchObject({ entraTime: undefined, validFrom: undefined, validUntil: undefined });
  });

  it("trims the values it reads, and drops empty and fully masked ones", () => {
    expect(parseEntraErrorDescription("Assertion Subject: ' repo:contoso/app '.").subject).toBe(
      "repo:contoso/app",
    );
    expect(parseEntraErrorDescription("Assertion Subject: ''.").subject).toBeUndefined();
    expect(parseEntraErrorDescription("Assertion Subject: '  '.").subject).toBeUndefined();
    expect(parseEntraErrorDescription("Assertion Subject: '****'.").subject).toBeUndefined();
    expect(parseEntraErrorDescription("Assertion Subject: '**ab'.").subject).toBe("**ab");
    expect(parseEntraErrorDescription("Assertion Subject: 'ab**'.").subject).toBe("ab**");
  });

  it("reads an unquoted issuer at the very end of the text, with or without a final period", () => {
    expect(parseEntraErrorDescription("Assertion Issuer: https://app.vstoken.visualstudio.com").issuer).toBe(
      "https://app.vstoken.visualstudio.com",
    );
    expect(parseEntraErrorDescription("Assertion Issuer: https://app.vstoken.visualstudio.com.").issuer).toBe(
      "https://app.vstoken.visualstudio.com",
    );
  });

  it.each([
    ["assertion issuer: 'https://a.example'", "issuer", "https://a.example"],
    ["PRESENTED ASSERTION ISSUER 'https://b.example'", "issuer", "https://b.example"],
    ["Tokens Issued By Issuer 'https://c.example'", "issuer", "https://c.example"],
    ["assertion subject: 'sub-a'", "subject", "sub-a"],
    ["Presented Assertion Subject 'sub-b'", "subject", "sub-b"],
    ["assertion audience: 'aud-a'", "audience", "aud-a"],
    ["Presented Assertion Audience 'aud-b'", "audience", "aud-b"],
    ["Credential subject is 'expected-sub'", "expectedSubject", "expected-sub"],
    ["Following Parameter: 'client_assertion'", "missingParameter", "client_assertion"],
  ])("reads %s whatever the letter case", (text, field, value) => {
    expect(parseEntraErrorDescription(`AADSTS1: ${text}.`)).toMatchObject({ [field]: value });
  });
});
