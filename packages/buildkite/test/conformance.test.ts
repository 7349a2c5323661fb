import { decodeAssertion, KNOWN_CLOUDS, validateFederatedIdentityCredential } from "@azfed/core";
import { exchangeAudienceFor } from "@azfed/core/provider";
import {
  type BuildkiteAgentEmulator,
  conformanceCorpus,
  conformanceMismatches,
  startBuildkiteAgentEmulator,
} from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BuildkiteSubjectClaim,
  type BuildkiteSubjectOptions,
  buildkite,
  buildkiteIssuer,
  buildkiteSubject,
  buildkiteSubjectFromEnvironment,
} from "../src/index";

// The cited Buildkite cases of packages/testing/conformance/buildkite.json, run against the builders,
// the provider's settings, the validator and the agent API emulator (fed with the case's claims).
const corpus = conformanceCorpus("buildkite");
const DEFAULT_AUDIENCE = "api://AzureADTokenExchange";

const withOptions = corpus.cases.filter((c) => c.input.options);
const withEnv = corpus.cases.filter((c) => c.input.env);
const withClaims = corpus.cases.filter((c) => c.input.claims);
const withFic = corpus.cases.filter((c) => c.input.fic);
const withSettings = corpus.cases.filter((c) => c.input.settings && !c.input.claims);

let agent: BuildkiteAgentEmulator;
beforeAll(async () => {
  agent = await startBuildkiteAgentEmulator();
});
afterAll(() => agent?.close());

describe("Buildkite conformance: buildkiteSubject and buildkiteIssuer", () => {
  it.each(withOptions.map((c) => [c.id, c] as const))("%s", (_id, testCase) => {
    const options = testCase.input.options as unknown as BuildkiteSubjectOptions;
    const problems = testCase.expected.issuer
      ? conformanceMismatches(testCase.expected, "issuer", () => buildkiteIssuer())
      : conformanceMismatches(testCase.expected, "subject", () => buildkiteSubject(options));
    expect(problems).toEqual([]);
  });
});

describe("Buildkite conformance: buildkiteSubjectFromEnvironment", () => {
  it.each(withEnv.map((c) => [c.id, c] as const))("%s", (_id, testCase) => {
    const env = testCase.input.env as NodeJS.ProcessEnv;
    expect(
      conformanceMismatches(testCase.expected, "subject", () => buildkiteSubjectFromEnvironment(env)),
    ).toEqual([]);
  });
});

describe("Buildkite conformance: a token's claims, through the agent API emulator", () => {
  it.each(withClaims.map((c) => [c.id, c] as const))("%s", async (_id, testCase) => {
    const claims = testCase.input.claims as Record<string, string | null | undefined>;
    const subjectClaim = testCase.input.settings?.subjectClaim as BuildkiteSubjectClaim | undefined;
    agent.setJob({
      ...(claims.organization_slug ? { organizationSlug: claims.organization_slug } : {}),
      ...(claims.pipeline_slug ? { pipelineSlug: claims.pipeline_slug } : {}),
      ...(claims.build_branch ? { branch: claims.build_branch } : {}),
      ...(claims.build_commit ? { commit: claims.build_commit } : {}),
      ...("step_key" in claims ? { stepKey: claims.step_key ?? undefined } : {}),
      ...(claims.cluster_id ? { clusterId: claims.cluster_id } : {}),
    });
    if (subjectClaim === undefined) {
      // The provider always asks for a subject claim: the emulator's default subject is checked as is.
      expect(agent.subject()).toBe(testCase.expected.subject);
      return;
    }
    const audience = testCase.expected.audience ?? DEFAULT_AUDIENCE;
    const token = await buildkite({
      env: agent.env(),
      dispatcher: agent.dispatcher,
      subjectClaim,
    }).getAssertion({
      audience,
    });
    const issued = decodeAssertion(token);
    expect(issued.sub).toBe(testCase.expected.subject);
    expect([issued.aud].flat()).toEqual([audience]);
    expect(issued[subjectClaim]).toBe(testCase.expected.subject);
  });
});

describe("Buildkite conformance: the validator", () => {
  it.each(withFic.map((c) => [c.id, c] as const))("%s", (_id, testCase) => {
    const fic = testCase.input.fic as unknown as Parameters<typeof validateFederatedIdentityCredential>[0];
    const result = validateFederatedIdentityCredential(fic);
    const verdict = testCase.expected.verdict;
    expect(result.valid).toBe(verdict?.valid);
    for (const rule of verdict?.warnings ?? []) {
      expect(result.warnings.map((warning) => warning.rule)).toContain(rule);
    }
  });
});

describe("Buildkite conformance: the provider's settings and audience", () => {
  it.each(withSettings.map((c) => [c.id, c] as const))("%s", (_id, testCase) => {
    const settings = testCase.input.settings as {
      subjectClaim?: BuildkiteSubjectClaim;
      cloud?: keyof typeof KNOWN_CLOUDS;
    };
    if (settings.cloud) {
      expect(exchangeAudienceFor(buildkite(), KNOWN_CLOUDS[settings.cloud])).toBe(testCase.expected.audience);
      return;
    }
    const problems = conformanceMismatches(testCase.expected, "subject", () => {
      buildkite({ subjectClaim: settings.subjectClaim });
      return "accepted";
    });
    expect(problems).toEqual([]);
  });
});

describe("Buildkite conformance: every case runs", () => {
  it("has no case that no runner takes", () => {
    const run = new Set([...withOptions, ...withEnv, ...withClaims, ...withFic, ...withSettings]);
    expect(corpus.cases.filter((c) => !run.has(c)).map((c) => c.id)).toEqual([]);
  });
});
