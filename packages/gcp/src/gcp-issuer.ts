/**
 * The issuer of Google identity tokens, `https://accounts.google.com`: what a federated identity
 * credential for a Google service account names.
 *
 * @example
 * ```ts
 * GCP_ISSUER; // "https://accounts.google.com"
 * ```
 */
export const GCP_ISSUER = "https://accounts.google.com";

/**
 * The issuer of Google identity tokens, `https://accounts.google.com`.
 *
 * @example
 * ```ts
 * gcpIssuer(); // "https://accounts.google.com"
 * ```
 */
export function gcpIssuer(): string {
  return GCP_ISSUER;
}
