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
  /** The audience the external OIDC token must carry for workload identity federation. */
  readonly exchangeAudience: string;
}

/**
 * The clouds azfed knows, by name.
 *
 * @example
 * ```ts
 * KNOWN_CLOUDS.public.authorityHost; // "https://login.microsoftonline.com"
 * ```
 */
export const KNOWN_CLOUDS: Readonly<Record<EntraCloud["name"], EntraCloud>> = Object.freeze({
  public: {
    name: "public",
    authorityHost: "https://login.microsoftonline.com",
    exchangeAudience: "api://AzureADTokenExchange",
  },
  usgov: {
    name: "usgov",
    authorityHost: "https://login.microsoftonline.us",
    exchangeAudience: "api://AzureADTokenExchangeUSGov",
  },
  china: {
    name: "china",
    authorityHost: "https://login.chinacloudapi.cn",
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
  return Object.values(KNOWN_CLOUDS).find((cloud) => cloud.authorityHost === host);
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
