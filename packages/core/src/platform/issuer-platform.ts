import type { IssuerPlatform } from "./platform";
import { platformOf } from "./platforms";

/**
 * Which platform issued a token, from its issuer URL and subject; `undefined` when unknown.
 * GitHub Enterprise Server (`/_services/token`) and GHE.com issuers count as GitHub; self-managed
 * GitLab is recognised only when its host name says "gitlab". The rules are the `issued` of each
 * entry in core's platform table.
 *
 * @example
 * ```ts
 * issuerPlatform("https://token.actions.githubusercontent.com"); // "github-actions"
 * issuerPlatform("https://eastus.oic.prod-aks.azure.com/t/c/"); // "kubernetes"
 * ```
 */
export function issuerPlatform(issuer: string, subject?: string): IssuerPlatform | undefined {
  return platformOf(issuer, subject)?.id;
}
