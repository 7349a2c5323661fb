import type { ClaimsMatcher, Comparison } from "./claims-expression";

// The emulator's own reading of which flexible credentials Entra accepts, written independently of
// @azfed/core's validator on purpose: see ./README.md.

type Operator = Comparison["operator"];

interface IssuerRules {
  /** Each claim Entra evaluates for the issuer, with its operators. */
  readonly claims: Readonly<Record<string, readonly Operator[]>>;
  /** Whether the comparisons include every claim Entra requires for the issuer. */
  hasRequiredClaims(comparisons: readonly Comparison[]): boolean;
}

const compares = (comparisons: readonly Comparison[], claim: string): boolean =>
  comparisons.some((comparison) => comparison.claim === claim);

/**
 * GitHub: "Supported issuer URLs: `https://token.actions.githubusercontent.com`"; "a flexible
 * federated identity credential must match the `sub` claim and one or both of the following
 * immutable claims: `repository_id` … `repository_owner_id`"; `sub` and `job_workflow_ref` support
 * `eq` and `matches`, `repository_id` and `repository_owner_id` `eq`.
 *
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials
 *   (ms.date 08/14/2026, checked 2026-12-07)
 */
const GITHUB: IssuerRules = {
  claims: {
    sub: ["eq", "matches"],
    job_workflow_ref: ["eq", "matches"],
    repository_id: ["eq"],
    repository_owner_id: ["eq"],
  },
  hasRequiredClaims: (comparisons) =>
    compares(comparisons, "sub") &&
    (compares(comparisons, "repository_id") || compares(comparisons, "repository_owner_id")),
};

/**
 * GitLab: "Supported issuer URLs: `https://gitlab.com`, `https://gitlab.example.com`, and
 * `https://gitlab.example.ca` where `example` can be any string"; claim `sub` (`eq`, `matches`).
 * The set-up page, newer, adds: "When you use mutable subjects with GitLab, your flexible federated
 * identity credential expression must match the `sub` and `project_id` claims" (its example:
 * `claims['project_id'] eq '57382910'`, "Include this immutable claim when the `sub` claim uses the
 * mutable `project_path` format"), and Entra refused a `project_path` expression comparing `sub`
 * alone: "Expression configured for issuer 'https://gitlab.com' either lacks all required claims or
 * contains unallowed claims" (hashicorp/terraform-provider-azuread#1901, 2026-08-07). So: `sub`
 * always, `project_id` (`eq`, an id) unless every `sub` comparand is itself a `project_id:` subject.
 *
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials
 *   (ms.date 08/14/2026, checked 2026-12-07)
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-set-up-flexible-federated-identity-credential
 *   (ms.date 09/18/2026, checked 2026-12-07)
 * @see https://github.com/hashicorp/terraform-provider-azuread/issues/1901 (as served, checked 2026-12-07)
 */
const GITLAB: IssuerRules = {
  claims: { sub: ["eq", "matches"], project_id: ["eq"] },
  hasRequiredClaims: (comparisons) => {
    const subjects = comparisons.filter((comparison) => comparison.claim === "sub");
    if (subjects.length === 0) return false;
    const immutable = subjects.every((comparison) => comparison.value.startsWith("project_id:"));
    return immutable || compares(comparisons, "project_id");
  },
};

/**
 * Terraform Cloud: "Supported issuer URLs: `https://app.terraform.io`, `https://app.eu.terraform.io`";
 * claim `sub` (`eq`, `matches`).
 *
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials
 *   (ms.date 08/14/2026, checked 2026-12-07)
 */
const TERRAFORM: IssuerRules = {
  claims: { sub: ["eq", "matches"] },
  hasRequiredClaims: (comparisons) => compares(comparisons, "sub"),
};

/** The issuer URLs exactly as the page lists them: `https://` and a host, no slash, port or path. */
function rulesFor(issuer: string): IssuerRules | undefined {
  if (issuer === "https://token.actions.githubusercontent.com") return GITHUB;
  if (issuer === "https://app.terraform.io" || issuer === "https://app.eu.terraform.io") return TERRAFORM;
  if (
    issuer === "https://gitlab.com" ||
    /^https:\/\/gitlab\.[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|ca)$/.test(issuer)
  ) {
    return GITLAB;
  }
  return undefined;
}

/**
 * Why Entra refuses to store a flexible credential with this issuer and expression (Microsoft Graph
 * answers 400 `InvalidFederatedIdentityCredentialValue`), or `undefined` when it accepts it. The
 * claims message is Graph's, as quoted in hashicorp/terraform-provider-azuread#1901; the issuer
 * message is the emulator's (no refusal of an unsupported issuer is quoted in a source read).
 *
 * @internal
 */
export function flexibleCredentialRefusal(issuer: string, matcher: ClaimsMatcher): string | undefined {
  const rules = rulesFor(issuer);
  if (rules === undefined) {
    return `The FederatedIdentityCredential.Issuer is invalid. Flexible federated identity credentials are supported only for the issuers https://token.actions.githubusercontent.com, https://gitlab.com, https://gitlab.<name>.com, https://gitlab.<name>.ca, https://app.terraform.io and https://app.eu.terraform.io; got '${issuer}'.`;
  }
  const allowed = matcher.comparisons.every(
    (comparison) =>
      Object.hasOwn(rules.claims, comparison.claim) &&
      (rules.claims[comparison.claim] as readonly Operator[]).includes(comparison.operator),
  );
  if (allowed && rules.hasRequiredClaims(matcher.comparisons)) return undefined;
  return `The FederatedIdentityCredential.ClaimsMatchingExpression.Value is invalid. Rule exception: Expression configured for issuer '${issuer}' either lacks all required claims or contains unallowed claims.`;
}
