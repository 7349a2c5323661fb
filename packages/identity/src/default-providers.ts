import { azurePipelines } from "@azfed/azure-pipelines";
import type { AssertionProvider, ProviderOptions } from "@azfed/core";
import { gcp } from "@azfed/gcp";
import { githubActions } from "@azfed/github";
import { gitlab } from "@azfed/gitlab";
import { kubernetes } from "@azfed/kubernetes";
import { managedIdentity } from "@azfed/managed-identity";
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
 * whose IMDS answers, so detecting it would pick the runner's own identity; `aws`, because every
 * sign of AWS (the EC2 instance metadata, the ECS, EKS IRSA and Pod Identity variables) is also there
 * on a self-hosted CI runner on AWS, which must not switch to its machine's role by surprise.
 *
 * @example
 * ```ts
 * NAMED_ONLY_PROVIDER_NAMES; // ["managed-identity", "aws"]
 * ```
 */
export const NAMED_ONLY_PROVIDER_NAMES = ["managed-identity", "aws"] as const;

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
 * The options every built-in provider factory shares: core's {@link ProviderOptions}, under the name
 * `@azfed/identity` has always exported.
 *
 * @example
 * ```ts
 * const providers = defaultProviders({ timeoutMs: 10_000, retry: { maxRetries: 2 } });
 * ```
 */
export type SharedProviderOptions = ProviderOptions;

/**
 * The built-in providers in detection order (Azure Pipelines, GitHub Actions, GitLab CI, the
 * Kubernetes token file, Google Cloud), each given the shared options.
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
  return [azurePipelines(shared), githubActions(shared), gitlab(shared), kubernetes(shared), gcp(shared)];
}

/**
 * The built-in providers used only when named ({@link NAMED_ONLY_PROVIDER_NAMES}), given the shared
 * options. The managed identity's client id comes from `AZFED_MANAGED_IDENTITY_CLIENT_ID` in `env`.
 * `aws` is `@azfed/aws`'s provider (given `env` and `timeoutMs`), imported only when it is used:
 * `@azfed/aws` (and the AWS SDK it brings) is an optional peer dependency, installed by those who use it.
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
    managedIdentity(shared),
    lazyProvider("aws", "@azfed/aws", async () =>
      (await import("@azfed/aws")).aws({
        ...(shared.env ? { env: shared.env } : {}),
        ...(shared.timeoutMs !== undefined ? { timeoutMs: shared.timeoutMs } : {}),
      }),
    ),
  ];
}

function definedOnly(options: SharedProviderOptions): SharedProviderOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
