/**
 * A Microsoft Entra cloud: where its token service is and which audience external tokens must carry
 * for the exchange.
 *
 * @example
 * ```ts
 * const cloud = cloudForAuthorityHost("https://login.microsoftonline.us");
 * cloud?.exchangeAudience; // "api://AzureADTokenExchangeUSGov"
 * ```
 */
export interface EntraCloud {
  /** "public", "usgov" or "china". */
  readonly name: "public" | "usgov" | "china";
  /** The authority host, without a trailing slash. */
  readonly authorityHost: string;
  /**
   * Other hosts of the same cloud (MSAL's instance metadata lists them as aliases), e.g.
   * `https://login.partner.microsoftonline.cn` for China.
   */
  readonly aliases: readonly string[];
  /**
   * The origin in the `iss` of the v2.0 tokens Entra issues in this cloud (a managed identity's
   * token, Azure Pipelines' Entra-issued token): `{issuerHost}/{tenant id}/v2.0`. China's differs
   * from its authority host.
   */
  readonly issuerHost: string;
  /**
   * The cloud's own exchange audience: the `aud` of assertions Entra itself issues in that cloud (a
   * managed identity's token used as a FIC). External issuers (GitHub, GitLab, Kubernetes, Google,
   * Azure DevOps' vstoken issuer) use `api://AzureADTokenExchange` in every cloud.
   */
  readonly exchangeAudience: string;
}

/**
 * The clouds azfed knows, by name. Hosts and aliases follow MSAL's instance metadata; exchange
 * audiences and issuer hosts follow Entra's documentation for a managed identity as a FIC.
 *
 * @see https://github.com/AzureAD/microsoft-authentication-library-for-js/blob/dev/lib/msal-common/src/authority/AuthorityMetadata.ts
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity
 *   (public issuer `https://login.microsoftonline.com/{tenant}/v2.0`)
 * @see https://docs.azure.cn/en-us/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity
 *   (China issuer `https://login.partner.microsoftonline.cn/{tenant}/v2.0`)
 * @see https://github.com/MicrosoftDocs/entra-docs/blob/main/docs/workload-id/workload-identity-federation-config-app-trust-managed-identity.md
 *   (US Gov: no literal issuer; the article's Bicep builds it as
 *   `${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0`, US Gov's login endpoint
 *   being `https://login.microsoftonline.us/`)
 *
 * @example
 * ```ts
 * KNOWN_CLOUDS.public.authorityHost; // "https://login.microsoftonline.com"
 * KNOWN_CLOUDS.china.aliases; // ["https://login.partner.microsoftonline.cn"]
 * ```
 */
export const KNOWN_CLOUDS: Readonly<Record<EntraCloud["name"], EntraCloud>> = Object.freeze({
  public: {
    name: "public",
    authorityHost: "https://login.microsoftonline.com",
    aliases: ["https://login.windows.net", "https://login.microsoft.com", "https://sts.windows.net"],
    issuerHost: "https://login.microsoftonline.com",
    exchangeAudience: "api://AzureADTokenExchange",
  },
  usgov: {
    name: "usgov",
    authorityHost: "https://login.microsoftonline.us",
    aliases: ["https://login.usgovcloudapi.net"],
    issuerHost: "https://login.microsoftonline.us",
    exchangeAudience: "api://AzureADTokenExchangeUSGov",
  },
  china: {
    name: "china",
    authorityHost: "https://login.chinacloudapi.cn",
    aliases: ["https://login.partner.microsoftonline.cn"],
    issuerHost: "https://login.partner.microsoftonline.cn",
    exchangeAudience: "api://AzureADTokenExchangeChina",
  },
});

/**
 * The public cloud's exchange audience, `api://AzureADTokenExchange`.
 *
 * @example
 * ```ts
 * githubFederatedCredential({ repository: "contoso/app", branch: "main", audience: DEFAULT_EXCHANGE_AUDIENCE });
 * ```
 */
export const DEFAULT_EXCHANGE_AUDIENCE = KNOWN_CLOUDS.public.exchangeAudience;

/**
 * Removes trailing slashes from an authority host (`AZURE_AUTHORITY_HOST` may carry one).
 *
 * @example
 * ```ts
 * normalizeAuthorityHost("https://login.microsoftonline.com/"); // "https://login.microsoftonline.com"
 * ```
 */
export function normalizeAuthorityHost(authorityHost: string): string {
  return authorityHost.replace(/(?<!\/)\/+$/, "");
}

/**
 * The known cloud an authority host belongs to, or `undefined` for a custom host.
 *
 * @example
 * ```ts
 * cloudForAuthorityHost("https://login.chinacloudapi.cn/")?.name; // "china"
 * ```
 */
export function cloudForAuthorityHost(authorityHost: string): EntraCloud | undefined {
  const host = normalizeAuthorityHost(authorityHost).toLowerCase();
  return Object.values(KNOWN_CLOUDS).find(
    (cloud) => cloud.authorityHost === host || cloud.aliases.includes(host),
  );
}

/**
 * The known cloud whose exchange audience this is, or `undefined`.
 *
 * @example
 * ```ts
 * cloudForExchangeAudience("api://AzureADTokenExchangeUSGov")?.name; // "usgov"
 * ```
 */
export function cloudForExchangeAudience(audience: string): EntraCloud | undefined {
  return Object.values(KNOWN_CLOUDS).find((cloud) => cloud.exchangeAudience === audience);
}

/**
 * A cloud's name as people write it in a sentence: "public", "US Gov" or "China".
 *
 * @example
 * ```ts
 * `the ${cloudLabel("usgov")} cloud`; // "the US Gov cloud"
 * ```
 */
export function cloudLabel(name: EntraCloud["name"]): string {
  return name === "usgov" ? "US Gov" : name === "china" ? "China" : "public";
}

/**
 * The v2.0 issuer of the tokens Entra issues for a tenant in a cloud:
 * `{cloud's issuerHost}/{tenantId}/v2.0`. The one place that builds it; `tenantId` is used as given
 * (the caller checks it: the issuer names the tenant's GUID, never a domain).
 *
 * @example
 * ```ts
 * entraIssuer("china", "cccccccc-0000-0000-0000-000000000003");
 * // "https://login.partner.microsoftonline.cn/cccccccc-0000-0000-0000-000000000003/v2.0"
 * ```
 */
export function entraIssuer(cloud: EntraCloud["name"], tenantId: string): string {
  return `${KNOWN_CLOUDS[cloud].issuerHost}/${tenantId}/v2.0`;
}

/**
 * "Is this an Entra issuer": the cloud whose Entra issued a token with this `iss` (`https://{authority host}/{tenant}/v2.0`, or
 * the v1 `https://sts.windows.net/{tenant}/`), or `undefined` for an external issuer. An Entra-issued
 * assertion (a managed identity's token used as a FIC) carries its cloud's exchange audience.
 *
 * @example
 * ```ts
 * entraIssuerCloud("https://login.microsoftonline.us/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0")?.name; // "usgov"
 * entraIssuerCloud("https://token.actions.githubusercontent.com"); // undefined
 * ```
 */
export function entraIssuerCloud(issuer: string): EntraCloud | undefined {
  let url: URL;
  try {
    url = new URL(issuer.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" || !/^\/[^/]+\/(v2\.0\/?)?$/.test(url.pathname)) return undefined;
  return cloudForAuthorityHost(url.origin);
}
