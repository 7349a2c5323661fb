import { DEFAULT_EXCHANGE_AUDIENCE, type EntraCloud } from "../clouds";
import type { TokenRequestRoute } from "../http/token-request-route";

/**
 * What a provider is asked for: the audience the external token must carry, and the caller's
 * abort signal.
 *
 * @example
 * ```ts
 * const ctx: AssertionContext = { audience: "api://AzureADTokenExchange" };
 * const jwt = await githubActions().getAssertion(ctx);
 * ```
 */
export interface AssertionContext {
  /**
   * The `aud` the external OIDC token must carry: the credential's `audience` option, else the
   * provider's {@link AssertionProvider.defaultAudience}, else `api://AzureADTokenExchange`.
   */
  readonly audience: string;
  /** Aborts the fetch; providers pass it to every request they make. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Whether a platform is present in an environment, and if not, why not in one sentence a person can
 * act on.
 *
 * @example
 * ```ts
 * const detection = githubActions().detect?.(process.env);
 * if (!detection?.available) console.log(detection?.reason);
 * ```
 */
export type Detection =
  | {
      readonly available: true;
      /** What was found, for logs (never a secret), e.g. "ACTIONS_ID_TOKEN_REQUEST_URL is set". */
      readonly reason?: string | undefined;
      /** Tenant id the platform itself names (e.g. Azure Pipelines' AZURESUBSCRIPTION_TENANT_ID). */
      readonly tenantId?: string | undefined;
      /** Client id the platform itself names (e.g. Azure Pipelines' AZURESUBSCRIPTION_CLIENT_ID). */
      readonly clientId?: string | undefined;
    }
  | {
      readonly available: false;
      /** Why the platform is not usable here and how to fix it, in one sentence. */
      readonly reason: string;
    };

/**
 * A source of external OIDC tokens (client assertions) for one platform. Implement it to plug your
 * own platform into `FederatedTokenCredential` or `DefaultFederatedCredential`.
 *
 * @example
 * ```ts
 * const myPlatform: AssertionProvider = {
 *   name: "my-platform",
 *   detect: (env) =>
 *     env.MY_TOKEN ? { available: true } : { available: false, reason: "MY_TOKEN is not set" },
 *   getAssertion: async () => process.env.MY_TOKEN ?? "",
 * };
 * ```
 */
export interface AssertionProvider {
  /** A stable, lower-case name: "github-actions", "gitlab", "azure-pipelines", "kubernetes", "gcp". */
  readonly name: string;
  /** Fetches a fresh external OIDC token for `ctx.audience`. Called once per token exchange. */
  getAssertion(ctx: AssertionContext): Promise<string>;
  /**
   * Tells whether the platform is present. May be async when it must probe (Google Cloud's metadata
   * server); it must answer within a bounded time and never throw.
   */
  detect?(env: NodeJS.ProcessEnv): Detection | Promise<Detection>;
  /**
   * The audience this provider asks for when the credential's `audience` option is unset, given the
   * cloud of the authority host (`undefined` for a custom host).
   *
   * Omit it for an external issuer (GitHub, GitLab, Kubernetes, Google, Azure DevOps' vstoken
   * issuer): they get `api://AzureADTokenExchange` in every cloud, the audience azure/login, the
   * Azure Workload Identity webhook and Azure DevOps use by default everywhere. Implement it only
   * when Entra itself issues the assertion (a managed identity's token), whose `aud` is the cloud's
   * own exchange audience (`api://AzureADTokenExchangeUSGov`, `…China`).
   *
   * @see https://github.com/Azure/login/blob/master/action.yml (input `audience`, default `api://AzureADTokenExchange`)
   * @see https://github.com/Azure/azure-workload-identity/blob/main/pkg/webhook/consts.go (`DefaultAudience`)
   *
   * @example
   * ```ts
   * const entraIssued: AssertionProvider = {
   *   name: "managed-identity",
   *   defaultAudience: (cloud) => cloud?.exchangeAudience ?? "api://AzureADTokenExchange",
   *   getAssertion: async ({ audience }) => managedIdentityToken(audience),
   * };
   * ```
   */
  defaultAudience?(cloud: EntraCloud | undefined): string;
  /**
   * Where the credential sends its requests to Entra instead of the authority host, asked once per
   * token exchange (so a CA file that rotates is read again); `undefined` for the authority host.
   * Kubernetes implements it for the AKS identity binding proxy the workload identity webhook names
   * (`AZURE_KUBERNETES_TOKEN_PROXY`, `AZURE_KUBERNETES_SNI_NAME`, `AZURE_KUBERNETES_CA_FILE`).
   *
   * @example
   * ```ts
   * const behindProxy: AssertionProvider = {
   *   name: "my-platform",
   *   getAssertion: async () => readToken(),
   *   tokenRequestRoute: async () => ({ url: "https://10.0.0.1", ca: caPem, serverName: "proxy.example", description: "my proxy" }),
   * };
   * ```
   */
  tokenRequestRoute?(): Promise<TokenRequestRoute | undefined>;
}

/**
 * The audience a credential asks a provider for: the explicit option, else the provider's
 * {@link AssertionProvider.defaultAudience} for the cloud, else `api://AzureADTokenExchange`
 * (external issuers use it in every cloud).
 *
 * @example
 * ```ts
 * exchangeAudienceFor(githubActions(), KNOWN_CLOUDS.usgov); // "api://AzureADTokenExchange"
 * exchangeAudienceFor(githubActions(), KNOWN_CLOUDS.usgov, "api://custom"); // "api://custom"
 * ```
 */
export function exchangeAudienceFor(
  provider: Pick<AssertionProvider, "defaultAudience">,
  cloud: EntraCloud | undefined,
  explicit?: string,
): string {
  return explicit ?? provider.defaultAudience?.(cloud) ?? DEFAULT_EXCHANGE_AUDIENCE;
}

/**
 * A function that returns a fresh external OIDC token; accepted wherever an
 * {@link AssertionProvider} is.
 *
 * @example
 * ```ts
 * const fromFile: AssertionCallback = async () => readFile("/var/run/token", "utf8");
 * ```
 */
export type AssertionCallback = (ctx: AssertionContext) => Promise<string> | string;
