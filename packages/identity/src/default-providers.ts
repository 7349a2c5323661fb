import {
  type AssertionProvider,
  environmentSignal,
  type ProviderOptions,
  type SignalledPlatform,
  signalledPlatformLabel,
} from "@azfed/core/provider";
import { type BuiltInProvider, lazyProvider } from "./lazy-provider";
import { optionalPackage } from "./optional-package";
import { UNMATCHABLE_PLATFORM_NAMES, unmatchablePlatformProvider } from "./unmatchable-platforms";

/**
 * The built-in providers' names, in the order `DefaultFederatedCredential` tries them. Google Cloud
 * is last because it is the only one that may have to probe the network (a bounded probe of the
 * metadata server); the others look at environment variables and files. HCP Terraform
 * (`@azfed/terraform`, an optional peer) is detected by `TFC_WORKLOAD_IDENTITY_TOKEN[_<TAG>]`, which
 * only HCP Terraform and Terraform Enterprise set, before Kubernetes (an agent may run in a pod).
 * `bitbucket-pipelines` and `circleci` are recognised only to say why Entra cannot match their
 * tokens: detection asks them too, before Kubernetes, but they are never available and are not in
 * this list. Spacelift (`@azfed/oidc-token`, an optional peer) is detected by `SPACELIFT_OIDC_TOKEN`
 * (or `TF_VAR_spacelift_run_id`, set in every run) after Kubernetes: every run of a paid Spacelift
 * account gets it, while a token file the workload identity webhook mounted is Azure configuration
 * someone chose. Each signal is core's platform table's (`environmentSignal` from
 * `@azfed/core/provider`), which the provider package's own `detect` reads too.
 *
 * @example
 * ```ts
 * DEFAULT_PROVIDER_NAMES.join(" → "); // "azure-pipelines → github-actions → gitlab → terraform → buildkite → kubernetes → spiffe → spacelift → gcp"
 * ```
 */
export const DEFAULT_PROVIDER_NAMES = [
  "azure-pipelines",
  "github-actions",
  "gitlab",
  "terraform",
  "buildkite",
  "kubernetes",
  "spiffe",
  "spacelift",
  "gcp",
] as const;

/**
 * The order detection asks in: the providers, with before Kubernetes the platforms recognised only to
 * say why Entra cannot match their tokens (never available, not providers azfed has).
 */
const DETECTION_ORDER = [
  "azure-pipelines",
  "github-actions",
  "gitlab",
  "terraform",
  "buildkite",
  ...UNMATCHABLE_PLATFORM_NAMES,
  "kubernetes",
  "spiffe",
  "spacelift",
  "gcp",
] as const;

/**
 * The built-in providers `DefaultFederatedCredential` uses only when named (`AZFED_PROVIDER` or the
 * `provider` option), never by detection: `managed-identity`, because hosted CI runners are Azure VMs
 * whose IMDS answers, so detecting it would pick the runner's own identity; `aws`, because every
 * sign of AWS (the EC2 instance metadata, the ECS, EKS IRSA and Pod Identity variables) is also there
 * on a self-hosted CI runner on AWS, which must not switch to its machine's role by surprise;
 * `oidc-token` and `jenkins`, because a variable or a file someone names says nothing about the
 * platform (Jenkins binds its id token to a variable the job chooses): they read
 * `AZFED_OIDC_TOKEN_FILE` or `AZFED_OIDC_TOKEN_VARIABLE`.
 *
 * @example
 * ```ts
 * NAMED_ONLY_PROVIDER_NAMES; // ["managed-identity", "aws", "oidc-token", "jenkins"]
 * ```
 */
export const NAMED_ONLY_PROVIDER_NAMES = ["managed-identity", "aws", "oidc-token", "jenkins"] as const;

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
 * A built-in provider's `signal`, `signalAbsent` and `label` from core's platform table, which the
 * provider's own `detect` reads too: the same variables, the same reason when they are absent, and the
 * same name.
 */
function signalFromPlatformTable(
  platform: SignalledPlatform,
): Pick<BuiltInProvider, "signal" | "signalAbsent" | "label"> {
  const { find, absent } = environmentSignal(platform);
  return { signal: find, signalAbsent: absent, label: signalledPlatformLabel(platform) };
}

/**
 * Each built-in provider's package, imported only when detection reaches it or it is named. A new
 * provider adds one line here (and its name to a list above).
 */
const BUILT_IN_PROVIDERS: Readonly<
  Record<(typeof DETECTION_ORDER)[number] | (typeof NAMED_ONLY_PROVIDER_NAMES)[number], BuiltInProvider>
> = {
  // Each provider with a signal is imported only when its platform's variables are set (see
  // signalFromPlatformTable), so detection in a pod loads none of them.
  "azure-pipelines": {
    name: "azure-pipelines",
    load: async () => (await import("@azfed/azure-pipelines")).azurePipelines,
    ...signalFromPlatformTable("azure-pipelines"),
  },
  "github-actions": {
    name: "github-actions",
    load: async () => (await import("@azfed/github")).githubActions,
    ...signalFromPlatformTable("github-actions"),
  },
  gitlab: {
    name: "gitlab",
    load: async () => (await import("@azfed/gitlab")).gitlab,
    ...signalFromPlatformTable("gitlab"),
  },
  kubernetes: { name: "kubernetes", load: async () => (await import("@azfed/kubernetes")).kubernetes },
  // An optional peer dependency (it brings gRPC), detected by SPIFFE_ENDPOINT_SOCKET; after
  // Kubernetes: a pod the Azure Workload Identity webhook configured means that.
  spiffe: {
    name: "spiffe",
    load: async () => (await optionalPackage("@azfed/spiffe", () => import("@azfed/spiffe"))).spiffe,
    ...signalFromPlatformTable("spiffe"),
  },
  gcp: { name: "gcp", load: async () => (await import("@azfed/gcp")).gcp },
  // An optional peer: detected by its token variables (TFC_WORKLOAD_IDENTITY_TOKEN[_<TAG>]) without
  // importing @azfed/terraform.
  terraform: {
    name: "terraform",
    load: async () => (await optionalPackage("@azfed/terraform", () => import("@azfed/terraform"))).terraform,
    ...signalFromPlatformTable("terraform"),
  },
  // Recognised only to say why Entra cannot match their tokens (unmatchable-platforms.ts; their
  // signals are in core's platform table too).
  "bitbucket-pipelines": {
    name: "bitbucket-pipelines",
    load: async () => (options) => unmatchablePlatformProvider("bitbucket-pipelines", options),
  },
  circleci: {
    name: "circleci",
    load: async () => (options) => unmatchablePlatformProvider("circleci", options),
  },
  "managed-identity": {
    name: "managed-identity",
    load: async () => (await import("@azfed/managed-identity")).managedIdentity,
  },
  // An optional peer dependency, detected by BUILDKITE=true, which only the Buildkite agent sets.
  buildkite: {
    name: "buildkite",
    load: async () => (await optionalPackage("@azfed/buildkite", () => import("@azfed/buildkite"))).buildkite,
    ...signalFromPlatformTable("buildkite"),
  },
  // An optional peer dependency (it brings the AWS SDK): installed only by those who use it.
  aws: {
    name: "aws",
    load: async () => (await optionalPackage("@azfed/aws", () => import("@azfed/aws"))).aws,
  },
  // @azfed/oidc-token is an optional peer: its three providers cost nothing to those who select none.
  spacelift: {
    name: "spacelift",
    load: async () =>
      (await optionalPackage("@azfed/oidc-token", () => import("@azfed/oidc-token"))).spacelift,
    // SPACELIFT_OIDC_TOKEN, or TF_VAR_spacelift_run_id in a run without one (a free account).
    ...signalFromPlatformTable("spacelift"),
  },
  "oidc-token": {
    name: "oidc-token",
    load: async () =>
      (await optionalPackage("@azfed/oidc-token", () => import("@azfed/oidc-token"))).oidcToken,
  },
  jenkins: {
    name: "jenkins",
    load: async () => (await optionalPackage("@azfed/oidc-token", () => import("@azfed/oidc-token"))).jenkins,
  },
};

/**
 * The built-in providers in detection order (Azure Pipelines, GitHub Actions, GitLab CI, HCP
 * Terraform, Buildkite, the Bitbucket Pipelines and CircleCI explanations, the Kubernetes token file, Google
 * Cloud), each given the shared options. Each provider's package is
 * imported at its first `detect` (see `lazyProvider` in `lazy-provider.ts`), so detection loads only the packages it
 * reaches.
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
  return DETECTION_ORDER.map((name) => lazyProvider(BUILT_IN_PROVIDERS[name], shared));
}

/**
 * The built-in providers used only when named ({@link NAMED_ONLY_PROVIDER_NAMES}), given the shared
 * options. The managed identity's client id comes from `AZFED_MANAGED_IDENTITY_CLIENT_ID` in `env`.
 * `aws` is `@azfed/aws`'s provider: an optional peer dependency, imported only when it is used.
 *
 * @example
 * ```ts
 * const [managedIdentity] = namedOnlyProviders({ env: process.env });
 * managedIdentity?.name; // "managed-identity"
 * ```
 */
export function namedOnlyProviders(options: SharedProviderOptions = {}): AssertionProvider[] {
  const shared = definedOnly(options);
  return NAMED_ONLY_PROVIDER_NAMES.map((name) => lazyProvider(BUILT_IN_PROVIDERS[name], shared));
}

function definedOnly(options: SharedProviderOptions): SharedProviderOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
