import { type ConformanceCase, conformanceCorpus, conformanceDefault, unsignedJwt } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { cloudForAuthorityHost, DEFAULT_EXCHANGE_AUDIENCE } from "../src/clouds";
import { diagnoseEntraError } from "../src/diagnosis/diagnose-entra-error";
import { MAX_FIC_FIELD_LENGTH } from "../src/fic/entra-fic-limits";
import type { FederatedIdentityCredential } from "../src/fic/federated-identity-credential";
import { type FicValidationOptions, validateFederatedIdentityCredential } from "../src/index";
import { exchangeAudienceFor } from "../src/provider/assertion-provider";
import { expectVerdict } from "./expect-verdict";

// The cited cases of packages/testing/conformance/entra.json: Entra's FIC rules through the validator,
// the clouds' hosts and audiences, and what a diagnosis tells the user to run.
const corpus = conformanceCorpus("entra");
const named = (cases: readonly ConformanceCase[]) => cases.map((c) => [c.id, c] as const);
/** A provider of Entra-issued assertions (a managed identity): it asks for its cloud's audience. */
const entraIssued = {
  defaultAudience: (cloud?: { exchangeAudience: string }) =>
    cloud?.exchangeAudience ?? DEFAULT_EXCHANGE_AUDIENCE,
};

describe("Entra conformance: the validator", () => {
  const cases = corpus.cases.filter((c) => c.input.fic && c.expected.verdict);
  it.each(named(cases))("%s", (_id, testCase) => {
    const verdict = testCase.expected.verdict as NonNullable<ConformanceCase["expected"]["verdict"]>;
    const result = validateFederatedIdentityCredential(
      testCase.input.fic as unknown as FederatedIdentityCredential,
      (testCase.input.validation ?? {}) as FicValidationOptions,
    );
    expectVerdict(result, verdict);
  });
});

describe("Entra conformance: clouds and their exchange audiences", () => {
  const cases = corpus.cases.filter((c) => typeof c.input.options?.authorityHost === "string");
  it.each(named(cases))("%s", (_id, testCase) => {
    const cloud = cloudForAuthorityHost(testCase.input.options?.authorityHost as string);
    expect(cloud).toBeDefined();
    // Entra-issued and external assertions alike ask for the cloud's own audience by default.
    expect(exchangeAudienceFor(entraIssued, cloud)).toBe(testCase.expected.audience);
    expect(exchangeAudienceFor({}, cloud)).toBe(testCase.expected.audience);
  });
});

describe("Entra conformance: a diagnosis's fix can be run as printed", () => {
  const cases = corpus.cases.filter((c) => c.expected.diagnosis);
  it.each(named(cases))("%s", (_id, testCase) => {
    const expected = testCase.expected.diagnosis as NonNullable<ConformanceCase["expected"]["diagnosis"]>;
    const claims = testCase.input.claims as { iss: string; sub: string; aud: string[] };
    const code = (testCase.input.settings as { aadsts: number }).aadsts;
    const diagnosis = diagnoseEntraError({
      aadsts: [code],
      errorDescription: `AADSTS${code}: No matching federated identity record found for presented assertion.`,
      assertion: unsignedJwt({ ...claims, iat: 1_700_000_000, exp: 1_700_000_300 }),
      tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      clientId: "00000000-0000-0000-0000-000000000001",
      authorityHost: "https://login.microsoftonline.com",
      audience: DEFAULT_EXCHANGE_AUDIENCE,
      now: 1_700_000_100_000,
      federatedCredentials: [testCase.input.fic as unknown as FederatedIdentityCredential],
    });
    const commands = diagnosis.commands ?? [];
    const other = expected.command === "update" ? "create" : "update";
    expect(
      commands.filter((command) => command.includes(`federated-credential ${expected.command}`)),
    ).not.toEqual([]);
    expect(commands.filter((command) => command.includes(`federated-credential ${other}`))).toEqual([]);
    if (expected.name !== undefined) {
      expect(diagnosis.suggestedCredential?.name).toBe(expected.name);
      for (const command of commands.filter((c) => c.includes("federated-credential update"))) {
        expect(command).toContain(expected.name);
      }
    }
  });
});

describe("Entra conformance: defaults", () => {
  it("the exchange audience and the field limit are the corpus's", () => {
    expect(DEFAULT_EXCHANGE_AUDIENCE).toBe(conformanceDefault("entra", "exchangeAudience", "string"));
    expect(MAX_FIC_FIELD_LENGTH).toBe(conformanceDefault("entra", "fieldMaxLength", "number"));
  });
});
