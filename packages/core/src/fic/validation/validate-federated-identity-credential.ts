import { isAksIssuer } from "../../platform/kubernetes-platform";
import { PLATFORMS, platformOf } from "../../platform/platforms";
import {
  FIC_DESCRIPTION_MAX_LENGTH,
  FIC_MAX_PER_IDENTITY,
  FIC_NAME_CHARACTER,
  FIC_NAME_MAX_LENGTH,
  FIC_NAME_MIN_LENGTH,
  httpsIssuerProblem,
} from "../entra-fic-limits";
import { deriveFederatedCredentialName } from "../federated-credential-name";
import { controlCharacterIn } from "../subject-part";
import { checkAudiences } from "./check-audiences";
import { checkExpression } from "./check-expression";
import { checkSubjectShape } from "./check-subject-shape";
import {
  checkTextField,
  type FicValidationOptions,
  type FicValidationResult,
  isRecord,
  ProblemCollector,
} from "./fic-problem";

/** Issuers whose tokens carry no trailing slash, from the platform table. */
const KNOWN_ISSUERS_WITHOUT_SLASH = PLATFORMS.flatMap(
  (platform) => platform.issuersWithoutTrailingSlash ?? [],
);

/**
 * Checks one federated identity credential against every rule Entra enforces, and warns about likely
 * mistakes. Accepts azfed's {@link FederatedIdentityCredential}, or an item of what
 * `az ad app federated-credential list` / `az identity federated-credential list` print (extra fields
 * such as `id` or `@odata.type` are ignored; `null` counts as absent).
 *
 * Errors: name of 3–120 characters of `[A-Za-z0-9_-]` starting with a letter or digit; issuer,
 * subject and audience of at most 600 characters without leading or trailing whitespace; exactly
 * one audience; an https issuer without credentials, query or fragment; `subject` or
 * `claimsMatchingExpression` but not both; no `*` in a subject; a syntactically valid expression
 * (language version 1) on supported claims; a description of at most 600 characters without control
 * characters. The limits are those of `entra-fic-limits.ts`.
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

  if (items.length > FIC_MAX_PER_IDENTITY) {
    collector.error(
      "length",
      String(items.length),
      "max-per-identity",
      `there are ${items.length} credentials; an app registration or user-assigned managed identity holds at most ${FIC_MAX_PER_IDENTITY}. Fix: remove ${items.length - FIC_MAX_PER_IDENTITY}, or use a flexible credential (claimsMatchingExpression) to cover several subjects with one`,
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
  // With both, the one error above says what to fix; the expression is checked once it stands alone.
  if (expression !== undefined && subject === undefined)
    checkExpression(expression, issuer, options, problems);
  checkAudiences(fic.audiences, issuer, options, problems);
  checkDescription(fic.description ?? undefined, problems);
}

/** Entra stores a description unvalidated, up to 600 characters; a control character in it breaks the `az` and portal output it is shown in. */
function checkDescription(description: unknown, problems: ProblemCollector): void {
  if (description === undefined) return;
  if (typeof description !== "string") {
    problems.error("description", description, "type", "expected a string");
    return;
  }
  const control = controlCharacterIn(description);
  if (control !== undefined) {
    problems.error(
      "description",
      description,
      "control-character",
      `it contains the control character "${control}". Fix: write the description on one line, without tabs or escape characters`,
    );
  }
  if (description.length > FIC_DESCRIPTION_MAX_LENGTH) {
    problems.error(
      "description",
      description,
      "max-length",
      `the description has ${description.length} characters; Entra allows at most ${FIC_DESCRIPTION_MAX_LENGTH}. Fix: shorten it`,
    );
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
  if (trimmed.length < FIC_NAME_MIN_LENGTH || trimmed.length > FIC_NAME_MAX_LENGTH) {
    problems.error(
      "name",
      name,
      "name-length",
      `it has ${trimmed.length} characters; Entra requires ${FIC_NAME_MIN_LENGTH}–${FIC_NAME_MAX_LENGTH}. Fix: ${trimmed.length < FIC_NAME_MIN_LENGTH ? "use a longer, descriptive name" : `shorten it to at most ${FIC_NAME_MAX_LENGTH} characters`}`,
    );
  }
  const bad = [...trimmed].find((character) => !FIC_NAME_CHARACTER.test(character));
  if (bad !== undefined) {
    problems.error(
      "name",
      name,
      "name-characters",
      `it contains ${JSON.stringify(bad)}; only letters, digits, "-" and "_" are allowed. Fix: use ${JSON.stringify(deriveFederatedCredentialName([trimmed]))}`,
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
  const notHttps = httpsIssuerProblem(trimmed);
  if (notHttps !== undefined) {
    problems.error(
      "issuer",
      issuer,
      "issuer-https",
      `${notHttps}. Fix: use the https issuer URL the tokens carry in \`iss\`, e.g. https://token.actions.githubusercontent.com`,
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
  const withoutSlash = trimmed.replace(/(?<!\/)\/+$/, "");
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
      `"*" is not a wildcard in a subject: subjects match exactly. Fix: list each subject, or on an app registration use a flexible credential: claimsMatchingExpression { value: ${JSON.stringify(flexibleExpressionFor(subject.trim(), issuer))}, languageVersion: 1 }`,
    );
  }
  if (issuer !== undefined) checkSubjectShape(subject.trim(), issuer, problems);
}

/**
 * The flexible expression a wildcard subject means, with the claim Entra also requires for the
 * issuer's platform (GitHub: `repository_id`; GitLab: `project_id` unless the subject is a
 * `project_id:` one) as a placeholder, and quotes doubled as the expression language writes them.
 */
function flexibleExpressionFor(subject: string, issuer: string | undefined): string {
  const rules = issuer === undefined ? undefined : platformOf(issuer)?.flexible;
  const expression = `claims['sub'] matches '${subject.replaceAll("'", "''")}'`;
  const required = rules?.requiresOneOf?.[0];
  const prefix = rules?.immutableSubjectPrefix;
  if (required === undefined || (prefix !== undefined && subject.startsWith(prefix))) return expression;
  return `${expression} and claims['${required}'] eq '<${required}>'`;
}
