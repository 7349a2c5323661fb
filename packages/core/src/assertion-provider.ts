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
  /** The `aud` the external OIDC token must carry (the exchange audience of the cloud). */
  readonly audience: string;
  /** Aborts the fetch; providers pass it to every request they make. */
  readonly signal?: AbortSignal;
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
      readonly reason?: string;
      /** Tenant id the platform itself names (e.g. Azure Pipelines' AZURESUBSCRIPTION_TENANT_ID). */
      readonly tenantId?: string;
      /** Client id the platform itself names (e.g. Azure Pipelines' AZURESUBSCRIPTION_CLIENT_ID). */
      readonly clientId?: string;
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
