/**
 * The platforms azfed recognises from a token's issuer (and, where the issuer alone is not enough,
 * its subject).
 *
 * @example
 * ```ts
 * const platform: IssuerPlatform = "github-actions";
 * ```
 */
export type IssuerPlatform =
  | "github-actions"
  | "gitlab"
  | "azure-pipelines"
  | "kubernetes"
  | "gcp"
  | "terraform"
  | "managed-identity";

const AKS_ISSUER = /^https:\/\/[^/\s]+\.oic\.prod-aks\.azure\.com\//i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An Entra tenant's v2.0 issuer path, `/{tenant id}/v2.0`. */
const ENTRA_V2_PATH = /^\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/v2\.0\/?$/i;

/**
 * Which platform issued a token, from its issuer URL and subject; `undefined` when unknown.
 * GitHub Enterprise Server (`/_services/token`) and GHE.com issuers count as GitHub; self-managed
 * GitLab is recognised only when its host name says "gitlab". A token Entra issued itself (issuer
 * `https://{authority}/{tenant id}/v2.0`, subject a GUID: a managed identity's principal id) is
 * `"managed-identity"`; Azure Pipelines' Entra-issued tokens (subject `/eid1/…`) stay `"azure-pipelines"`.
 *
 * @example
 * ```ts
 * issuerPlatform("https://token.actions.githubusercontent.com"); // "github-actions"
 * issuerPlatform("https://eastus.oic.prod-aks.azure.com/t/c/"); // "kubernetes"
 * ```
 */
export function issuerPlatform(issuer: string, subject?: string): IssuerPlatform | undefined {
  const url = parseUrl(issuer.trim());
  const host = url?.hostname.toLowerCase() ?? "";
  const path = url?.pathname ?? "";
  if (
    host === "token.actions.githubusercontent.com" ||
    /^token\.actions\.[^.]+\.ghe\.com$/.test(host) ||
    path.replace(/(?<!\/)\/+$/, "").endsWith("/_services/token")
  ) {
    return "github-actions";
  }
  if (host === "gitlab.com" || host.split(".").includes("gitlab")) return "gitlab";
  if (host === "vstoken.dev.azure.com" || host.endsWith(".vstoken.visualstudio.com"))
    return "azure-pipelines";
  if (subject?.startsWith("/eid1/") || subject?.startsWith("sc://")) return "azure-pipelines";
  if (isAksIssuer(issuer) || subject?.startsWith("system:serviceaccount:")) return "kubernetes";
  if (host === "accounts.google.com") return "gcp";
  if (host === "app.terraform.io") return "terraform";
  if (ENTRA_V2_PATH.test(path) && subject !== undefined && GUID.test(subject)) return "managed-identity";
  return undefined;
}

/**
 * Whether an issuer is an AKS cluster's OIDC issuer (`https://{region}.oic.prod-aks.azure.com/...`),
 * whose tokens carry the issuer with a trailing slash.
 *
 * @example
 * ```ts
 * isAksIssuer("https://westeurope.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/"); // true
 * ```
 */
export function isAksIssuer(issuer: string): boolean {
  return AKS_ISSUER.test(issuer.trim());
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
