import { InvalidInputError, validateFederatedIdentityCredential } from "@azfed/core";
import { describe, expect, it } from "vitest";
import {
  terraformFederatedCredential,
  terraformFederatedCredentials,
  terraformFlexibleFederatedCredential,
  terraformIssuer,
  terraformSubject,
} from "../src/index";

const WORKSPACE = { organization: "contoso", project: "Default Project", workspace: "networking-prod" };

describe("terraform builders", () => {
  it("builds the subject of each run phase, keeping the project's spaces", () => {
    expect(terraformSubject({ ...WORKSPACE, runPhase: "plan" })).toBe(
      "organization:contoso:project:Default Project:workspace:networking-prod:run_phase:plan",
    );
    expect(terraformSubject({ ...WORKSPACE, runPhase: "apply" })).toMatch(/:run_phase:apply$/);
  });

  it("refuses a part with ':' or surrounding whitespace, and an unknown run phase, naming the field", () => {
    const refusals: [Record<string, unknown>, string][] = [
      [{ ...WORKSPACE, organization: "con:toso", runPhase: "plan" }, "organization"],
      [{ ...WORKSPACE, workspace: " networking", runPhase: "plan" }, "workspace"],
      [{ ...WORKSPACE, project: "", runPhase: "plan" }, "project"],
      [{ ...WORKSPACE, runPhase: "destroy" }, "runPhase"],
    ];
    for (const [options, field] of refusals) {
      expect(() => terraformSubject(options as never)).toThrow(InvalidInputError);
      expect(() => terraformSubject(options as never)).toThrow(expect.objectContaining({ field }));
    }
  });

  it("writes the issuer of HCP Terraform, HCP Terraform Europe or a Terraform Enterprise host", () => {
    expect(terraformIssuer()).toBe("https://app.terraform.io");
    expect(terraformIssuer({ host: "app.eu.terraform.io" })).toBe("https://app.eu.terraform.io");
    expect(terraformIssuer({ host: "https://tfe.contoso.com/" })).toBe("https://tfe.contoso.com");
    for (const host of ["http://tfe.contoso.com", "https://tfe.contoso.com/path", "tfe contoso"]) {
      expect(() => terraformIssuer({ host }), host).toThrow(expect.objectContaining({ field: "host" }));
    }
  });

  it("builds one credential per phase, each valid for Entra, named by core's rule", () => {
    const [plan, apply] = terraformFederatedCredentials(WORKSPACE);
    expect(plan?.subject).toMatch(/:run_phase:plan$/);
    expect(apply?.subject).toMatch(/:run_phase:apply$/);
    expect(plan?.name).not.toBe(apply?.name);
    for (const fic of [plan, apply]) {
      expect(fic?.audiences).toEqual(["api://AzureADTokenExchange"]);
      expect(validateFederatedIdentityCredential(fic as never).valid).toBe(true);
    }
    expect(
      terraformFederatedCredential({ ...WORKSPACE, runPhase: "apply", host: "tfe.contoso.com" }).issuer,
    ).toBe("https://tfe.contoso.com");
  });

  it("builds one flexible credential for both phases on HCP Terraform, and refuses it for Terraform Enterprise", () => {
    const fic = terraformFlexibleFederatedCredential(WORKSPACE);
    expect(fic.subject).toBeUndefined();
    expect(fic.claimsMatchingExpression).toEqual({
      value:
        "claims['sub'] matches 'organization:contoso:project:Default Project:workspace:networking-prod:run_phase:*'",
      languageVersion: 1,
    });
    expect(fic.name).toBe(
      "terraform-contoso-project-Default-Project-workspace-networking-prod-run_phase-any",
    );
    expect(validateFederatedIdentityCredential(fic).valid).toBe(true);
    expect(terraformFlexibleFederatedCredential({ ...WORKSPACE, host: "app.eu.terraform.io" }).issuer).toBe(
      "https://app.eu.terraform.io",
    );
    expect(() => terraformFlexibleFederatedCredential({ ...WORKSPACE, host: "tfe.contoso.com" })).toThrow(
      expect.objectContaining({ field: "host" }),
    );
  });
});
