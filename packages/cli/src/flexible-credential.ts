import type { FederatedIdentityCredential } from "@azfed/core";
import type { CliPlatform, PlatformOptionValues } from "./platforms/cli-platform";
import { UsageError } from "./usage-error";

// Stand-ins for the wildcards while the platform's builder checks and escapes the values: plain
// lower-case letters and digits pass every builder's name rules and survive escaping unchanged.
const ANY_RUN = "azfedwildcardrun0";
const ANY_ONE = "azfedwildcardone0";

/**
 * Builds a flexible FIC (preview, app registrations only): the platform's builder makes the FIC
 * from flag values in which `*` (any run of characters) and `?` (one character) are wildcards, and
 * its subject becomes `claims['sub'] matches '…'` (`eq` when there is no wildcard), joined with
 * `and` to a condition for each extra claim pattern (GitHub's `job_workflow_ref`).
 *
 * @example
 * ```ts
 * flexibleCredential(githubPlatform, { repository: "contoso/*", environment: "production" }, {});
 * // claimsMatchingExpression.value: "claims['sub'] matches 'repo:contoso/*:environment:production'"
 * ```
 */
export function flexibleCredential(
  platform: CliPlatform,
  values: PlatformOptionValues,
  extraClaimPatterns: Readonly<Record<string, string>>,
): FederatedIdentityCredential {
  const built = platform.federatedCredential(withStandIns(values));
  if (built.subject === undefined) {
    throw new UsageError(`the ${platform.title} builder made no subject to turn into an expression`);
  }
  const conditions = [condition("sub", restoreWildcards(built.subject))];
  for (const [claim, pattern] of Object.entries(extraClaimPatterns))
    conditions.push(condition(claim, pattern));
  const name = built.name.replaceAll(ANY_RUN, "any").replaceAll(ANY_ONE, "x");
  const { subject: _subject, ...rest } = built;
  return {
    ...rest,
    name,
    ...(built.description === undefined ? {} : { description: restoreWildcards(built.description) }),
    claimsMatchingExpression: { value: conditions.join(" and "), languageVersion: 1 },
  };
}

function withStandIns(values: PlatformOptionValues): PlatformOptionValues {
  const replaced: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    replaced[key] =
      typeof value === "string" ? value.replaceAll("*", ANY_RUN).replaceAll("?", ANY_ONE) : value;
  }
  return replaced;
}

function restoreWildcards(text: string): string {
  return text.replaceAll(ANY_RUN, "*").replaceAll(ANY_ONE, "?");
}

function condition(claim: string, value: string): string {
  if (value.includes("'")) {
    throw new UsageError(
      `the ${claim} pattern ${JSON.stringify(value)} contains a single quote, which a claimsMatchingExpression string cannot hold; drop --flexible or change the value`,
    );
  }
  const operator = /[*?]/.test(value) ? "matches" : "eq";
  return `claims['${claim}'] ${operator} '${value}'`;
}
