import { describe, expect, it } from "vitest";
import type { ConformancePlatform } from "../src/conformance/conformance-case";
import { checkConformanceFile, conformanceCorpus } from "../src/conformance/conformance-corpus";

const PLATFORMS: readonly ConformancePlatform[] = [
  "github",
  "gitlab",
  "azure-pipelines",
  "kubernetes",
  "gcp",
  "bitbucket-pipelines",
  "circleci",
  "entra",
];

describe("the conformance corpus", () => {
  it.each(PLATFORMS)("%s: every source records the version read and the day it was checked", (platform) => {
    const file = conformanceCorpus(platform);
    const sources = [
      ...Object.values(file.defaults).flatMap((fact) => fact.source),
      ...[...file.cases, ...(file.unverified ?? [])].flatMap((testCase) => testCase.source),
    ];
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(source.version).toMatch(
        /^(commit [0-9a-f]{7,40}( of \S+\/\S+)?|ms\.date \d{2}\/\d{2}\/\d{4}|as served)$/,
      );
      expect(source.checked).toMatch(/^20\d{2}-\d{2}-\d{2}$/);
    }
  });

  it("keeps unverified cases out of the cases that run", () => {
    const github = conformanceCorpus("github");
    const unverified = (github.unverified ?? []).map((testCase) => testCase.id);
    expect(unverified).toEqual(
      expect.arrayContaining(["pull-request-review", "pull-request-review-comment"]),
    );
    expect(github.cases.map((testCase) => testCase.id)).not.toContain("pull-request-review");
    for (const testCase of github.unverified ?? []) expect(testCase.unverified).toMatch(/source/);
  });

  it("no longer refuses GitLab's project_id component", () => {
    const gitlab = conformanceCorpus("gitlab");
    expect(gitlab.defaults.allowedSubClaimComponents?.value).toContain("project_id");
    expect(gitlab.cases.map((testCase) => testCase.id)).not.toContain("components-project-id-refused");
  });
});

describe("checkConformanceFile", () => {
  const source = {
    url: "https://docs.gitlab.com/ci/secrets/id_token_authentication",
    quote: "Issuer of the token",
    version: "as served",
    checked: "2026-12-07",
  };
  const file = (changes: Record<string, unknown>) => ({
    platform: "gitlab",
    description: "a file",
    defaults: {},
    cases: [
      {
        id: "a-case",
        title: "a case",
        input: { options: { instanceUrl: "https://gitlab.com" } },
        expected: { issuer: "https://gitlab.com" },
        source: [{ ...source, ...changes }],
      },
    ],
  });

  it("accepts a source with its version and the day it was checked", () => {
    for (const version of [
      "as served",
      "ms.date 08/14/2026",
      "commit 1b725bd9",
      "commit 051718f297e11fadbf357da1e8e756991eb2ed89 of github/docs",
    ]) {
      expect(checkConformanceFile("gitlab", file({ version })).cases).toHaveLength(1);
    }
  });

  it.each([
    [{ version: undefined }, "version"],
    [{ version: "latest" }, "version"],
    [{ version: "commit main" }, "version"],
    [{ checked: undefined }, "checked"],
    [{ checked: "2026-13-01" }, "checked"],
    [{ checked: "07/12/2026" }, "checked"],
  ])("refuses %j, naming .%s", (changes, field) => {
    expect(() => checkConformanceFile("gitlab", file(changes))).toThrow(
      new RegExp(`source\\[0\\]\\.${field}`),
    );
  });
});
