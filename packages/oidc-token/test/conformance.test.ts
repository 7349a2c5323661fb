import { decodeAssertion, validateFederatedIdentityCredential } from "@azfed/core";
import {
  type ConformanceCase,
  conformanceCorpus,
  conformanceMismatches,
  startJenkinsBuild,
  startSpaceliftRun,
} from "@azfed/testing";
import { describe, expect, it } from "vitest";
import {
  type JenkinsSubjectOptions,
  jenkins,
  jenkinsFederatedCredential,
  jenkinsSubject,
  type SpaceliftSubjectOptions,
  spacelift,
  spaceliftFederatedCredential,
  spaceliftSubject,
} from "../src/index";

// The cited cases of packages/testing/conformance/spacelift.json and jenkins.json, run against the
// builders, the validator, and the providers through the emulators.
const AUDIENCE = "api://AzureADTokenExchange";

function runners(platform: "spacelift" | "jenkins") {
  const corpus = conformanceCorpus(platform);
  return {
    corpus,
    withOptions: corpus.cases.filter((c) => c.input.options),
    withClaims: corpus.cases.filter((c) => c.input.claims),
    withFic: corpus.cases.filter((c) => c.input.fic),
  };
}

function checkVerdict(testCase: ConformanceCase): void {
  const result = validateFederatedIdentityCredential(testCase.input.fic as never);
  const verdict = testCase.expected.verdict;
  expect(result.valid).toBe(verdict?.valid);
  for (const rule of verdict?.warnings ?? []) {
    expect(result.warnings.map((warning) => warning.rule)).toContain(rule);
  }
}

const sl = runners("spacelift");
describe("Spacelift conformance", () => {
  it.each(sl.withOptions.map((c) => [c.id, c] as const))("spaceliftSubject: %s", (_id, testCase) => {
    const options = testCase.input.options as unknown as SpaceliftSubjectOptions;
    expect(conformanceMismatches(testCase.expected, "subject", () => spaceliftSubject(options))).toEqual([]);
  });

  it.each(sl.withClaims.map((c) => [c.id, c] as const))("a run's token: %s", async (_id, testCase) => {
    const claims = testCase.input.claims as { iss: string; aud: string; sub: string };
    const parts =
      /^space:([^:]+):(stack|module):([^:]+):run_type:([^:]+):scope:([^:]+)$/.exec(claims.sub) ?? [];
    const options = {
      spaceId: parts[1] ?? "",
      [parts[2] ?? "stack"]: parts[3],
      runType: parts[4] as "TRACKED",
      scope: parts[5] as "write",
    };
    const run = await startSpaceliftRun(options);
    try {
      const token = await spacelift({ env: run.env }).getAssertion({ audience: run.audience });
      expect(decodeAssertion(token)).toMatchObject({ sub: testCase.expected.subject, aud: run.audience });
      // The emulator signs as its own local issuer; the FIC names the account's, as the case's iss does.
      const fic = spaceliftFederatedCredential({ issuer: claims.iss, ...options });
      expect(fic).toMatchObject({ subject: testCase.expected.subject, issuer: testCase.expected.issuer });
      expect(fic.audiences).toEqual([testCase.expected.audience]);
    } finally {
      await run.close();
    }
  });

  it.each(sl.withFic.map((c) => [c.id, c] as const))("the validator: %s", (_id, testCase) =>
    checkVerdict(testCase),
  );

  it("every case runs", () => {
    const run = new Set([...sl.withOptions, ...sl.withClaims, ...sl.withFic]);
    expect(sl.corpus.cases.filter((c) => !run.has(c)).map((c) => c.id)).toEqual([]);
  });
});

const jk = runners("jenkins");
describe("Jenkins conformance", () => {
  it.each(jk.withOptions.map((c) => [c.id, c] as const))("jenkinsSubject: %s", (_id, testCase) => {
    const options = testCase.input.options as unknown as JenkinsSubjectOptions;
    expect(conformanceMismatches(testCase.expected, "subject", () => jenkinsSubject(options))).toEqual([]);
    if (testCase.expected.issuer !== undefined) {
      expect(jenkinsFederatedCredential(options).issuer).toBe(testCase.expected.issuer);
    }
  });

  it.each(jk.withClaims.map((c) => [c.id, c] as const))("a build's token: %s", async (_id, testCase) => {
    const claims = testCase.input.claims as { iss: string; sub: string };
    const job = claims.sub
      .replace(/^https:\/\/[^/]+\//, "")
      .replace(/\/$/, "")
      .split("/")
      .filter((part) => part !== "job")
      .join("/");
    const build = await startJenkinsBuild({ job });
    try {
      const token = await jenkins({ env: build.env, variable: "AZURE_ID_TOKEN" }).getAssertion({
        audience: AUDIENCE,
      });
      expect(decodeAssertion(token).sub).toBe(build.subject);
      expect(build.subject.endsWith(claims.sub.replace(/^https:\/\/[^/]+/, ""))).toBe(true);
      const fic = jenkinsFederatedCredential({ jobUrl: claims.sub });
      expect(fic).toMatchObject({ subject: testCase.expected.subject, issuer: testCase.expected.issuer });
    } finally {
      await build.close();
    }
  });

  it.each(jk.withFic.map((c) => [c.id, c] as const))("the validator: %s", (_id, testCase) =>
    checkVerdict(testCase),
  );

  it("every case runs", () => {
    const run = new Set([...jk.withOptions, ...jk.withClaims, ...jk.withFic]);
    expect(jk.corpus.cases.filter((c) => !run.has(c)).map((c) => c.id)).toEqual([]);
  });
});
