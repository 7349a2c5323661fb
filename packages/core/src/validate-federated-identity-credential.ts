import {
  ClaimsMatchingExpressionSyntaxError,
  type ParsedClaimsMatchingExpression,
  parseClaimsMatchingExpression,
} from "./claims-matching-expression";
import { cloudForExchangeAudience, type EntraCloud, KNOWN_CLOUDS } from "./clouds";
import { isAksIssuer, issuerPlatform } from "./issuer-platform";

/**
 * The Entra rule (or, for a warning, the likely mistake) a {@link FicProblem} is about.
 *
 * @example
 * ```ts
 * const rule: FicRule = "name-characters";
 * ```
 */
export type FicRule =
  | "required"
  | "type"
  | "name-length"
  | "name-characters"
  | "name-first-character"
  | "max-length"
  | "single-audience"
  | "whitespace"
  | "subject-wildcard"
  | "subject-or-expression"
  | "expression-syntax"
  | "expression-language-version"
  | "expression-claim"
  | "expression-managed-identity"
  | "issuer-https"
  | "max-per-identity"
  | "unique-issuer-subject"
  | "unique-name"
  | "recommended-audience"
  | "aks-issuer-trailing-slash"
  | "issuer-trailing-slash"
  | "expression-issuer"
  | "github-subject-shape"
  | "gitlab-subject-shape"
  | "kubernetes-subject-shape";

/**
 * One broken rule or likely mistake in a federated identity credential: which field, its value, the
 * rule, and a sentence saying what is wrong and how to fix it.
 *
 * @example
 * ```ts
 * const problem: FicProblem = {
 *   field: "audiences",
 *   value: '["api://AzureADTokenExchange","api://other"]',
 *   rule: "single-audience",
 *   message: "audiences has 2 entries; Entra requires exactly one. Fix: keep only api://AzureADTokenExchange.",
 * };
 * ```
 */
export interface FicProblem {
  /** The field at fault, e.g. `name`, `audiences[0]`, or in a list `[3].issuer`. */
  readonly field: string;
  /** The offending value as text (JSON for a value that is not a string). */
  readonly value: string;
  /** The rule broken, as a stable code. */
  readonly rule: FicRule;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/**
 * What {@link validateFederatedIdentityCredential} found: `valid` is `false` when there is at least
 * one error. Warnings never make a credential invalid.
 *
 * @example
 * ```ts
 * const result: FicValidationResult = validateFederatedIdentityCredential(fic);
 * if (!result.valid) for (const error of result.errors) console.error(error.message);
 * ```
 */
export interface FicValidationResult {
  readonly valid: boolean;
  readonly errors: readonly FicProblem[];
  readonly warnings: readonly FicProblem[];
}

/**
 * Context that sharpens the checks.
 *
 * @example
 * ```ts
 * const options: FicValidationOptions = { kind: "managedIdentity", cloud: "usgov" };
 * ```
 */
export interface FicValidationOptions {
  /**
   * Where the credential lives: an app registration (default) or a user-assigned managed identity,
   * which cannot hold flexible (expression) credentials.
   */
  readonly kind?: "application" | "managedIdentity";
  /** The cloud the identity is in; the audience is then checked against that cloud's exchange audience. */
  readonly cloud?: EntraCloud["name"] | EntraCloud;
}

/** Entra's limits on federated identity credentials. */
const NAME_MIN = 3;
const NAME_MAX = 120;
const FIELD_MAX = 600;
const MAX_PER_IDENTITY = 20;
const NAME_CHARACTERS = /^[A-Za-z0-9_-]+$/;
const SUPPORTED_EXPRESSION_CLAIMS = new Set(["sub", "job_workflow_ref"]);
const KNOWN_ISSUERS_WITHOUT_SLASH = [
  "https://token.actions.githubusercontent.com",
  "https://gitlab.com",
  "https://accounts.google.com",
  "https://app.terraform.io",
];

/**
 * Checks one federated identity credential against every rule Entra enforces, and warns about likely
 * mistakes. Accepts azfed's {@link FederatedIdentityCredential}, or an item of what
 * `az ad app federated-credential list` / `az identity federated-credential list` print (extra fields
 * such as `id` or `@odata.type` are ignored; `null` counts as absent).
 *
 * Errors: name of 3–120 characters of `[A-Za-z0-9_-]` starting with a letter or digit; issuer,
 * subject and audience of at most 600 characters without leading or trailing whitespace; exactly
 * one audience; an https issuer; `subject` or `claimsMatchingExpression` but not both; no `*` in a
 * subject; a syntactically valid expression (language version 1) on supported claims.
 * Warnings: an audience that is not the cloud's recommended exchange audience, an AKS issuer without
 * its trailing slash, a well-known issuer with one, subjects that do not look like the platform's.
 *
 * @example
 * ```ts
 * const result = validateFederatedIdentityCredential({
 *   name: "github main",
 *   issuer: "https://token.actions.githubusercontent.com",
 *   subject: "repo:contoso/app:ref:refs/heads/main",
 *   audiences: ["api://AzureADTokenExchange"],
 * });
 * result.valid; // false
 * result.errors[0]?.field; // "name"
 * ```
 */
export function validateFederatedIdentityCredential(
  fic: unknown,
  options: FicValidationOptions = {},
): FicValidationResult {
  const collector = new ProblemCollector("");
  checkCredential(fic, options, collector);
  return collector.result();
}

/**
 * Checks a list of federated identity credentials (those of one app registration or managed
 * identity): each one as {@link validateFederatedIdentityCredential} does, with fields prefixed by
 * their index (`[3].issuer`), plus the rules across the list: at most 20 credentials, unique names,
 * and issuer + subject unique. Accepts an array, or Microsoft Graph's `{ value: [...] }`.
 *
 * @example
 * ```ts
 * const listed = JSON.parse(execSync("az ad app federated-credential list --id $APP_ID", { encoding: "utf8" }));
 * const { valid, errors } = validateFederatedIdentityCredentials(listed);
 * for (const error of errors) console.error(`${error.field}: ${error.message}`);
 * ```
 */
export function validateFederatedIdentityCredentials(
  list: unknown,
  options: FicValidationOptions = {},
): FicValidationResult {
  const collector = new ProblemCollector("");
  const items = isRecord(list) && Array.isArray(list.value) ? list.value : list;
  if (!Array.isArray(items)) {
    collector.error(
      "",
      items,
      "type",
      "expected an array of federated identity credentials (as `az ad app federated-credential list` prints)",
    );
    return collector.result();
  }
  items.forEach((item, index) => {
    checkCredential(item, options, collector.nested(`[${index}].`));
  });

  if (items.length > MAX_PER_IDENTITY) {
    collector.error(
      "length",
      String(items.length),
      "max-per-identity",
      `there are ${items.length} credentials; an app registration or user-assigned managed identity holds at most ${MAX_PER_IDENTITY}. Fix: remove ${items.length - MAX_PER_IDENTITY}, or use a flexible credential (claimsMatchingExpression) to cover several subjects with one`,
    );
  }

  const firstByName = new Map<string, number>();
  const firstByIssuerSubject = new Map<string, number>();
  items.forEach((item, index) => {
    if (!isRecord(item)) return;
    const { name, issuer, subject } = item;
    if (typeof name === "string") {
      const first = firstByName.get(name);
      if (first === undefined) firstByName.set(name, index);
      else {
        collector.error(
          `[${index}].name`,
          name,
          "unique-name",
          `the name ${JSON.stringify(name)} is already used by [${first}]; names are unique per identity. Fix: rename one of them`,
        );
      }
    }
    if (typeof issuer === "string" && typeof subject === "string") {
      const key = JSON.stringify([issuer, subject]);
      const first = firstByIssuerSubject.get(key);
      if (first === undefined) firstByIssuerSubject.set(key, index);
      else {
        collector.error(
          `[${index}].subject`,
          subject,
          "unique-issuer-subject",
          `[${first}] already has this issuer and subject; issuer + subject must be unique per identity. Fix: delete the duplicate`,
        );
      }
    }
  });
  return collector.result();
}

class ProblemCollector {
  private readonly errors: FicProblem[];
  private readonly warnings: FicProblem[];

  constructor(
    private readonly prefix: string,
    shared?: { errors: FicProblem[]; warnings: FicProblem[] },
  ) {
    this.errors = shared?.errors ?? [];
    this.warnings = shared?.warnings ?? [];
  }

  nested(prefix: string): ProblemCollector {
    return new ProblemCollector(this.prefix + prefix, { errors: this.errors, warnings: this.warnings });
  }

  error(field: string, value: unknown, rule: FicRule, message: string): void {
    this.errors.push(this.problem(field, value, rule, message));
  }

  warning(field: string, value: unknown, rule: FicRule, message: string): void {
    this.warnings.push(this.problem(field, value, rule, message));
  }

  result(): FicValidationResult {
    return { valid: this.errors.length === 0, errors: this.errors, warnings: this.warnings };
  }

  private problem(field: string, value: unknown, rule: FicRule, message: string): FicProblem {
    const fullField = `${this.prefix}${field}`.replace(/\.$/, "");
    const label = fullField === "" ? "The value" : fullField;
    return { field: fullField, value: asText(value), rule, message: `${label}: ${message}.` };
  }
}

function checkCredential(fic: unknown, options: FicValidationOptions, problems: ProblemCollector): void {
  if (!isRecord(fic)) {
    problems.error(
      "",
      fic,
      "type",
      "expected an object with name, issuer, subject (or claimsMatchingExpression) and audiences",
    );
    return;
  }
  checkName(fic.name, problems);
  const issuer = checkIssuer(fic.issuer, problems);
  const subject = fic.subject ?? undefined;
  const expression = fic.claimsMatchingExpression ?? undefined;
  if (subject === undefined && expression === undefined) {
    problems.error(
      "subject",
      subject,
      "subject-or-expression",
      "a credential needs a subject (or, on a flexible credential, a claimsMatchingExpression). Fix: set subject to the `sub` of the tokens to accept",
    );
  } else if (subject !== undefined && expression !== undefined) {
    problems.error(
      "claimsMatchingExpression",
      expression,
      "subject-or-expression",
      "a credential has either a subject or a claimsMatchingExpression, not both. Fix: remove one",
    );
  }
  if (subject !== undefined) checkSubject(subject, issuer, problems);
  if (expression !== undefined) checkExpression(expression, issuer, options, problems);
  checkAudiences(fic.audiences, options, problems);
  const description = fic.description ?? undefined;
  if (description !== undefined && typeof description !== "string") {
    problems.error("description", description, "type", "expected a string");
  }
}

function checkName(name: unknown, problems: ProblemCollector): void {
  if (name === undefined || name === null || name === "") {
    problems.error(
      "name",
      name,
      "required",
      'a name is required. Fix: give it 3–120 characters of letters, digits, "-" and "_", e.g. "github-contoso-app-main"',
    );
    return;
  }
  if (typeof name !== "string") {
    problems.error("name", name, "type", "expected a string");
    return;
  }
  const trimmed = name.trim();
  if (trimmed !== name) {
    problems.error(
      "name",
      name,
      "whitespace",
      `it has leading or trailing whitespace. Fix: use ${JSON.stringify(trimmed)}`,
    );
  }
  if (trimmed.length < NAME_MIN || trimmed.length > NAME_MAX) {
    problems.error(
      "name",
      name,
      "name-length",
      `it has ${trimmed.length} characters; Entra requires ${NAME_MIN}–${NAME_MAX}. Fix: ${trimmed.length < NAME_MIN ? "use a longer, descriptive name" : `shorten it to at most ${NAME_MAX} characters`}`,
    );
  }
  if (trimmed !== "" && !NAME_CHARACTERS.test(trimmed)) {
    const bad = [...trimmed].find((character) => !NAME_CHARACTERS.test(character)) ?? "";
    problems.error(
      "name",
      name,
      "name-characters",
      `it contains ${JSON.stringify(bad)}; only letters, digits, "-" and "_" are allowed. Fix: use ${JSON.stringify(suggestName(trimmed))}`,
    );
  }
  if (trimmed !== "" && !/^[A-Za-z0-9]/.test(trimmed)) {
    problems.error(
      "name",
      name,
      "name-first-character",
      `it starts with ${JSON.stringify(trimmed[0])}; the first character must be a letter or a digit`,
    );
  }
}

function checkIssuer(issuer: unknown, problems: ProblemCollector): string | undefined {
  if (issuer === undefined || issuer === null || issuer === "") {
    problems.error(
      "issuer",
      issuer,
      "required",
      "an issuer is required. Fix: set it to the `iss` of the tokens, e.g. https://token.actions.githubusercontent.com",
    );
    return undefined;
  }
  if (typeof issuer !== "string") {
    problems.error("issuer", issuer, "type", "expected a string (the issuer URL)");
    return undefined;
  }
  checkTextField("issuer", issuer, problems, "issuer");
  const trimmed = issuer.trim();
  let url: URL | undefined;
  try {
    url = new URL(trimmed);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== "https:") {
    problems.error(
      "issuer",
      issuer,
      "issuer-https",
      url
        ? `it uses ${url.protocol.replace(/:$/, "")}; Entra only trusts https issuers. Fix: use the https issuer URL the tokens carry in \`iss\``
        : "it is not a URL; Entra requires an https URL. Fix: set it to the `iss` of the tokens, e.g. https://token.actions.githubusercontent.com",
    );
  }
  if (isAksIssuer(trimmed) && !trimmed.endsWith("/")) {
    problems.warning(
      "issuer",
      issuer,
      "aks-issuer-trailing-slash",
      `AKS issuers end with "/" and tokens carry it; without it the credential does not match (AADSTS70021). Fix: use ${JSON.stringify(`${trimmed}/`)} (\`az aks show --query oidcIssuerProfile.issuerUrl\` prints it)`,
    );
  }
  const withoutSlash = trimmed.replace(/\/+$/, "");
  if (withoutSlash !== trimmed && KNOWN_ISSUERS_WITHOUT_SLASH.includes(withoutSlash)) {
    problems.warning(
      "issuer",
      issuer,
      "issuer-trailing-slash",
      `tokens from this issuer carry ${JSON.stringify(withoutSlash)} without a trailing slash, so this credential does not match them. Fix: use ${JSON.stringify(withoutSlash)}`,
    );
  }
  return trimmed;
}

function checkSubject(subject: unknown, issuer: string | undefined, problems: ProblemCollector): void {
  if (subject === "") {
    problems.error(
      "subject",
      subject,
      "required",
      "the subject is empty. Fix: set it to the `sub` of the tokens to accept",
    );
    return;
  }
  if (typeof subject !== "string") {
    problems.error("subject", subject, "type", "expected a string (the token's `sub`)");
    return;
  }
  checkTextField("subject", subject, problems, "subject");
  if (subject.includes("*")) {
    problems.error(
      "subject",
      subject,
      "subject-wildcard",
      `"*" is not a wildcard in a subject: subjects match exactly. Fix: list each subject, or on an app registration use a flexible credential: claimsMatchingExpression { value: ${JSON.stringify(`claims['sub'] matches '${subject.trim()}'`)}, languageVersion: 1 }`,
    );
  }
  if (issuer !== undefined) checkSubjectShape(subject.trim(), issuer, problems);
}

function checkSubjectShape(subject: string, issuer: string, problems: ProblemCollector): void {
  const platform = issuerPlatform(issuer, subject);
  if (platform === "github-actions") {
    const advice = githubSubjectAdvice(subject);
    if (advice) problems.warning("subject", subject, "github-subject-shape", advice);
  } else if (platform === "gitlab") {
    if (/:ref:refs\/(heads|tags)\//.test(subject)) {
      problems.warning(
        "subject",
        subject,
        "gitlab-subject-shape",
        'GitLab writes the ref without "refs/heads/" or "refs/tags/" (project_path:group/project:ref_type:branch:ref:main). Fix: remove that prefix',
      );
    } else if (/^project_path:/.test(subject) && !/:ref_type:(branch|tag):ref:./.test(subject)) {
      problems.warning(
        "subject",
        subject,
        "gitlab-subject-shape",
        "GitLab's default subject is project_path:{group}/{project}:ref_type:{branch|tag}:ref:{name}. Fix: compare it with the `sub` of a real token",
      );
    }
  } else if (platform === "kubernetes" && subject.startsWith("system:serviceaccount:")) {
    const parts = subject.split(":");
    if (parts.length !== 4 || parts[2] === "" || parts[3] === "") {
      problems.warning(
        "subject",
        subject,
        "kubernetes-subject-shape",
        "a service account's subject is system:serviceaccount:{namespace}:{service account}. Fix: name both the namespace and the service account",
      );
    }
  }
}

function githubSubjectAdvice(subject: string): string | undefined {
  const ref = subject.match(/:ref:([^:]*)/)?.[1];
  if (ref !== undefined && !ref.startsWith("refs/")) {
    return `GitHub writes a branch as ref:refs/heads/{branch} and a tag as ref:refs/tags/{tag}. Fix: use ${JSON.stringify(subject.replace(`:ref:${ref}`, `:ref:refs/heads/${ref}`))} for a branch`;
  }
  if (/:(branch|tag):/.test(subject)) {
    return "GitHub's subject has no branch: or tag: key; a branch is ref:refs/heads/{branch}, a tag ref:refs/tags/{tag}. Fix: compare it with the `sub` of a real token";
  }
  if (/:(pull-request|pullrequest|pr)(:|$)/i.test(subject) || /:pull_request:/.test(subject)) {
    return "GitHub's pull request subject ends with :pull_request, with nothing after it. Fix: use repo:{owner}/{repo}:pull_request";
  }
  if (/:environment:?$/.test(subject)) {
    return "the environment name is missing. Fix: use repo:{owner}/{repo}:environment:{name}";
  }
  if (subject.startsWith("repo:") && !/^repo:[^:/]+\/[^:/]+(:|$)/.test(subject)) {
    return "GitHub subjects start with repo:{owner}/{repo}. Fix: name both the owner and the repository";
  }
  return undefined;
}

function checkExpression(
  expression: unknown,
  issuer: string | undefined,
  options: FicValidationOptions,
  problems: ProblemCollector,
): void {
  if (options.kind === "managedIdentity") {
    problems.error(
      "claimsMatchingExpression",
      expression,
      "expression-managed-identity",
      "flexible credentials are supported on app registrations only, not on managed identities. Fix: use a subject, or move the trust to an app registration",
    );
  }
  if (!isRecord(expression)) {
    problems.error(
      "claimsMatchingExpression",
      expression,
      "type",
      "expected { value: \"claims['sub'] matches '...'\", languageVersion: 1 }",
    );
    return;
  }
  if (expression.languageVersion !== 1) {
    problems.error(
      "claimsMatchingExpression.languageVersion",
      expression.languageVersion,
      "expression-language-version",
      "the only language version is 1. Fix: set languageVersion to 1",
    );
  }
  const value = expression.value;
  if (typeof value !== "string" || value.trim() === "") {
    problems.error(
      "claimsMatchingExpression.value",
      value,
      typeof value === "string" || value === undefined || value === null ? "required" : "type",
      "expected an expression such as claims['sub'] matches 'repo:contoso/*:environment:prod'",
    );
    return;
  }
  let parsed: ParsedClaimsMatchingExpression;
  try {
    parsed = parseClaimsMatchingExpression(value);
  } catch (error) {
    if (!(error instanceof ClaimsMatchingExpressionSyntaxError)) throw error;
    problems.error(
      "claimsMatchingExpression.value",
      value,
      "expression-syntax",
      `at position ${error.position}: expected ${error.expected}, found ${error.found}. The syntax is claims['<claim>'] eq|matches '<value>', conditions joined by 'and'`,
    );
    return;
  }
  const platform = issuer === undefined ? undefined : issuerPlatform(issuer);
  for (const condition of parsed.conditions) {
    if (!SUPPORTED_EXPRESSION_CLAIMS.has(condition.claim)) {
      problems.error(
        "claimsMatchingExpression.value",
        value,
        "expression-claim",
        `claims['${condition.claim}'] (position ${condition.position}) is not supported; Entra evaluates sub (GitHub, GitLab, Terraform Cloud) and job_workflow_ref (GitHub). Fix: use one of those`,
      );
    } else if (
      condition.claim === "job_workflow_ref" &&
      platform !== undefined &&
      platform !== "github-actions"
    ) {
      problems.error(
        "claimsMatchingExpression.value",
        value,
        "expression-claim",
        `claims['job_workflow_ref'] (position ${condition.position}) is a GitHub claim; this issuer is ${platform}. Fix: use claims['sub']`,
      );
    }
  }
  if (
    issuer !== undefined &&
    platform !== "github-actions" &&
    platform !== "gitlab" &&
    platform !== "terraform"
  ) {
    problems.warning(
      "issuer",
      issuer,
      "expression-issuer",
      "flexible credentials are supported for GitHub, GitLab and Terraform Cloud issuers; Entra may refuse this one. Fix: use a subject instead",
    );
  }
}

function checkAudiences(audiences: unknown, options: FicValidationOptions, problems: ProblemCollector): void {
  const recommended = recommendedAudience(options);
  if (audiences === undefined || audiences === null) {
    problems.error(
      "audiences",
      audiences,
      "required",
      `audiences is required. Fix: set it to [${JSON.stringify(recommended)}]`,
    );
    return;
  }
  if (!Array.isArray(audiences)) {
    problems.error(
      "audiences",
      audiences,
      "type",
      `expected an array with exactly one audience. Fix: use [${JSON.stringify(typeof audiences === "string" ? audiences.trim() : recommended)}]`,
    );
    return;
  }
  if (audiences.length !== 1) {
    problems.error(
      "audiences",
      audiences,
      "single-audience",
      audiences.length === 0
        ? `it is empty; Entra requires exactly one audience. Fix: set it to [${JSON.stringify(recommended)}]`
        : `it has ${audiences.length} entries; Entra requires exactly one. Fix: keep one (usually ${JSON.stringify(recommended)}) and create another credential for any other audience`,
    );
  }
  audiences.forEach((audience, index) => {
    const field = `audiences[${index}]`;
    if (typeof audience !== "string") {
      problems.error(field, audience, "type", "expected a string");
      return;
    }
    if (audience.trim() === "") {
      problems.error(
        field,
        audience,
        "required",
        `the audience is empty. Fix: use ${JSON.stringify(recommended)}`,
      );
      return;
    }
    checkTextField(field, audience, problems, "audience");
    checkRecommendedAudience(field, audience.trim(), options, problems);
  });
}

function checkRecommendedAudience(
  field: string,
  audience: string,
  options: FicValidationOptions,
  problems: ProblemCollector,
): void {
  const cloud = resolveCloud(options.cloud);
  const audienceCloud = cloudForExchangeAudience(audience);
  if (cloud ? audienceCloud?.name === cloud.name : audienceCloud !== undefined) return;
  const recommended = recommendedAudience(options);
  const caseOnly = Object.values(KNOWN_CLOUDS).find(
    (known) => known.exchangeAudience.toLowerCase() === audience.toLowerCase(),
  );
  const message = audienceCloud
    ? `this is the exchange audience of the ${cloudLabel(audienceCloud.name)} cloud, but the identity is in the ${cloudLabel(cloud?.name ?? "public")} cloud. Fix: use ${JSON.stringify(recommended)}`
    : caseOnly
      ? `it differs from ${JSON.stringify(caseOnly.exchangeAudience)} only in letter case, and audiences match exactly. Fix: use ${JSON.stringify(caseOnly.exchangeAudience)}`
      : `it is not the recommended exchange audience ${JSON.stringify(recommended)}; it works only if the platform issues tokens with exactly this \`aud\`. Fix: prefer ${JSON.stringify(recommended)}`;
  problems.warning(field, audience, "recommended-audience", message);
}

function checkTextField(field: string, value: string, problems: ProblemCollector, what: string): void {
  if (value !== value.trim()) {
    problems.error(
      field,
      value,
      "whitespace",
      `it has leading or trailing whitespace, which makes the ${what} never match (Entra compares exactly). Fix: use ${JSON.stringify(value.trim())}`,
    );
  }
  if (value.length > FIELD_MAX) {
    problems.error(
      field,
      value,
      "max-length",
      `the ${what} has ${value.length} characters; Entra allows at most ${FIELD_MAX}`,
    );
  }
}

function recommendedAudience(options: FicValidationOptions): string {
  return (resolveCloud(options.cloud) ?? KNOWN_CLOUDS.public).exchangeAudience;
}

function resolveCloud(cloud: FicValidationOptions["cloud"]): EntraCloud | undefined {
  if (cloud === undefined) return undefined;
  return typeof cloud === "string" ? KNOWN_CLOUDS[cloud] : cloud;
}

function cloudLabel(name: EntraCloud["name"]): string {
  return name === "usgov" ? "US Gov" : name === "china" ? "China" : "public";
}

function suggestName(name: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "")
    .replace(/-+$/, "");
  return cleaned.length >= NAME_MIN ? cleaned.slice(0, NAME_MAX) : `fic-${cleaned}`.replace(/-+$/, "-1");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
