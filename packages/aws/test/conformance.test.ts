import { decodeAssertion, validateFederatedIdentityCredential } from "@azfed/core";
import { conformanceCorpus, conformanceMismatches, startAwsStsEmulator } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { type AwsSubjectOptions, aws, awsFederatedCredential, awsIssuer, awsSubject } from "../src/index";

// The cited AWS cases of packages/testing/conformance/aws.json, run against the builders, the
// validator, the provider's option checks, and the provider through the STS emulator (fed with the
// case's role ARN).
const corpus = conformanceCorpus("aws");
const AUDIENCE = "api://AzureADTokenExchange";

const withSubject = corpus.cases.filter(
  (c) =>
    c.input.options && !("issuerIdentifier" in c.input.options) && (c.expected.subject || c.expected.refusal),
);
const withIssuer = corpus.cases.filter((c) => c.input.options && "issuerIdentifier" in c.input.options);
const withClaims = corpus.cases.filter((c) => c.input.claims);
const withFic = corpus.cases.filter((c) => c.input.fic);
const withSettings = corpus.cases.filter((c) => c.input.settings);

describe("AWS conformance: awsSubject", () => {
  it.each(withSubject.map((c) => [c.id, c] as const))("%s", (_id, testCase) => {
    const options = testCase.input.options as unknown as AwsSubjectOptions;
    expect(conformanceMismatches(testCase.expected, "subject", () => awsSubject(options))).toEqual([]);
  });
});

describe("AWS conformance: awsIssuer", () => {
  it.each(withIssuer.map((c) => [c.id, c] as const))("%s", (_id, testCase) => {
    const identifier = String(testCase.input.options?.issuerIdentifier);
    expect(conformanceMismatches(testCase.expected, "issuer", () => awsIssuer(identifier))).toEqual([]);
  });
});

describe("AWS conformance: a role's token, through the STS emulator and the provider", () => {
  it.each(withClaims.map((c) => [c.id, c] as const))("%s", async (_id, testCase) => {
    const claims = testCase.input.claims as { iss: string; sub: string };
    const sts = await startAwsStsEmulator({ roleArn: claims.sub });
    const saved = { ...process.env };
    Object.assign(process.env, sts.env());
    try {
      const token = await aws({ env: sts.env() }).getAssertion({ audience: AUDIENCE });
      expect(decodeAssertion(token).sub).toBe(testCase.expected.subject);
      // The emulator signs as its own local issuer; the FIC names the account's, as the case's iss does.
      const fic = awsFederatedCredential({ issuer: claims.iss, roleArn: claims.sub });
      expect(fic.subject).toBe(testCase.expected.subject);
      expect(fic.issuer).toBe(testCase.expected.issuer);
    } finally {
      for (const name of Object.keys(sts.env())) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
      await sts.close();
    }
  });
});

describe("AWS conformance: the validator", () => {
  it.each(withFic.map((c) => [c.id, c] as const))("%s", (_id, testCase) => {
    const result = validateFederatedIdentityCredential(testCase.input.fic as never);
    const verdict = testCase.expected.verdict;
    expect(result.valid).toBe(verdict?.valid);
    for (const rule of verdict?.warnings ?? []) {
      expect(result.warnings.map((warning) => warning.rule)).toContain(rule);
    }
  });
});

describe("AWS conformance: the provider's settings", () => {
  it.each(withSettings.map((c) => [c.id, c] as const))("%s", (_id, testCase) => {
    const settings = testCase.input.settings as { endpoint?: string; durationSeconds?: number };
    const problems = conformanceMismatches(testCase.expected, "subject", () => {
      aws(settings);
      return "accepted";
    });
    expect(problems).toEqual([]);
  });
});

describe("AWS conformance: every case runs", () => {
  it("has no case that no runner takes", () => {
    const run = new Set([...withSubject, ...withIssuer, ...withClaims, ...withFic, ...withSettings]);
    expect(corpus.cases.filter((c) => !run.has(c)).map((c) => c.id)).toEqual([]);
  });
});
