import type { Dispatcher } from "undici";
import type { RetryOptions } from "../http/retry";
import type { AssertionCallback, AssertionProvider } from "../provider/assertion-provider";
import type { ResolvedIdentity } from "./resolve-identity";

/**
 * Options of a {@link FederatedTokenCredential}.
 *
 * @example
 * ```ts
 * const options: FederatedTokenCredentialOptions = {
 *   tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
 *   clientId: "00000000-0000-0000-0000-000000000001",
 *   assertion: githubActions(),
 *   additionallyAllowedTenants: ["*"],
 * };
 * ```
 */
export interface FederatedTokenCredentialOptions {
  /** The Directory (tenant) ID. Default: `AZURE_TENANT_ID`, then the tenant the provider names. */
  readonly tenantId?: string | undefined;
  /** The Application (client) ID of the app registration or managed identity. Default: `AZURE_CLIENT_ID`, then the provider's. */
  readonly clientId?: string | undefined;
  /** Where the external OIDC token comes from: a provider such as `githubActions()`, or a function. */
  readonly assertion: AssertionProvider | AssertionCallback;
  /** Default: `AZURE_AUTHORITY_HOST`, then `https://login.microsoftonline.com`. A trailing slash is fine. */
  readonly authorityHost?: string | undefined;
  /**
   * The `aud` asked of the provider. Default: the provider's `defaultAudience(cloud)`, else the
   * cloud's own exchange audience (`api://AzureADTokenExchange` in the public cloud, `…USGov`,
   * `…China`, …). When unset and Entra answers AADSTS700212 in a cloud whose two conventions differ,
   * the other one (`api://AzureADTokenExchange`) is tried once and remembered for the process; set it
   * to fix the audience and never retry.
   */
  readonly audience?: string | undefined;
  /** Other tenants `getToken({ tenantId })` may ask for; `"*"` allows any. */
  readonly additionallyAllowedTenants?: readonly string[] | undefined;
  /** For a custom authority host: skip instance discovery and read its OpenID configuration directly. */
  readonly disableInstanceDiscovery?: boolean | undefined;
  /** Retries of token and discovery requests (408, 429, 5xx, network errors). */
  readonly retry?: RetryOptions | undefined;
  /** The overall budget of one exchange (assertion, token request, retries). Default 30 s. */
  readonly timeoutMs?: number | undefined;
  /** An undici dispatcher for every request to the authority (proxy, custom CA). Default honours `HTTPS_PROXY` / `NO_PROXY`. */
  readonly dispatcher?: Dispatcher | undefined;
  /**
   * Where `AZURE_TENANT_ID`, `AZURE_CLIENT_ID` and `AZURE_AUTHORITY_HOST` are read (when the
   * credential is built) and what the provider's `detect` is given. Default `process.env`.
   */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /**
   * Who the credential is, settled already: a value `resolveIdentity` returned (options, environment
   * and the platform's detection), naming a tenant and a client. The credential takes it as it is:
   * it neither reads `AZURE_*` nor calls the provider's `detect`. `DefaultFederatedCredential`
   * passes the identity it resolved after choosing the provider. Replaces `tenantId`, `clientId` and
   * `authorityHost`, which must then be left out.
   */
  readonly identity?: ResolvedIdentity | undefined;
  /** The time in epoch ms, for tests. Default `Date.now`. */
  readonly clock?: (() => number) | undefined;
}
