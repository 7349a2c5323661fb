import { conformanceCorpus, conformanceMismatches } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { type SpiffeSubjectOptions, spiffeSubject } from "../src/index";

// The cited SPIFFE cases of packages/testing/conformance/spiffe.json, run against spiffeSubject.
const corpus = conformanceCorpus("spiffe");
const withOptions = corpus.cases.filter((c) => c.input.options);

describe("SPIFFE conformance: spiffeSubject", () => {
  it.each(withOptions.map((c) => [c.id, c] as const))("%s", (_id, testCase) => {
    const options = testCase.input.options as unknown as SpiffeSubjectOptions;
    expect(conformanceMismatches(testCase.expected, "subject", () => spiffeSubject(options))).toEqual([]);
  });

  it("every case runs", () => {
    expect(withOptions.length).toBe(corpus.cases.length);
  });
});
