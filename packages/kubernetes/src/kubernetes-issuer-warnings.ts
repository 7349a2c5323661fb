import { isAksIssuer } from "@azfed/core/provider";

const DISCOVERY_SUFFIX = /\/\.well-known\/openid-configuration\/?$/;

/**
 * What looks wrong with a cluster's OIDC issuer URL for a federated identity credential, one sentence
 * each; empty when nothing does. It warns about an AKS issuer without its trailing slash (AKS tokens
 * carry `iss` with the slash, and Entra compares issuers exactly: the most common cause of
 * AADSTS70021) and about a discovery-document URL given instead of the issuer.
 *
 * @example
 * ```ts
 * kubernetesIssuerWarnings("https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111");
 * // ["the AKS issuer ... has no trailing slash; ..."]
 * kubernetesIssuerWarnings("https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/");
 * // []
 * ```
 */
export function kubernetesIssuerWarnings(issuer: string): string[] {
  const warnings: string[] = [];
  if (typeof issuer !== "string") return warnings;
  if (DISCOVERY_SUFFIX.test(issuer)) {
    warnings.push(
      `the issuer ${issuer} is a discovery document URL; use the issuer itself, without /.well-known/openid-configuration (\`az aks show --query oidcIssuerProfile.issuerUrl -o tsv\` prints it)`,
    );
  } else if (isAksIssuer(issuer) && !issuer.endsWith("/")) {
    warnings.push(
      `the AKS issuer ${issuer} has no trailing slash; AKS tokens carry it with the slash and Entra compares issuers exactly (AADSTS70021): use ${issuer}/ as \`az aks show --query oidcIssuerProfile.issuerUrl -o tsv\` prints it`,
    );
  }
  return warnings;
}
