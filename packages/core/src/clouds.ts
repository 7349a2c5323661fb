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
  /** "public", "usgov", "china", "france", "germany" or "singapore" (Singapore government). */
  readonly name: "public" | "usgov" | "china" | "france" | "germany" | "singapore";
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
   * managed identity's token used as a FIC), the portal's default audience for a new credential in
   * that cloud, and what Microsoft's SDKs derive from the authority host. Credentials made with the
   * other convention (`api://AzureADTokenExchange` in every cloud: azure/login, the AKS webhook)
   * exist too; see `otherExchangeAudience` in this file.
   */
  readonly exchangeAudience: string;
}

/**
 * The clouds azfed knows, by name. Hosts and aliases follow MSAL's instance metadata; exchange
 * audiences and issuer hosts follow Entra's documentation for a managed identity as a FIC (public,
 * US Gov, China) and Microsoft's SDKs (France, Germany, Singapore government).
 *
 * USNat (`…USNat`) and USSec (`…USSec`) are left out: the managed-identity page listed them at
 * ms.date 12/3/2024 but its newest version read (ms.date 06/06/2025, commit fd92bab2) lists only
 * public, US Gov and China, and no SDK read knows their authority hosts.
 *
 * @see https://github.com/AzureAD/microsoft-authentication-library-for-js/blob/dev/lib/msal-common/src/authority/AuthorityMetadata.ts
 *   (msal-common 16.16.1, as installed: `login.sovcloud-identity.fr|de|sg` are built-in, so msal-node
 *   needs no instance discovery for them; azfed passes their metadata anyway)
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity
 *   (entra-docs commit fd92bab2cf63984d5cdbd3a9733e808b8d09db6f, ms.date 06/06/2025, checked 2026-12-07)
 * @see https://github.com/AzureAD/microsoft-authentication-library-for-dotnet/blob/main/src/client/Microsoft.Identity.Client/Instance/Discovery/KnownCloudData.cs
 *   (commit 24b2757b: France, Germany, GovSG audiences; `KnownCloudConfiguration.cs` at d120a9e8,
 *   2026-07-10, still had no Singapore audience; checked 2026-12-07)
 * @see https://github.com/Azure/azure-sdk-for-js/blob/main/sdk/identity/identity/src/credentials/gitHubActionsCredential.ts
 *   (`audienceByAuthorityHost`/`deriveAudience`, checked 2026-12-07)
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
  france: {
    name: "france",
    authorityHost: "https://login.sovcloud-identity.fr",
    aliases: [],
    // msal-common 16.16.1 AuthorityMetadata (as installed): this host's issuer is the host itself.
    issuerHost: "https://login.sovcloud-identity.fr",
    exchangeAudience: "api://AzureADTokenExchangeFrance",
  },
  germany: {
    name: "germany",
    authorityHost: "https://login.sovcloud-identity.de",
    aliases: [],
    // msal-common 16.16.1 AuthorityMetadata (as installed): this host's issuer is the host itself.
    issuerHost: "https://login.sovcloud-identity.de",
    exchangeAudience: "api://AzureADTokenExchangeGermany",
  },
  singapore: {
    name: "singapore",
    authorityHost: "https://login.sovcloud-identity.sg",
    aliases: [],
    // msal-common 16.16.1 AuthorityMetadata (as installed): this host's issuer is the host itself.
    issuerHost: "https://login.sovcloud-identity.sg",
    // Registered under its "GovSG" codename (MSAL.NET KnownCloudData.cs).
    exchangeAudience: "api://AzureADTokenExchangeGovSG",
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

const CLOUD_LABELS: Readonly<Record<EntraCloud["name"], string>> = {
  public: "public",
  usgov: "US Gov",
  china: "China",
  france: "France",
  germany: "Germany",
  singapore: "Singapore government",
};

/**
 * A cloud's name as people write it in a sentence: "public", "US Gov", "China", "France",
 * "Germany" or "Singapore government".
 *
 * @example
 * ```ts
 * `the ${cloudLabel("usgov")} cloud`; // "the US Gov cloud"
 * ```
 */
export function cloudLabel(name: EntraCloud["name"]): string {
  return CLOUD_LABELS[name];
}

/**
 * The exchange audience of the other convention, or `undefined` where both are the same (the public
 * cloud, a custom authority host). Two conventions exist for external issuers outside the public
 * cloud: the cloud's own audience (the portal's default, Microsoft's SDKs) and
 * `api://AzureADTokenExchange` in every cloud (azure/login, the AKS webhook).
 *
 * @see https://github.com/Azure/login/issues/452 (the portal defaults a US Gov credential to `…USGov`; azure/login asks for `api://AzureADTokenExchange`)
 * @see https://github.com/hashicorp/terraform-provider-azuread/issues/1755 (AADSTS700212 in China with `api://AzureADTokenExchange`)
 *
 * @example
 * ```ts
 * otherExchangeAudience(KNOWN_CLOUDS.usgov, "api://AzureADTokenExchangeUSGov"); // "api://AzureADTokenExchange"
 * otherExchangeAudience(KNOWN_CLOUDS.usgov, "api://AzureADTokenExchange"); // "api://AzureADTokenExchangeUSGov"
 * otherExchangeAudience(KNOWN_CLOUDS.public, "api://AzureADTokenExchange"); // undefined
 * ```
 */
export function otherExchangeAudience(cloud: EntraCloud | undefined, audience: string): string | undefined {
  if (cloud === undefined || cloud.exchangeAudience === DEFAULT_EXCHANGE_AUDIENCE) return undefined;
  if (audience === cloud.exchangeAudience) return DEFAULT_EXCHANGE_AUDIENCE;
  if (audience === DEFAULT_EXCHANGE_AUDIENCE) return cloud.exchangeAudience;
  return undefined;
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
