import {
  type AssertionProvider,
  abortable,
  CredentialUnavailableError,
  cacheUntilRejected,
  checkCredentialOptions,
  checkMilliseconds,
  FederatedTokenCredential,
  type FederatedTokenCredentialOptions,
  InvalidInputError,
  logger,
  resolveIdentity,
} from "@azfed/core/provider";
import { defaultProviders, namedOnlyProviders } from "./default-providers";
import {
  nameableProviders,
  type ProviderSelection,
  selectProvider,
  unknownProviderError,
} from "./select-provider";

type GetTokenOptions = Parameters<FederatedTokenCredential["getToken"]>[1];
type AccessToken = Awaited<ReturnType<FederatedTokenCredential["getToken"]>>;

/**
 * Options of {@link DefaultFederatedCredential}: every `FederatedTokenCredential` option except
 * `assertion` (the detected provider supplies it), plus how the provider is chosen.
 *
 * @example
 * ```ts
 * const options: DefaultFederatedCredentialOptions = {
 *   provider: "kubernetes",
 *   retry: { maxRetries: 5 },
 *   timeoutMs: 20_000,
 * };
 * ```
 */
export interface DefaultFederatedCredentialOptions
  extends Omit<FederatedTokenCredentialOptions, "assertion"> {
  /**
   * The name of the one provider to use, skipping detection (`"azure-pipelines"`, `"github-actions"`,
   * `"gitlab"`, `"terraform"`, `"kubernetes"`, `"gcp"`, `"managed-identity"`, `"aws"`, or the name of one of your
   * `providers`). Default: the `AZFED_PROVIDER` environment variable; without either, the platform
   * is detected. `"managed-identity"` and `"aws"` are only ever used when named this way (or passed in
   * `providers`): a CI runner on an Azure VM has a managed identity endpoint too.
   */
  readonly provider?: string | undefined;
  /**
   * The providers to detect from, in order. A list replaces the built-in ones; a function receives
   * the built-in list and returns the one to use (to add your own, reorder or drop some).
   */
  readonly providers?:
    | readonly AssertionProvider[]
    | ((defaults: readonly AssertionProvider[]) => readonly AssertionProvider[])
    | undefined;
  /**
   * Where the platform variables, `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_AUTHORITY_HOST` and
   * `AZFED_PROVIDER` are read. Default `process.env`, read at the first `getToken`.
   */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** The longest one provider's detection may take before it counts as absent. Default 5000 ms. */
  readonly detectTimeoutMs?: number | undefined;
}

/**
 * The provider a {@link DefaultFederatedCredential} uses and the identity it asks for.
 *
 * @example
 * ```ts
 * const { provider, chosenBy, tenantId, clientId } = await credential.selection();
 * console.log(`${provider.name} (by ${chosenBy}) for app ${clientId} in ${tenantId}`);
 * ```
 */
export interface DefaultFederatedCredentialSelection extends ProviderSelection {
  readonly tenantId: string;
  readonly clientId: string;
}

interface Selected {
  readonly selection: DefaultFederatedCredentialSelection;
  readonly credential: FederatedTokenCredential;
}

/**
 * A `TokenCredential` for any `@azure/*` client that works unchanged on Azure Pipelines, GitHub
 * Actions, GitLab CI, HCP Terraform (with `@azfed/terraform` installed), Kubernetes (Azure Workload
 * Identity) and Google Cloud: at the first `getToken`
 * it detects the platform, in that order (Google Cloud last, its metadata probe is bounded), and then
 * exchanges that platform's OIDC token for a Microsoft Entra token through a
 * `FederatedTokenCredential`. The choice is remembered and logged at info.
 *
 * `AZFED_PROVIDER` (or the `provider` option) names one provider and skips detection; an Azure
 * managed identity (`AZFED_PROVIDER=managed-identity`, its client id in
 * `AZFED_MANAGED_IDENTITY_CLIENT_ID`) is only ever used when named. The tenant and
 * client id come from the options, else `AZURE_TENANT_ID` / `AZURE_CLIENT_ID`, else what the platform
 * names (Azure Pipelines' `AZURESUBSCRIPTION_TENANT_ID` / `AZURESUBSCRIPTION_CLIENT_ID`). When no
 * platform is found, `getToken` throws `CredentialUnavailableError` listing every provider and why it
 * did not apply, so `ChainedTokenCredential` moves on. The constructor never throws because a
 * platform is absent.
 *
 * @example
 * ```ts
 * import { DefaultFederatedCredential } from "@azfed/identity";
 * import { BlobServiceClient } from "@azure/storage-blob";
 *
 * const credential = new DefaultFederatedCredential();
 * const blobs = new BlobServiceClient("https://contoso.blob.core.windows.net", credential);
 * for await (const container of blobs.listContainers()) console.log(container.name);
 * ```
 */
export class DefaultFederatedCredential {
  readonly #options: DefaultFederatedCredentialOptions;
  /** The options passed on to the `FederatedTokenCredential`: all but how the provider is chosen and who the credential is. */
  readonly #credentialOptions: Omit<
    DefaultFederatedCredentialOptions,
    "provider" | "providers" | "env" | "detectTimeoutMs" | "tenantId" | "clientId" | "authorityHost"
  >;
  readonly #providers: readonly AssertionProvider[];
  /** Providers a name may select but detection never does: the named-only built-ins, unless a list replaced them. */
  readonly #namedOnly: readonly AssertionProvider[];
  /** The detection, shared by concurrent first calls; after a failure the next call detects again. */
  readonly #select = cacheUntilRejected(() => this.#detect());

  /**
   * @throws {@link InvalidInputError} for a malformed option (tenant id, client id, authority host,
   *   audience, retry, ...) or a `provider` name not in the list, naming it. Never for an absent
   *   platform: that is found at `getToken`.
   */
  constructor(options: DefaultFederatedCredentialOptions = {}) {
    this.#options = options;
    const {
      provider: _provider,
      providers: _providers,
      env: _env,
      detectTimeoutMs,
      tenantId: _tenantId,
      clientId: _clientId,
      authorityHost: _authorityHost,
      ...credentialOptions
    } = options;
    this.#credentialOptions = credentialOptions;
    checkMilliseconds("detectTimeoutMs", detectTimeoutMs);
    checkCredentialOptions(options);
    const shared = {
      env: options.env,
      dispatcher: options.dispatcher,
      retry: options.retry,
      timeoutMs: options.timeoutMs,
    };
    const defaults = defaultProviders(shared);
    const chosen = typeof options.providers === "function" ? options.providers(defaults) : options.providers;
    this.#providers = [...(chosen ?? defaults)];
    // A list replaces every built-in; a function (or nothing) keeps the named-only ones nameable.
    this.#namedOnly = typeof options.providers === "object" ? [] : namedOnlyProviders(shared);
    const nameable = nameableProviders(this.#providers, this.#namedOnly);
    if (options.provider !== undefined && !nameable.some((provider) => provider.name === options.provider)) {
      throw unknownProviderError(String(options.provider), "provider", nameable);
    }
  }

  /**
   * Gets an access token for `scopes` from the detected platform's federated credential. The first
   * call detects the platform; concurrent first calls share one detection.
   *
   * @example
   * ```ts
   * const token = await new DefaultFederatedCredential().getToken("https://storage.azure.com/.default");
   * console.log(new Date(token.expiresOnTimestamp));
   * ```
   */
  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const { credential } = await abortable(this.#select(), options?.abortSignal);
    return credential.getToken(scopes, options);
  }

  /**
   * The provider this credential uses, its reason, and the tenant and client ids, detecting them
   * first if no `getToken` did yet. Useful to print what was detected. Throws what `getToken` would
   * throw when no provider applies or an id is missing.
   *
   * @example
   * ```ts
   * const { provider, reason } = await credential.selection();
   * console.log(`platform: ${provider.name} (${reason})`);
   * ```
   */
  async selection(): Promise<DefaultFederatedCredentialSelection> {
    return (await this.#select()).selection;
  }

  async #detect(): Promise<Selected> {
    const { detectTimeoutMs, provider: name } = this.#options;
    const env = this.#options.env ?? process.env;
    const found = await selectProvider(this.#providers, {
      env,
      namedOnly: this.#namedOnly,
      ...(name !== undefined ? { provider: name } : {}),
      ...(detectTimeoutMs !== undefined ? { detectTimeoutMs } : {}),
    });

    const identity = resolveIdentity(
      { ...this.#options, env },
      { name: found.provider.name, tenantId: found.tenantId, clientId: found.clientId },
    );
    const { tenantId, clientId } = identity;
    const missing = [!tenantId && "tenant id", !clientId && "client id"].filter(Boolean).join(" and ");
    if (!tenantId || !clientId) {
      throw new CredentialUnavailableError(
        `DefaultFederatedCredential: ${found.provider.name} is available, but no ${missing} is set: pass tenantId and clientId, or set AZURE_TENANT_ID and AZURE_CLIENT_ID (the Directory (tenant) ID and Application (client) ID of the app registration or managed identity that has the federated credential).`,
      );
    }
    // Detection is done and the identity settled: the credential takes both as they are, so it
    // neither asks the provider again nor reads process.env instead of `env`.
    const credential = new FederatedTokenCredential({
      ...this.#credentialOptions,
      identity,
      assertion: found.provider,
    });
    logger.info(
      `DefaultFederatedCredential: using ${found.provider.name} (${found.chosenBy === "detection" ? "detected" : `chosen by ${found.chosenBy}`}: ${found.reason}); tenant ${tenantId}, client ${clientId}`,
    );
    return { selection: { ...found, tenantId, clientId }, credential };
  }
}
