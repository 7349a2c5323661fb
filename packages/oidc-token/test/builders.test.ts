import { InvalidInputError, issuerPlatform, validateFederatedIdentityCredential } from "@azfed/core";
import { describe, expect, it } from "vitest";
import {
  jenkinsFederatedCredential,
  jenkinsIssuer,
  jenkinsSubject,
  spaceliftFederatedCredential,
  spaceliftIssuer,
  spaceliftSubject,
} from "../src/index";

describe("Spacelift builders", () => {
  it("builds the default subject for a stack and a module", () => {
    // The Azure guide's example subject (spacelift-io/user-documentation, commit 6e9746f).
    expect(
      spaceliftSubject({
        spaceId: "legacy-01KJMM56VS4W3AL9YZWVCXBX8D",
        stack: "azure-oidc-test",
        runType: "TRACKED",
        scope: "read",
      }),
    ).toBe("space:legacy-01KJMM56VS4W3AL9YZWVCXBX8D:stack:azure-oidc-test:run_type:TRACKED:scope:read");
    expect(spaceliftSubject({ spaceId: "root", module: "net", runType: "TESTING", scope: "write" })).toBe(
      "space:root:module:net:run_type:TESTING:scope:write",
    );
  });

  it.each([
    [{ spaceId: "root", runType: "TRACKED", scope: "write" }, "stack"],
    [{ spaceId: "root", stack: "a", module: "b", runType: "TRACKED", scope: "write" }, "stack"],
    [{ spaceId: "ro:ot", stack: "a", runType: "TRACKED", scope: "write" }, "spaceId"],
    [{ spaceId: "root", stack: "my stack", runType: "TRACKED", scope: "write" }, "stack"],
    [{ spaceId: "root", stack: "a", runType: "tracked", scope: "write" }, "runType"],
    [{ spaceId: "root", stack: "a", runType: "TRACKED", scope: "admin" }, "scope"],
  ])("refuses %j, naming %s", (options, field) => {
    expect(() => spaceliftSubject(options as never)).toThrow(expect.objectContaining({ field }));
  });

  it("builds the issuer from the account, or takes a self-hosted one", () => {
    expect(spaceliftIssuer({ account: "demo" })).toBe("https://demo.app.spacelift.io");
    expect(spaceliftIssuer({ issuer: "https://spacelift.example.com" })).toBe(
      "https://spacelift.example.com",
    );
    expect(() => spaceliftIssuer({ account: "Demo" })).toThrow(InvalidInputError);
    expect(() => spaceliftIssuer({ account: "demo.app.spacelift.io" })).toThrow(InvalidInputError);
    expect(() => spaceliftIssuer({})).toThrow(InvalidInputError);
  });

  it("makes a credential whose audience is the account host, as Spacelift's Azure guide says", () => {
    const fic = spaceliftFederatedCredential({
      account: "demo",
      spaceId: "root",
      stack: "infra",
      runType: "TRACKED",
      scope: "write",
    });
    expect(fic).toEqual({
      name: "spacelift-root-infra-tracked-write",
      issuer: "https://demo.app.spacelift.io",
      subject: "space:root:stack:infra:run_type:TRACKED:scope:write",
      audiences: ["demo.app.spacelift.io"],
      description: "Spacelift space:root:stack:infra:run_type:TRACKED:scope:write",
    });
    expect(issuerPlatform(fic.issuer, fic.subject)).toBe("spacelift");
    expect(validateFederatedIdentityCredential(fic).errors).toEqual([]);
  });
});

describe("Jenkins builders", () => {
  it("builds the plugin's issuer at the root and in a folder", () => {
    expect(jenkinsIssuer({ jenkinsUrl: "https://jenkins.example.com/" })).toBe(
      "https://jenkins.example.com/oidc",
    );
    expect(jenkinsIssuer({ jenkinsUrl: "https://ci.example.com/jenkins" })).toBe(
      "https://ci.example.com/jenkins/oidc",
    );
    expect(jenkinsIssuer({ jenkinsUrl: "https://jenkins.example.com/", folder: "team/payments" })).toBe(
      "https://jenkins.example.com/oidc/job/team/job/payments",
    );
    expect(jenkinsIssuer({ issuer: "https://id.example.com/jenkins" })).toBe(
      "https://id.example.com/jenkins",
    );
  });

  it("refuses an http Jenkins as issuer (Entra needs https) and names it folders Jenkins escapes", () => {
    expect(() => jenkinsIssuer({ jenkinsUrl: "http://jenkins.example.com/" })).toThrow(
      expect.objectContaining({ field: "jenkinsUrl" }),
    );
    expect(() => jenkinsIssuer({ jenkinsUrl: "https://jenkins.example.com/", folder: "my team" })).toThrow(
      expect.objectContaining({ field: "folder" }),
    );
  });

  it("builds the job URL subject, with its trailing slash", () => {
    expect(jenkinsSubject({ jenkinsUrl: "https://jenkins.example.com", job: "payments/api" })).toBe(
      "https://jenkins.example.com/job/payments/job/api/",
    );
    expect(jenkinsSubject({ jobUrl: "https://jenkins.example.com/job/my-job/" })).toBe(
      "https://jenkins.example.com/job/my-job/",
    );
  });

  it("refuses a job URL without its trailing slash, saying which to use", () => {
    expect(() => jenkinsSubject({ jobUrl: "https://jenkins.example.com/job/my-job" })).toThrow(
      /use https:\/\/jenkins\.example\.com\/job\/my-job\//,
    );
    expect(() => jenkinsSubject({ jobUrl: "https://jenkins.example.com/view/all/" })).toThrow(
      InvalidInputError,
    );
    expect(() => jenkinsSubject({})).toThrow(expect.objectContaining({ field: "jobUrl" }));
  });

  it("makes the credential, reading the root from the job URL when no jenkinsUrl is given", () => {
    const fic = jenkinsFederatedCredential({ jobUrl: "https://jenkins.example.com/job/payments/job/api/" });
    expect(fic).toEqual({
      name: "jenkins-payments-api",
      issuer: "https://jenkins.example.com/oidc",
      subject: "https://jenkins.example.com/job/payments/job/api/",
      audiences: ["api://AzureADTokenExchange"],
      description: "Jenkins job https://jenkins.example.com/job/payments/job/api/",
    });
    expect(issuerPlatform(fic.issuer, fic.subject)).toBe("jenkins");
    expect(validateFederatedIdentityCredential(fic)).toMatchObject({ errors: [], warnings: [] });
  });
});
