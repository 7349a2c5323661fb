import { PLATFORMS, platformOf } from "../../platform/platforms";
import {
  ClaimsMatchingExpressionSyntaxError,
  type ParsedClaimsMatchingExpression,
  parseClaimsMatchingExpression,
} from "../claims-matching-expression";
import { type FicValidationOptions, isRecord, type ProblemCollector } from "./fic-problem";

/** The claims Entra evaluates in a flexible credential, for some issuer (the platform table's `expressionClaims`). */
const SUPPORTED_EXPRESSION_CLAIMS = new Set(PLATFORMS.flatMap((platform) => platform.expressionClaims ?? []));
/** The platforms that support flexible credentials at all. */
const FLEXIBLE_PLATFORMS = PLATFORMS.filter((platform) => platform.expressionClaims !== undefined);

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
  for (const condition of parsed.conditions) {
    if (!SUPPORTED_EXPRESSION_CLAIMS.has(condition.claim)) {
      problems.error(
        "claimsMatchingExpression.value",
        value,
        "expression-claim",
        `claims['${condition.claim}'] (position ${condition.position}) is not supported; Entra evaluates sub (GitHub, GitLab, Terraform Cloud) and job_workflow_ref (GitHub). Fix: use one of those`,
      );
    } else if (
      condition.claim !== "sub" &&
      platform !== undefined &&
      !platform.expressionClaims?.includes(condition.claim)
    ) {
      // Every claim but sub belongs to one platform (job_workflow_ref: GitHub).
      const owner = PLATFORMS.find((known) => known.expressionClaims?.includes(condition.claim));
      problems.error(
        "claimsMatchingExpression.value",
        value,
        "expression-claim",
        `claims['${condition.claim}'] (position ${condition.position}) is a ${owner?.label ?? "platform-specific"} claim; this issuer is ${platform.id}. Fix: use claims['sub']`,
      );
    }
  }
  if (issuer !== undefined && (platform === undefined || !FLEXIBLE_PLATFORMS.includes(platform))) {
    problems.warning(
      "issuer",
      issuer,
      "expression-issuer",
      "flexible credentials are supported for GitHub, GitLab and Terraform Cloud issuers; Entra may refuse this one. Fix: use a subject instead",
    );
  }
}
