/**
 * A flexible federated identity credential's match expression (preview, app registrations only),
 * e.g. `claims['sub'] matches 'repo:contoso/*:environment:prod'`.
 *
 * @example
 * ```ts
 * const expression: ClaimsMatchingExpression = {
 *   value: "claims['sub'] matches 'repo:contoso/*:environment:prod'",
 *   languageVersion: 1,
 * };
 * ```
 */
export interface ClaimsMatchingExpression {
  readonly value: string;
  readonly languageVersion: 1;
}

/**
 * A federated identity credential (FIC) as Microsoft Graph and `az` describe it: the trust that lets
 * an external token with this issuer, subject (or matching expression) and audience be exchanged.
 *
 * @example
 * ```ts
 * const fic: FederatedIdentityCredential = {
 *   name: "github-contoso-app-main",
 *   issuer: "https://token.actions.githubusercontent.com",
 *   subject: "repo:contoso/app:ref:refs/heads/main",
 *   audiences: ["api://AzureADTokenExchange"],
 *   description: "GitHub Actions, contoso/app, branch main",
 * };
 * ```
 */
export interface FederatedIdentityCredential {
  /** 3–120 characters of `[A-Za-z0-9_-]`, first one alphanumeric; immutable once created. */
  readonly name: string;
  /** The external token's `iss`, exactly. */
  readonly issuer: string;
  /** The external token's `sub`, exactly and case-sensitively. Absent on a flexible FIC. */
  readonly subject?: string | undefined;
  /** Instead of `subject`, on a flexible FIC. */
  readonly claimsMatchingExpression?: ClaimsMatchingExpression | undefined;
  /** Exactly one audience, the external token's `aud`. */
  readonly audiences: readonly string[];
  readonly description?: string | undefined;
}
