import aws from "../../conformance/aws.json";
import azurePipelines from "../../conformance/azure-pipelines.json";
import bitbucketPipelines from "../../conformance/bitbucket-pipelines.json";
import buildkite from "../../conformance/buildkite.json";
import circleci from "../../conformance/circleci.json";
import entra from "../../conformance/entra.json";
import gcp from "../../conformance/gcp.json";
import github from "../../conformance/github.json";
import gitlab from "../../conformance/gitlab.json";
import jenkins from "../../conformance/jenkins.json";
import kubernetes from "../../conformance/kubernetes.json";
import spacelift from "../../conformance/spacelift.json";
import spiffe from "../../conformance/spiffe.json";
import terraform from "../../conformance/terraform.json";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import type {
  ConformanceCase,
  ConformanceFile,
  ConformancePlatform,
  ConformanceSource,
} from "./conformance-case";

const FILES: Readonly<Record<ConformancePlatform, unknown>> = {
  github,
  gitlab,
  "azure-pipelines": azurePipelines,
  kubernetes,
  gcp,
  aws,
  terraform,
  buildkite,
  spiffe,
  spacelift,
  jenkins,
  "bitbucket-pipelines": bitbucketPipelines,
  circleci,
  entra,
};

/** A compact JWS: what a token with its signature left in looks like. */
const SIGNED_JWT = /eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{16,}/;
const CASE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const INPUT_KEYS = ["options", "env", "claims", "settings", "fic", "validation"] as const;
const EXPECTED_KEYS = ["subject", "issuer", "audience", "refusal", "verdict", "diagnosis"] as const;
/** `commit {sha}` (optionally `of {owner/name}`), `ms.date {MM/DD/YYYY}`, or `as served`. */
const VERSION =
  /^(commit [0-9a-f]{7,40}( of [A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)?|ms\.date \d{2}\/\d{2}\/\d{4}|as served)$/;
const CHECKED = /^(\d{4})-(\d{2})-(\d{2})$/;
const checked = new Map<ConformancePlatform, ConformanceFile>();

/**
 * The cases and defaults of one platform's corpus file (`packages/testing/conformance/{platform}.json`),
 * checked: every case and default has a source with a quote, a URL or repository path, the version read
 * and the day it was checked; ids are unique, each case has an input and an expectation, and no
 * signed token is left in it. Cases marked `unverified` are listed apart and not run.
 *
 * @throws InvalidEmulatorOptionError naming the case and field that breaks a rule.
 *
 * @example
 * ```ts
 * for (const testCase of conformanceCorpus("github").cases) console.log(testCase.id, testCase.expected.subject);
 * ```
 */
export function conformanceCorpus(platform: ConformancePlatform): ConformanceFile {
  const cached = checked.get(platform);
  if (cached) return cached;
  const file = checkConformanceFile(platform, FILES[platform]);
  checked.set(platform, file);
  return file;
}

/**
 * A platform default from the corpus (an issuer, a `sub` template, a lifetime…), checked to be of
 * the kind the caller needs. The emulators take their defaults from here, so a wrong reading of a
 * platform is corrected in one place.
 *
 * @example
 * ```ts
 * const keys = conformanceDefault("github", "subjectClaimKeys", "string[]"); // ["repo", "context"]
 * ```
 */
export function conformanceDefault<K extends keyof DefaultKinds>(
  platform: ConformancePlatform,
  name: string,
  kind: K,
): DefaultKinds[K] {
  const fact = conformanceCorpus(platform).defaults[name];
  const value = fact?.value;
  const ok =
    kind === "string[]"
      ? Array.isArray(value) && value.every((item) => typeof item === "string")
      : typeof value === kind;
  if (!ok) {
    throw new InvalidEmulatorOptionError({
      field: `${platform}.json defaults.${name}`,
      value,
      expected: `a ${kind}`,
      fix: `add defaults.${name} with a source to packages/testing/conformance/${platform}.json`,
    });
  }
  return value as DefaultKinds[K];
}

/**
 * The kinds of value {@link conformanceDefault} can check.
 *
 * @example
 * ```ts
 * const kind: keyof DefaultKinds = "string[]";
 * ```
 */
export interface DefaultKinds {
  string: string;
  number: number;
  boolean: boolean;
  "string[]": readonly string[];
}

/**
 * Checks a corpus file's content as {@link conformanceCorpus} does (the rules of docs/conformance.md).
 *
 * @internal
 */
export function checkConformanceFile(platform: ConformancePlatform, raw: unknown): ConformanceFile {
  const where = `${platform}.json`;
  const file = raw as ConformanceFile;
  if (typeof file !== "object" || file === null || file.platform !== platform) {
    fail(`${where} platform`, (file as { platform?: unknown })?.platform, `"${platform}"`);
  }
  if (typeof file.description !== "string" || file.description === "") {
    fail(`${where} description`, file.description, "a sentence saying what the file covers");
  }
  for (const [name, fact] of Object.entries(file.defaults ?? {})) {
    checkSources(`${where} defaults.${name}`, fact?.source);
  }
  if (!Array.isArray(file.cases)) fail(`${where} cases`, file.cases, "an array of cases");
  const ids = new Set<string>();
  for (const [index, testCase] of file.cases.entries()) {
    checkCase(`${where} cases[${index}]`, testCase);
    if (ids.has(testCase.id))
      fail(`${where} cases[${index}].id`, testCase.id, "an id not used by another case");
    ids.add(testCase.id);
  }
  const leaked = SIGNED_JWT.exec(JSON.stringify(file));
  if (leaked) {
    fail(
      `${where}`,
      `${leaked[0].slice(0, 12)}…`,
      "no signed token: keep only the decoded claims (scripts/conformance-case.mjs drops the signature)",
    );
  }
  return {
    ...file,
    cases: file.cases.filter((testCase) => testCase.unverified === undefined),
    unverified: file.cases.filter((testCase) => testCase.unverified !== undefined),
  };
}

function checkCase(where: string, testCase: ConformanceCase): void {
  if (typeof testCase !== "object" || testCase === null) fail(where, testCase, "a case object");
  if (typeof testCase.id !== "string" || !CASE_ID.test(testCase.id)) {
    fail(`${where}.id`, testCase.id, "lower-case words joined by -");
  }
  const named = `${where} (${testCase.id})`;
  if (typeof testCase.title !== "string" || testCase.title === "")
    fail(`${named}.title`, testCase.title, "a sentence");
  if (!INPUT_KEYS.some((key) => testCase.input?.[key] !== undefined)) {
    fail(`${named}.input`, testCase.input, `at least one of ${INPUT_KEYS.join(", ")}`);
  }
  if (!EXPECTED_KEYS.some((key) => testCase.expected?.[key] !== undefined)) {
    fail(`${named}.expected`, testCase.expected, `at least one of ${EXPECTED_KEYS.join(", ")}`);
  }
  const refusal = testCase.expected.refusal;
  if (refusal !== undefined && (!Array.isArray(refusal.message) || refusal.message.length === 0)) {
    fail(`${named}.expected.refusal.message`, refusal.message, "the strings the error message must contain");
  }
  if (
    testCase.unverified !== undefined &&
    (typeof testCase.unverified !== "string" || testCase.unverified === "")
  ) {
    fail(`${named}.unverified`, testCase.unverified, "a sentence saying why no source establishes the case");
  }
  checkSources(`${named}.source`, testCase.source);
}

function checkSources(where: string, sources: readonly ConformanceSource[] | undefined): void {
  if (!Array.isArray(sources) || sources.length === 0) {
    fail(where, sources, "at least one source: { url | repo + path, quote }");
  }
  for (const [index, source] of sources.entries()) {
    const at = `${where}[${index}]`;
    if (typeof source.quote !== "string" || source.quote.trim() === "") {
      fail(`${at}.quote`, source.quote, "the words of the source that say it");
    }
    const byUrl = typeof source.url === "string" && source.url.startsWith("https://");
    const byRepo =
      typeof source.repo === "string" &&
      REPO.test(source.repo) &&
      typeof source.path === "string" &&
      source.path !== "";
    if (!byUrl && !byRepo) fail(at, source, "an https url, or repo (owner/name) and path");
    if (typeof source.version !== "string" || !VERSION.test(source.version)) {
      fail(
        `${at}.version`,
        source.version,
        'the version read: "commit {sha}", "commit {sha} of {owner/name}", "ms.date {MM/DD/YYYY}" or "as served"',
      );
    }
    if (!isDay(source.checked)) fail(`${at}.checked`, source.checked, "the day it was checked, YYYY-MM-DD");
  }
}

function isDay(value: unknown): boolean {
  const match = typeof value === "string" ? CHECKED.exec(value) : null;
  if (!match) return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}

function fail(field: string, value: unknown, expected: string): never {
  throw new InvalidEmulatorOptionError({
    field,
    value,
    expected,
    fix: "correct the corpus file (docs/conformance.md describes the format)",
  });
}
