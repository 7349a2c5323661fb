import type { AssertionProvider, HttpRequest, RetryOptions } from "@azfed/core";
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
