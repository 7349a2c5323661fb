import {
  type AssertionProvider,
  DEFAULT_EXCHANGE_AUDIENCE,
  type HttpRequest,
  type RetryOptions,
} from "@azfed/core";
import { lazyProvider } from "./lazy-provider";

/**
 * The built-in providers' names, in the order `DefaultFederatedCredential` tries them. Google Cloud
 * is last because it is the only one that may have to probe the network (a bounded probe of the
 * metadata server); the others look at environment variables and files.
 *
 * @example
 * ```ts
 * DEFAULT_PROVIDER_NAMES.join(" → "); // "azure-pipelines → github-actions → gitlab → kubernetes → gcp"
 * ```
 */
export const DEFAULT_PROVIDER_NAMES = [
  "azure-pipelines",
  "github-actions",
  "gitlab",
  "kubernetes",
  "gcp",
] as const;

/**
 * The built-in providers `DefaultFederatedCredential` uses only when named (`AZFED_PROVIDER` or the
 * `provider` option), never by detection: `managed-identity`, because hosted CI runners are Azure VMs
 * whose IMDS answers, so detecting it would pick the runner's own identity.
 *
 * @example
 * ```ts
 * NAMED_ONLY_PROVIDER_NAMES; // ["managed-identity"]
 * ```
 */
export const NAMED_ONLY_PROVIDER_NAMES = ["managed-identity"] as const;

/**
 * One of {@link DEFAULT_PROVIDER_NAMES}.
 *
 * @example
 * ```ts
 * const name: DefaultProviderName = "kubernetes";
 * ```
 */
export type DefaultProviderName = (typeof DEFAULT_PROVIDER_NAMES)[number];

/**
 * The options every built-in provider factory shares; `DefaultFederatedCredential` passes its own
 * values of these on to each provider.
 *
 * @example
 * ```ts
 * const providers = defaultProviders({ timeoutMs: 10_000, retry: { maxRetries: 2 } });
 * ```
 */
export interface SharedProviderOptions {
  /** Where the provider reads its platform's variables. Default `process.env`, read at call time. */
  readonly env?: NodeJS.ProcessEnv;
  /** An undici dispatcher for the provider's HTTP requests (proxy, custom CA). */
  readonly dispatcher?: HttpRequest["dispatcher"];
  /** Retries of the provider's token request. */
  readonly retry?: RetryOptions;
  /** The budget of one token request, retries included. */
  readonly timeoutMs?: number;
}

/**
 * The built-in providers in detection order (Azure Pipelines, GitHub Actions, GitLab CI, the
 * Kubernetes token file, Google Cloud), each loaded only when first asked to detect or fetch.
 *
 * @example
 * ```ts
 * const credential = new DefaultFederatedCredential({
 *   providers: (defaults) => defaults.filter((provider) => provider.name !== "gcp"),
 * });
 * ```
 */
export function defaultProviders(options: SharedProviderOptions = {}): AssertionProvider[] {
  const shared = definedOnly(options);
  return [
    lazyProvider("azure-pipelines", async () =>
      (await import("@azfed/azure-pipelines")).azurePipelines(shared),
    ),
    lazyProvider("github-actions", async () => (await import("@azfed/github")).githubActions(shared)),
    lazyProvider("gitlab", async () => (await import("@azfed/gitlab")).gitlab(shared)),
    lazyProvider("kubernetes", async () => (await import("@azfed/kubernetes")).kubernetes(shared)),
    lazyProvider("gcp", async () => (await import("@azfed/gcp")).gcp(shared)),
  ];
}

function definedOnly(options: SharedProviderOptions): SharedProviderOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

/**
 * The built-in providers that are used only when named ({@link NAMED_ONLY_PROVIDER_NAMES}), each
 * loaded at its first use. The managed identity's client id comes from
 * `AZFED_MANAGED_IDENTITY_CLIENT_ID` in `env`.
 *
 * @example
 * ```ts
 * const [managedIdentity] = namedOnlyProviders({ env: process.env });
 * managedIdentity?.name; // "managed-identity"
 * ```
 */
export function namedOnlyProviders(options: SharedProviderOptions = {}): AssertionProvider[] {
  const shared = definedOnly(options);
  return [
    lazyProvider(
      "managed-identity",
      async () => (await import("@azfed/managed-identity")).managedIdentity(shared),
      // Entra issues this assertion: it carries the cloud's own exchange audience.
      { defaultAudience: (cloud) => cloud?.exchangeAudience ?? DEFAULT_EXCHANGE_AUDIENCE },
    ),
  ];
}
