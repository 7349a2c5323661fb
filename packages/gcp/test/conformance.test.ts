import { exchangeAudienceFor, KNOWN_CLOUDS } from "@azfed/core";
import { type ConformanceCase, conformanceCorpus, conformanceMismatches } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { gcp, gcpIssuer } from "../src/index";

// The cited cases of packages/testing/conformance/gcp.json (cluster adds detection cases): the
// issuer and the audience the provider asks for.
const corpus = conformanceCorpus("gcp");
const named = (cases: readonly ConformanceCase[]) => cases.map((c) => [c.id, c] as const);

describe("Google Cloud conformance: the issuer", () => {
  it.each(named(corpus.cases.filter((c) => c.expected.issuer)))("%s", (_id, testCase) => {
    expect(conformanceMismatches(testCase.expected, "issuer", () => gcpIssuer())).toEqual([]);
  });
});

describe("Google Cloud conformance: the audience asked for", () => {
  it.each(named(corpus.cases.filter((c) => c.expected.audience)))("%s", (_id, testCase) => {
    const cloudName = (testCase.input.settings as { cloud?: keyof typeof KNOWN_CLOUDS } | undefined)?.cloud;
    expect(exchangeAudienceFor(gcp(), cloudName ? KNOWN_CLOUDS[cloudName] : undefined)).toBe(
      testCase.expected.audience,
    );
  });
});
