import { InvalidInputError } from "@azfed/core";
import { requireSubjectPart } from "@azfed/core/provider";
import type { GitHubSubjectOptions } from "./github-subject-options";

/** GitHub's default template. */
const DEFAULT_CLAIM_KEYS = ["repo", "context"] as const;
const CLAIM_KEY = /^[A-Za-z0-9_]+$/;

/**
 * The template's claim keys, checked: GitHub's default `["repo", "context"]` when none are given.
 *
 * @internal
 */
export function readClaimKeys(claimKeys: readonly string[] | undefined): readonly string[] {
  if (claimKeys === undefined) return DEFAULT_CLAIM_KEYS;
  if (!Array.isArray(claimKeys) || claimKeys.length === 0) {
    throw new InvalidInputError({
      field: "claimKeys",
      value: claimKeys,
      expected: 'a non-empty ordered list of claim keys, as in include_claim_keys, e.g. ["repo", "context"]',
      fix: "copy include_claim_keys from GET /repos/{owner}/{repo}/actions/oidc/customization/sub, or leave claimKeys out for GitHub's default",
    });
  }
  const seen = new Set<string>();
  claimKeys.forEach((key, index) => {
    requireSubjectPart(`claimKeys[${index}]`, key, {
      pattern: CLAIM_KEY,
      expected: "a claim key of letters, digits and underscores, e.g. job_workflow_ref",
      fix: "use the claim names of GitHub's OIDC token, or the pseudo-keys repo and context",
    });
    if (seen.has(key)) {
      throw new InvalidInputError({
        field: `claimKeys[${index}]`,
        value: key,
        expected: "each claim key once (GitHub's include_claim_keys holds unique keys)",
        fix: `remove the second "${key}"`,
      });
    }
    seen.add(key);
  });
  return claimKeys;
}

/**
 * The template's keys: `claimKeys`, else the customisation's, else undefined (GitHub's default).
 *
 * @internal
 */
export function claimKeysOf(options: GitHubSubjectOptions): readonly string[] | undefined {
  const { customization } = options;
  if (customization === undefined) return options.claimKeys;
  if (options.claimKeys !== undefined) {
    throw new InvalidInputError({
      field: "claimKeys and customization",
      value: { claimKeys: options.claimKeys, customization },
      expected: "one description of the template, not both",
      fix: "pass customization as GitHub's API returns it, or claimKeys, not both",
    });
  }
  if (
    typeof customization !== "object" ||
    customization === null ||
    typeof customization.use_default !== "boolean"
  ) {
    throw new InvalidInputError({
      field: "customization",
      value: customization,
      expected:
        "{ use_default: boolean, include_claim_keys?: string[] } as GET /repos/{owner}/{repo}/actions/oidc/customization/sub returns it",
      fix: 'paste the API\'s answer, e.g. { use_default: false, include_claim_keys: ["repo", "context"] }',
    });
  }
  if (customization.use_default) return undefined;
  if (customization.include_claim_keys === undefined) {
    throw new InvalidInputError({
      field: "customization.include_claim_keys",
      value: undefined,
      expected: "the template's claim keys when use_default is false",
      fix: "copy include_claim_keys from the organisation's template (GET /orgs/{org}/actions/oidc/customization/sub)",
    });
  }
  return customization.include_claim_keys;
}

/**
 * The values of the template's claims: those the other options give, then `claims`, each checked
 * against the template and against the other options.
 *
 * @internal
 */
export function collectClaims(
  given: Readonly<Record<string, string>> | undefined,
  claimKeys: readonly string[],
  derived: Readonly<Record<string, string | undefined>>,
): Readonly<Record<string, string>> {
  if (given !== undefined && (typeof given !== "object" || given === null || Array.isArray(given))) {
    throw new InvalidInputError({
      field: "claims",
      value: given,
      expected:
        'an object of claim values, e.g. { job_workflow_ref: "owner/repo/.github/workflows/x.yml@refs/heads/main" }',
      fix: "pass the values of the claims named in claimKeys",
    });
  }
  const claims: Record<string, string> = {};
  for (const [key, value] of Object.entries(derived)) {
    if (value !== undefined) claims[key] = value;
  }
  for (const [key, value] of Object.entries(given ?? {})) {
    const field = `claims.${key}`;
    if (key === "repo" || key === "context") {
      throw new InvalidInputError({
        field,
        value,
        expected: `no value for "${key}": it is a pseudo-key built from repository${key === "context" ? " and environment, branch, tag or pullRequest" : ""}`,
        fix: `remove claims.${key}`,
      });
    }
    if (!claimKeys.includes(key)) {
      throw new InvalidInputError({
        field,
        value,
        expected: `only values of claims named in claimKeys (${claimKeys.join(", ")})`,
        fix: `add "${key}" to claimKeys where the template has it, or remove claims.${key}`,
      });
    }
    const checked = requireSubjectPart(field, value, { expected: `the value of the ${key} claim` });
    const fromOptions = claims[key];
    if (fromOptions !== undefined && fromOptions !== checked) {
      throw new InvalidInputError({
        field,
        value: checked,
        expected: `${JSON.stringify(fromOptions)}, the ${key} the other options give`,
        fix: `remove claims.${key} (it follows from the other options) or correct it`,
      });
    }
    claims[key] = checked;
  }
  for (const [index, key] of claimKeys.entries()) {
    if (key === "repo" || key === "context" || claims[key] !== undefined) continue;
    throw new InvalidInputError({
      field: `claims.${key}`,
      value: undefined,
      expected: `the value of the ${key} claim, named in claimKeys[${index}]`,
      fix: `pass claims: { ${key}: "..." } with the value GitHub puts in the token's ${key} claim`,
    });
  }
  return claims;
}
