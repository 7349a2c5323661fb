import { decodeAssertion, KNOWN_CLOUDS } from "@azfed/core";
import { exchangeAudienceFor } from "@azfed/core/provider";
import {
  type ConformanceCase,
  conformanceCorpus,
  conformanceDefault,
  conformanceMismatches,
  type GitHubActionsEmulator,
  type GitHubActionsJob,
  type GitHubRestRepository,
  startGitHubActionsEmulator,
  startGitHubRestApiEmulator,
} from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GITHUB_PULL_REQUEST_EVENTS,
  type GitHubOidcCustomization,
  type GitHubSubjectOptions,
  githubActions,
  githubIssuer,
  githubSubject,
  githubSubjectFromEnvironment,
  githubSubjectFromRepository,
} from "../src/index";

// The cited GitHub cases of packages/testing/conformance/github.json, run against the builders, the
// environment helper, the provider (through the emulator, fed with the case's job) and the defaults.
const corpus = conformanceCorpus("github");
const DEFAULT_AUDIENCE = "api://AzureADTokenExchange";

let github: GitHubActionsEmulator;
beforeAll(async () => {
  github = await startGitHubActionsEmulator();
});
afterAll(async () => {
  await github?.close();
});

interface GitHubSettings {
  readonly customization?: GitHubOidcCustomization;
  readonly immutable?: boolean;
  readonly cloud?: keyof typeof KNOWN_CLOUDS;
  /** What GitHub's REST API says of the repository (the REST emulator serves it). */
  readonly githubApi?: Omit<GitHubRestRepository, "fullName">;
}

const settingsOf = (testCase: ConformanceCase): GitHubSettings =>
  (testCase.input.settings ?? {}) as GitHubSettings;
const withApi = corpus.cases.filter((c) => settingsOf(c).githubApi && c.expected.subject);
const withSubject = corpus.cases.filter(
  (c) => c.input.options && !settingsOf(c).githubApi && (c.expected.subject || c.expected.refusal),
);
const withIssuer = corpus.cases.filter((c) => c.input.options && c.expected.issuer && !c.expected.subject);
const withEnv = corpus.cases.filter((c) => c.input.env && c.expected.subject);
const withAudience = corpus.cases.filter((c) => c.expected.audience);

describe("GitHub conformance: githubSubject", () => {
  it.each(withSubject.map((c) => [c.id, c] as const))("%s", (_id, testCase) => {
    const options = testCase.input.options as unknown as GitHubSubjectOptions;
    expect(conformanceMismatches(testCase.expected, "subject", () => githubSubject(options))).toEqual([]);
  });
});

describe("GitHub conformance: githubSubjectFromRepository, through the REST emulator serving the case's answers", () => {
  it.each(withApi.map((c) => [c.id, c] as const))("%s", async (_id, testCase) => {
    const options = testCase.input.options as unknown as GitHubSubjectOptions;
    const api = await startGitHubRestApiEmulator({
      repositories: [
        { ...(settingsOf(testCase).githubApi as GitHubRestRepository), fullName: options.repository },
      ],
    });
    try {
      const { subject } = await githubSubjectFromRepository(options, {
        token: api.token,
        apiUrl: api.url,
        dispatcher: api.dispatcher,
      });
      expect(subject).toBe(testCase.expected.subject);
    } finally {
      await api.close();
    }
  });
});

describe("GitHub conformance: githubIssuer", () => {
  it.each(withIssuer.map((c) => [c.id, c] as const))("%s", (_id, testCase) => {
    expect(
      conformanceMismatches(testCase.expected, "issuer", () => githubIssuer(testCase.input.options)),
    ).toEqual([]);
  });
});

describe("GitHub conformance: githubSubjectFromEnvironment", () => {
  it.each(withEnv.map((c) => [c.id, c] as const))("%s", (_id, testCase) => {
    const { customization, immutable } = settingsOf(testCase);
    const environment = testCase.input.claims?.environment as string | undefined;
    const run = () => {
      const job = githubSubjectFromEnvironment(testCase.input.env, { customization, immutable });
      return environment === undefined ? job.subject : job.forEnvironment(environment);
    };
    expect(conformanceMismatches(testCase.expected, "subject", run)).toEqual([]);
  });
});

describe("GitHub conformance: the provider, through the emulator fed with the case's job", () => {
  it.each(withEnv.map((c) => [c.id, c] as const))("%s", async (_id, testCase) => {
    github.setJob(jobOf(testCase));
    const audience = testCase.expected.audience ?? DEFAULT_AUDIENCE;
    const token = await githubActions({ env: github.env(), dispatcher: github.dispatcher }).getAssertion({
      audience,
    });
    const claims = decodeAssertion(token);
    expect({ sub: claims.sub, aud: claims.aud }).toEqual({ sub: testCase.expected.subject, aud: audience });
  });
});

describe("GitHub conformance: the audience asked for", () => {
  it.each(withAudience.map((c) => [c.id, c] as const))("%s", (_id, testCase) => {
    const cloudName = settingsOf(testCase).cloud;
    const cloud = cloudName ? KNOWN_CLOUDS[cloudName] : undefined;
    expect(exchangeAudienceFor(githubActions(), cloud)).toBe(testCase.expected.audience);
  });
});

describe("GitHub conformance: defaults", () => {
  it("the builders' pull request events are the corpus's", () => {
    expect([...GITHUB_PULL_REQUEST_EVENTS]).toEqual(
      conformanceDefault("github", "pullRequestEvents", "string[]"),
    );
  });
  it("the default issuer is the corpus's", () => {
    expect(githubIssuer()).toBe(conformanceDefault("github", "issuer", "string"));
  });
});

/** The emulator's job for a case: its variables, the environment its claims name, its settings. */
function jobOf(testCase: ConformanceCase): Partial<GitHubActionsJob> {
  const env = testCase.input.env ?? {};
  const { customization, immutable } = settingsOf(testCase);
  const claimKeys =
    customization && !customization.use_default ? customization.include_claim_keys : undefined;
  return {
    repository: env.GITHUB_REPOSITORY,
    ref: env.GITHUB_REF,
    eventName: env.GITHUB_EVENT_NAME,
    environment: testCase.input.claims?.environment as string | undefined,
    immutableSubject: immutable === true,
    ...(env.GITHUB_REPOSITORY_ID ? { repositoryId: env.GITHUB_REPOSITORY_ID } : {}),
    ...(env.GITHUB_REPOSITORY_OWNER_ID ? { repositoryOwnerId: env.GITHUB_REPOSITORY_OWNER_ID } : {}),
    claimKeys: claimKeys ?? conformanceDefault("github", "subjectClaimKeys", "string[]"),
  };
}
