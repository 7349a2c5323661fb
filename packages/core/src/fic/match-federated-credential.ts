import { cloudForExchangeAudience, type EntraCloud } from "../clouds";
import { isAksIssuer } from "../platform/kubernetes-platform";
import { PLATFORMS } from "../platform/platforms";
import {
  type ClaimCondition,
  ClaimsMatchingExpressionSyntaxError,
  isClaimConditionMet,
  matchesWildcardPattern,
  parseClaimsMatchingExpression,
} from "./claims-matching-expression";
import type { AssertionClaims } from "./decode-assertion";
import { MAX_FIC_FIELD_LENGTH } from "./entra-fic-limits";
import type { FederatedIdentityCredential } from "./federated-identity-credential";

/**
 * One field where a token and a federated identity credential disagree, with a hint at why when
 * there is an obvious one.
 *
 * @example
 * ```ts
 * const difference: FieldDifference = {
 *   field: "subject",
 *   presented: "repo:Contoso/app:ref:refs/heads/main",
 *   expected: "repo:contoso/app:ref:refs/heads/main",
 *   hint: "differs only in letter case",
 * };
 * ```
 */
export interface FieldDifference {
  readonly field: "issuer" | "subject" | "audience" | "claimsMatchingExpression";
  /** What the token carries (audiences joined by ", " when `aud` is an array). */
  readonly presented: string;
  /** What the credential expects. */
  readonly expected: string;
  /** Why they differ, when it is recognisable: "differs only in letter case", "trailing slash: ...", ... */
  readonly hint?: string | undefined;
}

/**
 * The answer of {@link matchFederatedCredential}: the credential Entra would match, or the nearest one
 * and how it differs.
 *
 * @example
 * ```ts
 * const result: FederatedCredentialMatch = matchFederatedCredential(claims, fics);
 * if (!result.matched) for (const d of result.differences) console.log(d.field, d.hint);
 * ```
 */
export type FederatedCredentialMatch =
  | { readonly matched: FederatedIdentityCredential }
  | {
      readonly matched: undefined;
      /** The credential closest to matching, `undefined` when the list is empty. */
      readonly nearest?: FederatedIdentityCredential | undefined;
      /** The fields where `nearest` differs from the token; empty when there is no credential. */
      readonly differences: readonly FieldDifference[];
    };

/**
 * Which federated identity credential Entra would match for a token's claims, the way Entra matches:
 * the issuer exactly, the subject exactly and case-sensitively (or a flexible credential's
 * expression), and the credential's audience among the token's `aud`. When none matches, returns the
 * nearest credential (most matching fields, then the subject with the smallest edit distance) and
 * the fields that differ, with hints such as "differs only in letter case".
 *
 * @example
 * ```ts
 * const result = matchFederatedCredential(decodeAssertion(jwt), [
 *   {
 *     name: "main",
 *     issuer: "https://token.actions.githubusercontent.com",
 *     subject: "repo:contoso/app:ref:refs/heads/main",
 *     audiences: ["api://AzureADTokenExchange"],
 *   },
 * ]);
 * if (result.matched) console.log(`Entra will use ${result.matched.name}`);
 * else console.log(result.differences);
 * ```
 */
export function matchFederatedCredential(
  claims: AssertionClaims,
  fics: readonly FederatedIdentityCredential[],
): FederatedCredentialMatch {
  let best:
    | { fic: FederatedIdentityCredential; differences: FieldDifference[]; distance: number }
    | undefined;
  for (const fic of fics) {
    const differences = compare(claims, fic);
    if (differences.length === 0) return { matched: fic };
    const distance = subjectDistance(claims, fic);
    if (
      best === undefined ||
      differences.length < best.differences.length ||
      (differences.length === best.differences.length && distance < best.distance)
    ) {
      best = { fic, differences, distance };
    }
  }
  return best
    ? { matched: undefined, nearest: best.fic, differences: best.differences }
    : { matched: undefined, differences: [] };
}

function compare(claims: AssertionClaims, fic: FederatedIdentityCredential): FieldDifference[] {
  const differences: FieldDifference[] = [];
  const issuer = fic.issuer ?? "";
  if (issuer !== claims.iss) {
    differences.push(withHint({ field: "issuer", presented: claims.iss, expected: issuer }, issuerHint));
  }
  const subjectDifference = compareSubject(claims, fic);
  if (subjectDifference) differences.push(subjectDifference);
  const presentedAudiences = typeof claims.aud === "string" ? [claims.aud] : [...claims.aud];
  const audiences = fic.audiences ?? [];
  if (!audiences.some((audience) => presentedAudiences.includes(audience))) {
    differences.push(
      withHint(
        { field: "audience", presented: presentedAudiences.join(", "), expected: audiences.join(", ") },
        (p, e) => audienceHint(presentedAudiences, e, p),
      ),
    );
  }
  return differences;
}

function compareSubject(
  claims: AssertionClaims,
  fic: FederatedIdentityCredential,
): FieldDifference | undefined {
  const expression = fic.claimsMatchingExpression ?? undefined;
  const subject = fic.subject ?? undefined;
  if (subject === undefined && expression !== undefined) {
    let conditions: readonly ClaimCondition[];
    try {
      conditions = parseClaimsMatchingExpression(expression.value).conditions;
    } catch (error) {
      if (!(error instanceof ClaimsMatchingExpressionSyntaxError)) throw error;
      return {
        field: "claimsMatchingExpression",
        presented: claims.sub,
        expected: expression.value,
        hint: `the expression is not valid, so it never matches: ${error.message}`,
      };
    }
    const unmet = conditions.find((condition) => !isClaimConditionMet(condition, claims));
    if (!unmet) return undefined;
    const actual = claims[unmet.claim];
    return {
      field: "claimsMatchingExpression",
      presented: typeof actual === "string" ? actual : "",
      expected: expression.value,
      hint:
        typeof actual === "string"
          ? `claims['${unmet.claim}'] is ${JSON.stringify(actual)}, which does not ${unmet.operator === "eq" ? "equal" : "match"} '${unmet.value}'${differsOnlyInCase(actual, unmet) ? " (it differs only in letter case)" : ""}`
          : `the token has no string claim '${unmet.claim}'`,
    };
  }
  if (subject === claims.sub) return undefined;
  return withHint({ field: "subject", presented: claims.sub, expected: subject ?? "" }, subjectHint);
}

function differsOnlyInCase(actual: string, condition: ClaimCondition): boolean {
  const value = actual.toLowerCase();
  const expected = condition.value.toLowerCase();
  return condition.operator === "eq" ? value === expected : matchesWildcardPattern(value, expected);
}

function withHint(
  difference: FieldDifference,
  hintFor: (presented: string, expected: string) => string | undefined,
): FieldDifference {
  const hint = hintFor(difference.presented, difference.expected);
  return hint === undefined ? difference : { ...difference, hint };
}

function commonHint(presented: string, expected: string): string | undefined {
  if (expected !== expected.trim() && expected.trim() === presented) {
    return "the credential's value has leading or trailing whitespace";
  }
  if (presented !== presented.trim() && presented.trim() === expected) {
    return "the token's value has leading or trailing whitespace";
  }
  if (presented.toLowerCase() === expected.toLowerCase()) return "differs only in letter case";
  return undefined;
}

function issuerHint(presented: string, expected: string): string | undefined {
  const common = commonHint(presented, expected);
  if (common) return common;
  const presentedBare = presented.replace(/(?<!\/)\/+$/, "");
  const expectedBare = expected.trim().replace(/(?<!\/)\/+$/, "");
  if (presentedBare === expectedBare || presentedBare.toLowerCase() === expectedBare.toLowerCase()) {
    const aks = isAksIssuer(presented) ? " (AKS issuers always end with a slash)" : "";
    return presented.endsWith("/") && !expected.endsWith("/")
      ? `trailing slash: the token's issuer ends with "/" and the credential's does not${aks}`
      : `trailing slash: the credential's issuer ends with "/" and the token's does not`;
  }
  if (presented.replace(/^https:/, "http:") === expected)
    return "the credential's issuer uses http, tokens carry https";
  const presentedUrl = parseUrl(presented);
  const expectedUrl = parseUrl(expected.trim());
  if (presentedUrl && expectedUrl && presentedUrl.host === expectedUrl.host) {
    return "same host, different path (another cluster, tenant, organization or enterprise?)";
  }
  return undefined;
}

function subjectHint(presented: string, expected: string): string | undefined {
  if (expected === "") return "the credential has no subject";
  const common = commonHint(presented, expected);
  if (common) return common;
  if (expected.includes("*")) {
    return "'*' is not a wildcard in a subject; use a flexible credential (claimsMatchingExpression) for patterns";
  }
  for (const platform of PLATFORMS) {
    const difference = platform.subjectDifference?.(presented, expected);
    if (difference) return difference;
  }
  let index = 0;
  while (index < presented.length && presented[index] === expected[index]) index++;
  return `first difference at character ${index}`;
}

function audienceHint(
  presentedAudiences: readonly string[],
  expected: string,
  presented: string,
): string | undefined {
  for (const audience of presentedAudiences) {
    const common = commonHint(audience, expected);
    if (common) return common;
  }
  const presentedCloud = presentedAudiences
    .map(cloudForExchangeAudience)
    .find((cloud) => cloud !== undefined);
  const expectedCloud = cloudForExchangeAudience(expected.trim());
  if (presentedCloud && expectedCloud && presentedCloud.name !== expectedCloud.name) {
    const external =
      presentedCloud.name === "public"
        ? ` (external issuers such as GitHub, GitLab, Kubernetes and Google send ${presentedCloud.exchangeAudience} in every cloud; the ${cloudLabel(expectedCloud.name)} audience is for tokens Entra issues, e.g. a managed identity's)`
        : "";
    return `the token carries the audience of the ${cloudLabel(presentedCloud.name)} cloud; the credential expects the ${cloudLabel(expectedCloud.name)} cloud's${external}`;
  }
  if (!presentedCloud && expectedCloud) {
    return `the token was issued for ${JSON.stringify(presented)}, not for the exchange audience; ask the platform for audience ${expectedCloud.exchangeAudience}`;
  }
  return undefined;
}

function cloudLabel(name: EntraCloud["name"]): string {
  return name === "usgov" ? "US Gov" : name === "china" ? "China" : "public";
}

function subjectDistance(claims: AssertionClaims, fic: FederatedIdentityCredential): number {
  if (fic.subject !== undefined && fic.subject !== null) return editDistance(claims.sub, fic.subject);
  const expression = fic.claimsMatchingExpression?.value;
  if (expression === undefined) return Number.POSITIVE_INFINITY;
  try {
    const sub = parseClaimsMatchingExpression(expression).conditions.find(
      (condition) => condition.claim === "sub",
    );
    return sub ? editDistance(claims.sub, sub.value.replace(/[*?]/g, "")) : Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Levenshtein distance, in two rows, over at most the first {@link MAX_FIC_FIELD_LENGTH} characters of
 * each string (Entra's limit on a FIC's subject; a longer value matches nothing anyway), plus what lies
 * beyond: the work is bounded whatever the presented token's subject holds.
 */
function editDistance(fullA: string, fullB: string): number {
  if (fullA === fullB) return 0;
  const a = fullA.slice(0, MAX_FIC_FIELD_LENGTH);
  const b = fullB.slice(0, MAX_FIC_FIELD_LENGTH);
  const beyond = Math.max(fullA.length - a.length, fullB.length - b.length);
  return beyond + prefixEditDistance(a, b);
}

function prefixEditDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
