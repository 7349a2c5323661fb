import { exchangeAudienceFor, KNOWN_CLOUDS } from "@azfed/core";
import { type ConformanceCase, conformanceCorpus, conformanceMismatches } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { type KubernetesSubjectOptions, kubernetes, kubernetesSubject } from "../src/index";

// The cited cases of packages/testing/conformance/kubernetes.json (cluster adds the AKS identity
// binding cases): the builders and the audience the provider asks for.
const corpus = conformanceCorpus("kubernetes");
const named = (cases: readonly ConformanceCase[]) => cases.map((c) => [c.id, c] as const);

describe("Kubernetes conformance: kubernetesSubject", () => {
  const cases = corpus.cases.filter((c) => c.input.options && (c.expected.subject || c.expected.refusal));
  it.each(named(cases))("%s", (_id, testCase) => {
    const options = testCase.input.options as unknown as KubernetesSubjectOptions;
    expect(conformanceMismatches(testCase.expected, "subject", () => kubernetesSubject(options))).toEqual([]);
  });
});

describe("Kubernetes conformance: the audience asked for", () => {
  it.each(named(corpus.cases.filter((c) => c.expected.audience)))("%s", (_id, testCase) => {
    const cloudName = (testCase.input.settings as { cloud?: keyof typeof KNOWN_CLOUDS } | undefined)?.cloud;
    expect(exchangeAudienceFor(kubernetes(), cloudName ? KNOWN_CLOUDS[cloudName] : undefined)).toBe(
      testCase.expected.audience,
    );
  });
});
