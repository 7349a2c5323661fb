import { federatedCredentialName, InvalidInputError } from "@azfed/core";
import { describe, expect, it } from "vitest";
import { spiffeFederatedCredential, spiffeId, spiffeSubject } from "../src/index";

describe("spiffeId", () => {
  it("joins the trust domain and the path, given as text or as segments", () => {
    expect(spiffeId({ trustDomain: "example.org", path: "/ns/demo-spiffe/sa/demo-sa" })).toBe(
      "spiffe://example.org/ns/demo-spiffe/sa/demo-sa",
    );
    expect(spiffeId({ trustDomain: "example.org", path: ["payments", "web_fe.v2"] })).toBe(
      "spiffe://example.org/payments/web_fe.v2",
    );
    expect(spiffeId({ trustDomain: "staging.example.com" })).toBe("spiffe://staging.example.com");
  });

  it.each([
    [{ trustDomain: "Example.org" }, "trustDomain", "lower case"],
    [{ trustDomain: "example.org:8443" }, "trustDomain", "letters, digits"],
    [{ trustDomain: "user@example.org" }, "trustDomain", "letters, digits"],
    [{ trustDomain: "exa%6dple.org" }, "trustDomain", "letters, digits"],
    [{ trustDomain: "" }, "trustDomain", "trust domain"],
    [{ trustDomain: "a".repeat(256) }, "trustDomain", "at most 255"],
    [{ trustDomain: "example.org", path: "ns/demo" }, "path", "starting with /"],
    [{ trustDomain: "example.org", path: "/ns//demo" }, "path", "not empty"],
    [{ trustDomain: "example.org", path: "/ns/demo/" }, "path", "not empty"],
    [{ trustDomain: "example.org", path: "/ns/../demo" }, "path", "not . or .."],
    [{ trustDomain: "example.org", path: "/ns/./demo" }, "path", "not . or .."],
    [{ trustDomain: "example.org", path: "/ns/d%20emo" }, "path", "percent-encoding"],
    [{ trustDomain: "example.org", path: "/ns/demo?x=1" }, "path", "query"],
    [{ trustDomain: "example.org", path: ["ns", ""] }, "path[1]", "not empty"],
    [{ trustDomain: "example.org", path: `/${"a".repeat(2048)}` }, "path", "at most 2048"],
  ])("refuses %j, naming %s", (parts, field, expected) => {
    let error: unknown;
    try {
      spiffeId(parts);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe(field);
    expect((error as InvalidInputError).message).toContain(expected);
  });
});

describe("spiffeSubject", () => {
  it("is the SPIFFE ID, from the whole ID or its parts", () => {
    const id = "spiffe://example.org/ns/demo-spiffe/sa/demo-sa";
    expect(spiffeSubject({ spiffeId: id })).toBe(id);
    expect(spiffeSubject({ trustDomain: "example.org", path: "/ns/demo-spiffe/sa/demo-sa" })).toBe(id);
  });

  it.each([
    ["SPIFFE://example.org/web", "lower case"],
    ["spiffe://EXAMPLE.org/web", "lower case"],
    ["https://example.org/web", "spiffe://"],
    ["spiffe://example.org/web/", "not empty"],
    ["spiffe://example.org/web#x", "percent-encoding, query or fragment"],
    ["spiffe:///web", "trust domain"],
    [" spiffe://example.org/web", "whitespace"],
  ])("refuses the SPIFFE ID %j", (id, expected) => {
    expect(() => spiffeSubject({ spiffeId: id })).toThrow(expected);
    expect(() => spiffeSubject({ spiffeId: id })).toThrow(InvalidInputError);
  });

  it("refuses an ID over Entra's 600 characters that the SPIFFE standard allows", () => {
    const id = `spiffe://example.org/${"a".repeat(600)}`;
    expect(() => spiffeSubject({ spiffeId: id })).toThrow(/subject.*at most 600/s);
  });

  it("refuses both an ID and its parts", () => {
    const both = { spiffeId: "spiffe://example.org/a", trustDomain: "example.org" } as never;
    expect(() => spiffeSubject(both)).toThrow(/not both/);
  });
});

describe("spiffeFederatedCredential", () => {
  it("is the credential of the Entra tutorial: issuer the discovery provider, subject the SPIFFE ID", () => {
    const fic = spiffeFederatedCredential({
      issuer: "https://oidc.contoso.com",
      spiffeId: "spiffe://example.org/ns/demo-spiffe/sa/demo-sa",
    });
    expect(fic).toMatchObject({
      issuer: "https://oidc.contoso.com",
      subject: "spiffe://example.org/ns/demo-spiffe/sa/demo-sa",
      audiences: ["api://AzureADTokenExchange"],
      name: "spiffe-example-org-ns-demo-spiffe-sa-demo-sa",
      description: "SPIFFE workload spiffe://example.org/ns/demo-spiffe/sa/demo-sa",
    });
    expect(fic.name).toBe(federatedCredentialName({ iss: fic.issuer, sub: fic.subject ?? "" }));
  });

  it("refuses an issuer that is not https", () => {
    expect(() =>
      spiffeFederatedCredential({ issuer: "http://oidc.contoso.com", spiffeId: "spiffe://example.org/a" }),
    ).toThrow(/issuer/);
  });
});
