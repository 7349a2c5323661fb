import { decodeAssertion, KNOWN_CLOUDS } from "@azfed/core";
import { exchangeAudienceFor } from "@azfed/core/provider";
import {
  type ConformanceCase,
  conformanceCorpus,
  conformanceDefault,
  conformanceMismatches,
  type OidcIssuer,
  startGitLabJob,
  startOidcIssuer,
} from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ALLOWED_GITLAB_SUB_CLAIM_COMPONENTS,
  DEFAULT_GITLAB_SUB_CLAIM_COMPONENTS,
  type GitLabSubClaimComponent,
  type GitLabSubjectOptions,
  gitlab,
  gitlabIssuer,
  gitlabSubject,
  gitlabSubjectFromEnvironment,
} from "../src/index";

// The cited GitLab cases of packages/testing/conformance/gitlab.json, run against the builders, the
// environment helper, the provider (through an emulated job fed with the case's variables) and the defaults.
const corpus = conformanceCorpus("gitlab");
const DEFAULT_AUDIENCE = "api://AzureADTokenExchange";

interface GitLabSettings {
  readonly components?: readonly GitLabSubClaimComponent[];
  readonly issuerDiffersFromServerUrl?: boolean;
  readonly cloud?: keyof typeof KNOWN_CLOUDS;
}
const settingsOf = (testCase: ConformanceCase): GitLabSettings =>
  (testCase.input.settings ?? {}) as GitLabSettings;
const named = (cases: readonly ConformanceCase[]) => cases.map((c) => [c.id, c] as const);

let instance: OidcIssuer;
beforeAll(async () => {
  instance = await startOidcIssuer();
});
afterAll(async () => {
  await instance?.close();
});

describe("GitLab conformance: gitlabSubject", () => {
  const cases = corpus.cases.filter((c) => c.input.options && (c.expected.subject || c.expected.refusal));
  it.each(named(cases))("%s", (_id, testCase) => {
    const options = testCase.input.options as unknown as GitLabSubjectOptions;
    expect(conformanceMismatches(testCase.expected, "subject", () => gitlabSubject(options))).toEqual([]);
  });
});

describe("GitLab conformance: gitlabIssuer", () => {
  const cases = corpus.cases.filter((c) => c.input.options && c.expected.issuer && !c.expected.subject);
  it.each(named(cases))("%s", (_id, testCase) => {
    expect(
      conformanceMismatches(testCase.expected, "issuer", () => gitlabIssuer(testCase.input.options)),
    ).toEqual([]);
  });
});

const withEnv = corpus.cases.filter((c) => c.input.env && c.expected.subject);

describe("GitLab conformance: gitlabSubjectFromEnvironment", () => {
  it.each(named(withEnv))("%s", (_id, testCase) => {
    const { components } = settingsOf(testCase);
    const run = () => gitlabSubjectFromEnvironment(testCase.input.env, components ? { components } : {});
    expect(conformanceMismatches(testCase.expected, "subject", run)).toEqual([]);
  });
});

describe("GitLab conformance: the provider, through an emulated job with the case's variables", () => {
  it.each(named(withEnv))("%s", async (_id, testCase) => {
    const env = testCase.input.env ?? {};
    const { components, issuerDiffersFromServerUrl } = settingsOf(testCase);
    const source = env.CI_MERGE_REQUEST_SOURCE_PROJECT_PATH;
    const sourceId = env.CI_MERGE_REQUEST_SOURCE_PROJECT_ID;
    const job = await startGitLabJob({
      instance,
      projectPath: env.CI_PROJECT_PATH,
      ...(env.CI_COMMIT_TAG ? { tag: env.CI_COMMIT_TAG } : { branch: env.CI_COMMIT_REF_NAME }),
      ...(source && source !== env.CI_PROJECT_PATH ? { mergeRequestSourceProjectPath: source } : {}),
      ...(env.CI_PROJECT_ID ? { projectId: Number(env.CI_PROJECT_ID) } : {}),
      ...(sourceId && sourceId !== env.CI_PROJECT_ID
        ? { mergeRequestSourceProjectId: Number(sourceId) }
        : {}),
      ...(env.CI_PIPELINE_SOURCE ? { pipelineSource: env.CI_PIPELINE_SOURCE } : {}),
      ...(components ? { subClaimComponents: components } : {}),
      ...(issuerDiffersFromServerUrl ? { serverUrl: env.CI_SERVER_URL } : {}),
    });
    const audience = testCase.expected.audience ?? DEFAULT_AUDIENCE;
    const claims = decodeAssertion(await gitlab({ env: job.env }).getAssertion({ audience }));
    expect(claims.sub).toBe(testCase.expected.subject);
    expect(claims.aud).toContain(audience);
    if (issuerDiffersFromServerUrl) expect(claims.iss).not.toBe(job.env.CI_SERVER_URL);
    // The emulator agrees with the environment helper on its own variables.
    expect(gitlabSubjectFromEnvironment(job.env, components ? { components } : {})).toBe(claims.sub);
  });
});

describe("GitLab conformance: the audience asked for", () => {
  it.each(named(corpus.cases.filter((c) => c.expected.audience)))("%s", (_id, testCase) => {
    const cloudName = settingsOf(testCase).cloud;
    expect(exchangeAudienceFor(gitlab(), cloudName ? KNOWN_CLOUDS[cloudName] : undefined)).toBe(
      testCase.expected.audience,
    );
  });
});

describe("GitLab conformance: defaults", () => {
  it("the builders' components are the corpus's", () => {
    expect([...DEFAULT_GITLAB_SUB_CLAIM_COMPONENTS]).toEqual(
      conformanceDefault("gitlab", "subClaimComponents", "string[]"),
    );
    expect([...ALLOWED_GITLAB_SUB_CLAIM_COMPONENTS]).toEqual(
      conformanceDefault("gitlab", "allowedSubClaimComponents", "string[]"),
    );
  });
});
