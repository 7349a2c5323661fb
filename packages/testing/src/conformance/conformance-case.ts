/**
 * Where a conformance fact comes from: a page (`url`) or a file of a public repository (`repo` +
 * `path`), and the words there that say it, quoted.
 *
 * @example
 * ```ts
 * const source: ConformanceSource = {
 *   repo: "gitlabhq/gitlabhq",
 *   path: "lib/gitlab/ci/jwt_v2.rb",
 *   quote: "iss: issuer_url,",
 *   version: "commit 1b725bd91cc1f0db3751e5825e777f5b6318e425",
 *   checked: "2026-12-07",
 * };
 * ```
 */
export interface ConformanceSource {
  /** An https URL of the page (docs, an issue, a pull request). */
  readonly url?: string | undefined;
  /** `owner/name` of a public GitHub repository; with {@link ConformanceSource.path}. */
  readonly repo?: string | undefined;
  /** A path inside {@link ConformanceSource.repo}. */
  readonly path?: string | undefined;
  /** The words of the source that state the fact, copied as they are. */
  readonly quote: string;
  /**
   * The version read: `commit {sha}` (of `repo`, or `commit {sha} of {owner/name}` for a page built
   * from a repository, e.g. docs.github.com from github/docs), `ms.date {MM/DD/YYYY}` (a Microsoft
   * Learn page's front matter), or `as served` (a page or stored copy with no version marker: the
   * text as it was on `checked`).
   */
  readonly version: string;
  /** The day the quote was last found in that version, `YYYY-MM-DD`. */
  readonly checked: string;
}

/**
 * The platforms (and Entra's rules) the corpus has one file for.
 *
 * @example
 * ```ts
 * const platform: ConformancePlatform = "gitlab";
 * ```
 */
export type ConformancePlatform =
  | "github"
  | "gitlab"
  | "azure-pipelines"
  | "kubernetes"
  | "gcp"
  | "aws"
  | "terraform"
  | "buildkite"
  | "spiffe"
  | "spacelift"
  | "jenkins"
  | "bitbucket-pipelines"
  | "circleci"
  | "entra";

/**
 * What a case gives azfed. Each part present is run through what takes it: `options` through the
 * platform's subject builder, `env` through its `…SubjectFromEnvironment` helper (and its provider
 * when the case says so), `claims` through the emulator (fed with them) and the provider, `fic`
 * through the validator.
 *
 * @example
 * ```ts
 * const input: ConformanceInput = { options: { projectPath: "group/project", branch: "main" } };
 * ```
 */
export interface ConformanceInput {
  /** The options of the platform's subject builder (`githubSubject`, `gitlabSubject`, …). */
  readonly options?: Readonly<Record<string, unknown>> | undefined;
  /** A job's variables, with secrets removed. */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /** The claims of a real token, its signature dropped and identifiers the user marked redacted. */
  readonly claims?: Readonly<Record<string, unknown>> | undefined;
  /**
   * Platform settings the token depends on, e.g. GitHub's repository OIDC customisation
   * `{ use_default, include_claim_keys, immutable }` or GitLab's `ci_id_token_sub_claim_components`.
   */
  readonly settings?: Readonly<Record<string, unknown>> | undefined;
  /** A federated identity credential for the validator. */
  readonly fic?: Readonly<Record<string, unknown>> | undefined;
  /** Options of the validator (`kind`, `cloud`). */
  readonly validation?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * The validator's verdict a case expects: whether the FIC is valid, and substrings of the rule codes
 * of the errors and warnings it must report.
 *
 * @example
 * ```ts
 * const verdict: ConformanceVerdict = { valid: true, warnings: ["expression-managed-identity"] };
 * ```
 */
export interface ConformanceVerdict {
  readonly valid: boolean;
  readonly errors?: readonly string[] | undefined;
  readonly warnings?: readonly string[] | undefined;
}

/**
 * A refusal a case expects: azfed throws, naming `field` when given, with a message containing every
 * string of `message`.
 *
 * @example
 * ```ts
 * const refusal: ConformanceRefusal = { field: "components[1]", message: ["project_path, ref_type, ref"] };
 * ```
 */
export interface ConformanceRefusal {
  readonly field?: string | undefined;
  readonly message: readonly string[];
}

/**
 * What azfed must produce for a case.
 *
 * @example
 * ```ts
 * const expected: ConformanceExpected = { subject: "repo:octo-org/octo-repo:pull_request" };
 * ```
 */
export interface ConformanceExpected {
  /**
   * What a diagnosis must tell the user to run: `update` the FIC of that `name` (it exists), or
   * `create` a new one.
   */
  readonly diagnosis?:
    | { readonly command: "create" | "update"; readonly name?: string | undefined }
    | undefined;
  readonly subject?: string | undefined;
  readonly issuer?: string | undefined;
  readonly audience?: string | undefined;
  readonly refusal?: ConformanceRefusal | undefined;
  readonly verdict?: ConformanceVerdict | undefined;
}

/**
 * One cited fact of a platform, as a runnable case.
 *
 * @example
 * ```ts
 * const example: ConformanceCase = {
 *   id: "pull-request-event",
 *   title: "a pull_request workflow presents repo:{owner}/{repo}:pull_request",
 *   input: { options: { repository: "octo-org/octo-repo", pullRequest: true } },
 *   expected: { subject: "repo:octo-org/octo-repo:pull_request" },
 *   source: [{
 *     url: "https://docs.github.com/en/actions/reference/security/oidc",
 *     quote: "Example: `repo:octo-org/octo-repo:pull_request`",
 *     version: "commit 051718f297e11fadbf357da1e8e756991eb2ed89 of github/docs",
 *     checked: "2026-12-07",
 *   }],
 * };
 * ```
 */
export interface ConformanceCase {
  /** Unique in its file: lower-case words joined by `-`. */
  readonly id: string;
  /** What the case shows, in one sentence. */
  readonly title: string;
  /** The issue item this case guards (`"19.1"`; a bare number is issue 11's), when it failed before that fix. */
  readonly fix?: string | undefined;
  /**
   * Why no source establishes the case's conclusion. An unverified case is kept in the file for the
   * next reviewer but not run: {@link conformanceCorpus} lists it in `unverified`, not in `cases`.
   */
  readonly unverified?: string | undefined;
  readonly input: ConformanceInput;
  readonly expected: ConformanceExpected;
  /** At least one source. */
  readonly source: readonly ConformanceSource[];
}

/**
 * A platform default the emulators take from the corpus (an issuer format, a `sub` template, an
 * audience, a variable name), with its source.
 *
 * @example
 * ```ts
 * const fact: ConformanceFact<number> = {
 *   value: 5,
 *   source: [{ repo: "gitlabhq/gitlabhq", path: "lib/gitlab/ci/jwt.rb", quote: "NOT_BEFORE_TIME = 5", version: "as served", checked: "2026-11-30" }],
 * };
 * ```
 */
export interface ConformanceFact<T> {
  readonly value: T;
  readonly source: readonly ConformanceSource[];
}

/**
 * One file of the corpus: the platform's defaults and its cases.
 *
 * @example
 * ```ts
 * const file = conformanceCorpus("gitlab");
 * file.cases.length;
 * ```
 */
export interface ConformanceFile {
  readonly platform: ConformancePlatform;
  /** What the file covers. */
  readonly description: string;
  readonly defaults: Readonly<Record<string, ConformanceFact<unknown>>>;
  /** The cases that run (every case without `unverified`). */
  readonly cases: readonly ConformanceCase[];
  /** The cases kept for a reviewer that no source establishes (see {@link ConformanceCase.unverified}). */
  readonly unverified?: readonly ConformanceCase[] | undefined;
}
