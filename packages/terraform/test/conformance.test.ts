import { decodeAssertion, validateFederatedIdentityCredential } from "@azfed/core";
import {
  type ConformanceCase,
  conformanceCorpus,
  conformanceMismatches,
  startTerraformRun,
} from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { type TerraformSubjectOptions, terraform, terraformIssuer, terraformSubject } from "../src/index";

// The cited HCP Terraform cases of packages/testing/conformance/terraform.json, run against the
// builders, the provider's tag check, the provider through an emulated run (fed with the case's
// claims and audience variables), and the validator.
const corpus = conformanceCorpus("terraform");
const AUDIENCE = "api://AzureADTokenExchange";
const named = (cases: readonly ConformanceCase[]) => cases.map((c) => [c.id, c] as const);
const isSubjectInput = (c: ConformanceCase) =>
  c.input.options !== undefined && "organization" in c.input.options;

const withSubject = corpus.cases.filter(
  (c) => isSubjectInput(c) && (c.expected.subject || c.expected.refusal),
);
const withIssuer = corpus.cases.filter((c) => c.input.options && !isSubjectInput(c));
const withRun = corpus.cases.filter((c) => c.input.claims || c.input.env);
const withTagSetting = corpus.cases.filter((c) => c.input.settings && !c.input.env);
const withFic = corpus.cases.filter((c) => c.input.fic);

describe("HCP Terraform conformance: terraformSubject", () => {
  it.each(named(withSubject))("%s", (_id, testCase) => {
    const options = testCase.input.options as unknown as TerraformSubjectOptions;
    expect(conformanceMismatches(testCase.expected, "subject", () => terraformSubject(options))).toEqual([]);
    if (testCase.expected.issuer) expect(terraformIssuer()).toBe(testCase.expected.issuer);
  });
});

describe("HCP Terraform conformance: terraformIssuer", () => {
  it.each(named(withIssuer))("%s", (_id, testCase) => {
    const host = String(testCase.input.options?.host);
    expect(conformanceMismatches(testCase.expected, "issuer", () => terraformIssuer({ host }))).toEqual([]);
  });
});

describe("HCP Terraform conformance: the provider, through an emulated run with the case's variables", () => {
  it.each(named(withRun))("%s", async (_id, testCase) => {
    const claims = (testCase.input.claims ?? {}) as Record<string, string>;
    const tag = (testCase.input.settings as { tag?: string } | undefined)?.tag;
    const audiences = Object.entries(testCase.input.env ?? {}).map(
      ([name, aud]) => [name.slice("TFC_WORKLOAD_IDENTITY_AUDIENCE_".length), aud] as const,
    );
    const run = await startTerraformRun({
      ...(claims.terraform_organization_name ? { organization: claims.terraform_organization_name } : {}),
      ...(claims.terraform_project_name ? { project: claims.terraform_project_name } : {}),
      ...(claims.terraform_workspace_name ? { workspace: claims.terraform_workspace_name } : {}),
      ...(claims.terraform_run_phase ? { runPhase: claims.terraform_run_phase as "plan" | "apply" } : {}),
      audiences: Object.fromEntries(audiences),
    });
    try {
      const audience = testCase.expected.audience ?? String(claims.aud ?? AUDIENCE);
      const token = decodeAssertion(
        await terraform({ env: run.env, ...(tag ? { tag } : {}) }).getAssertion({ audience }),
      );
      expect(token.aud).toBe(audience);
      if (testCase.expected.subject) expect(token.sub).toBe(testCase.expected.subject);
      if (claims.terraform_full_workspace)
        expect(run.claims.terraform_full_workspace).toBe(claims.terraform_full_workspace);
    } finally {
      await run.close();
    }
  });
});

describe("HCP Terraform conformance: the provider's tag", () => {
  it.each(named(withTagSetting))("%s", (_id, testCase) => {
    const { tag } = testCase.input.settings as { tag: string };
    const problems = conformanceMismatches(testCase.expected, "subject", () => {
      terraform({ tag });
      return "accepted";
    });
    expect(problems).toEqual([]);
  });
});

describe("HCP Terraform conformance: the validator", () => {
  it.each(named(withFic))("%s", (_id, testCase) => {
    expect(validateFederatedIdentityCredential(testCase.input.fic as never).valid).toBe(
      testCase.expected.verdict?.valid,
    );
  });
});

describe("HCP Terraform conformance: every case runs", () => {
  it("each case is in one of the groups above", () => {
    const run = new Set([...withSubject, ...withIssuer, ...withRun, ...withTagSetting, ...withFic]);
    expect(corpus.cases.filter((c) => !run.has(c)).map((c) => c.id)).toEqual([]);
    expect(corpus.unverified ?? []).toEqual([]);
  });
});
