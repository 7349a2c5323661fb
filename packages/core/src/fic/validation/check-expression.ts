import type { Platform } from "../../platform/platform";
import { PLATFORMS, parseIssuer, platformOf } from "../../platform/platforms";
import {
  ClaimsMatchingExpressionSyntaxError,
  type ParsedClaimsMatchingExpression,
  parseClaimsMatchingExpression,
} from "../claims-matching-expression";
import { type FicValidationOptions, isRecord, type ProblemCollector } from "./fic-problem";

/** The platforms that support flexible credentials at all. */
const FLEXIBLE_PLATFORMS = PLATFORMS.filter((platform) => platform.flexible !== undefined);
/** Every claim Entra evaluates for some issuer. */
const SUPPORTED_EXPRESSION_CLAIMS = new Set(
  FLEXIBLE_PLATFORMS.flatMap((platform) => Object.keys(platform.flexible?.claims ?? {})),
);

/** Errors for a flexible credential's claims matching expression: where it is allowed, its syntax and its claims. */
export function checkExpression(
  expression: unknown,
  issuer: string | undefined,
  options: FicValidationOptions,
  problems: ProblemCollector,
): void {
  // Microsoft's sources disagree: the Graph how-to says flexible credentials are "not yet available
  // for managed identities", while the ARM managed identity API (2025-01-31-preview) and a later
  // revision of the how-to accept them on user-assigned identities. A warning, not an error.
  // @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-set-up-flexible-federated-identity-credential
  if (options.kind === "managedIdentity") {
    problems.warning(
      "claimsMatchingExpression",
      expression,
      "expression-managed-identity",
      "flexible credentials on managed identities are a preview that not every tenant or API version accepts (Microsoft's documentation disagrees). Fix: if Entra refuses it, use a subject, or move the trust to an app registration",
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
  const platform = issuer === undefined ? undefined : platformOf(issuer);
  checkConditions(parsed, value, platform, problems);
  if (issuer !== undefined) checkIssuer(issuer, platform, problems);
}

/**
 * Each condition's claim and operator against the issuer's platform (any platform's when the issuer
 * is unknown), and, for GitHub, that `sub` and an immutable id are both compared.
 *
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials (ms.date 08/14/2026)
 */
function checkConditions(
  parsed: ParsedClaimsMatchingExpression,
  value: string,
  platform: Platform | undefined,
  problems: ProblemCollector,
): void {
  const rules = platform?.flexible;
  for (const condition of parsed.conditions) {
    const where = `claims['${condition.claim}'] (position ${condition.position})`;
    if (!SUPPORTED_EXPRESSION_CLAIMS.has(condition.claim)) {
      problems.error(
        "claimsMatchingExpression.value",
        value,
        "expression-claim",
        `${where} is not supported; Entra evaluates sub (GitHub, GitLab, Terraform Cloud), job_workflow_ref, repository_id, repository_owner_id (GitHub) and project_id (GitLab). Fix: use one of those`,
      );
      continue;
    }
    const operators = rules?.claims[condition.claim];
    if (rules !== undefined && platform !== undefined && operators === undefined) {
      const owner = FLEXIBLE_PLATFORMS.find((known) => known.flexible?.claims[condition.claim]);
      problems.error(
        "claimsMatchingExpression.value",
        value,
        "expression-claim",
        `${where} is a ${owner?.label ?? "platform-specific"} claim; this issuer is ${platform.id}, for which Entra evaluates ${Object.keys(rules.claims).join(", ")}. Fix: use claims['sub']`,
      );
      continue;
    }
    const allowed =
      operators ??
      FLEXIBLE_PLATFORMS.find((known) => known.flexible?.claims[condition.claim])?.flexible?.claims[
        condition.claim
      ];
    if (allowed !== undefined && !allowed.includes(condition.operator)) {
      problems.error(
        "claimsMatchingExpression.value",
        value,
        "expression-operator",
        `${where} uses '${condition.operator}', but Entra supports only ${allowed.map((operator) => `'${operator}'`).join(" and ")} for ${condition.claim}. Fix: compare it with ${allowed.map((operator) => `'${operator}'`).join(" or ")} (an id is matched exactly)`,
      );
    }
  }
  const required = rules?.requiresOneOf;
  if (platform === undefined || required === undefined) return;
  const subjects = parsed.conditions.filter((condition) => condition.claim === "sub");
  const prefix = rules?.immutableSubjectPrefix;
  const immutableSubject =
    prefix !== undefined &&
    subjects.length > 0 &&
    subjects.every((condition) => condition.value.startsWith(prefix));
  const compared = new Set(parsed.conditions.map((condition) => condition.claim));
  const missing = [
    ...(subjects.length > 0 ? [] : ["sub"]),
    ...(immutableSubject || required.some((claim) => compared.has(claim)) ? [] : [required.join(" or ")]),
  ];
  if (missing.length > 0) {
    problems.error(
      "claimsMatchingExpression.value",
      value,
      "expression-required-claims",
      `a ${platform.label} expression must compare sub and ${required.length > 1 ? `at least one of ${required.join(", ")}` : required[0]}${prefix === undefined ? "" : ` (unless sub is a ${prefix}… subject)`}; this one does not compare ${missing.join(", nor ")}. Fix: ${rules?.requiredClaimsFix ?? `compare ${required.join(" or ")}`}`,
    );
  }
}

/** The issuer against the platforms' supported flexible-credential issuers. */
function checkIssuer(issuer: string, platform: Platform | undefined, problems: ProblemCollector): void {
  const rules = platform?.flexible;
  if (platform !== undefined && rules !== undefined) {
    if (rules.issuerSupported(parseIssuer(issuer))) return;
    problems.error(
      "issuer",
      issuer,
      "expression-issuer",
      `Entra supports flexible credentials for ${platform.label} tokens only from ${rules.issuers}. Fix: use a subject instead, one credential per subject`,
    );
    return;
  }
  problems.error(
    "issuer",
    issuer,
    "expression-issuer",
    `flexible credentials are supported only for ${FLEXIBLE_PLATFORMS.map((known) => `${known.label} (${known.flexible?.issuers})`).join("; ")}. Fix: use a subject instead`,
  );
}
