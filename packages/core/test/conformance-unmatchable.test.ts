import { type ConformanceCase, conformanceCorpus } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import type { FederatedIdentityCredential } from "../src/fic/federated-identity-credential";
import { validateFederatedIdentityCredential } from "../src/index";
import { expectVerdict } from "./expect-verdict";

// The cited cases of packages/testing/conformance/bitbucket-pipelines.json and circleci.json: why a
// federated credential cannot (usefully) match these platforms' tokens, through the validator. A
// case's credential is the one a user would write from the quoted token: its issuer and subject are
// the token's iss and sub.
describe.each(["bitbucket-pipelines", "circleci"] as const)("%s conformance", (platform) => {
  const corpus = conformanceCorpus(platform);
  const cases = corpus.cases.filter((c) => c.input.fic && c.expected.verdict);

  it("has cases", () => {
    expect(cases.length).toBeGreaterThan(1);
  });

  it.each(cases.map((c) => [c.id, c] as const))("%s", (_id, testCase: ConformanceCase) => {
    const fic = testCase.input.fic as unknown as FederatedIdentityCredential & { subject?: string };
    const claims = testCase.input.claims as { iss?: string; sub?: string } | undefined;
    if (claims) {
      expect(fic.issuer).toBe(claims.iss);
      if (fic.subject !== undefined) expect(fic.subject).toBe(claims.sub);
    }
    const verdict = testCase.expected.verdict as NonNullable<ConformanceCase["expected"]["verdict"]>;
    expectVerdict(validateFederatedIdentityCredential(fic), verdict);
  });
});
