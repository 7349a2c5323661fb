import { AZURE_PIPELINES_PLATFORM } from "./azure-pipelines-platform";
import { BITBUCKET_PIPELINES_PLATFORM } from "./bitbucket-pipelines-platform";
import { BUILDKITE_PLATFORM } from "./buildkite-platform";
import { CIRCLECI_PLATFORM } from "./circleci-platform";
import { GITHUB_ACTIONS_PLATFORM } from "./github-actions-platform";
import { GITLAB_PLATFORM } from "./gitlab-platform";
import type { Platform } from "./platform";
import { SPACELIFT_PLATFORM } from "./spacelift-platform";
import { SPIFFE_PLATFORM } from "./spiffe-platform";
import { TERRAFORM_PLATFORM } from "./terraform-platform";

/**
 * What shows, from the environment alone, that a process runs on a platform: the variables the
 * platform sets in every job. Its provider's `detect` answers `absent` when `find` finds nothing, and
 * `@azfed/identity`'s detection asks `find` before it imports the provider's package, so a process on
 * another platform (a Kubernetes pod) never loads that package. Each variable carries its source
 * next to it, in the platform's entry (`*-platform.ts`).
 *
 * @example
 * ```ts
 * const signal: EnvironmentSignal = {
 *   find: (env) => (env.GITLAB_CI === "true" ? "GITLAB_CI" : undefined),
 *   absent: 'GITLAB_CI is not "true": this is not a GitLab CI job',
 * };
 * ```
 */
export interface EnvironmentSignal {
  /** The name (never the value) of the variable that shows the platform, or `undefined` when none does. */
  find(env: NodeJS.ProcessEnv): string | undefined;
  /** The provider's `detect` reason when `find` finds nothing: why this is not that platform. */
  readonly absent: string;
}

/**
 * The platforms `@azfed/identity`'s detection recognises from the environment alone, each with an
 * {@link EnvironmentSignal} in core's platform table: the CI platforms and issuers whose provider
 * package it imports only when their variables are set, and Bitbucket Pipelines and CircleCI, which
 * it recognises only to say why Entra cannot match their tokens. Kubernetes, Google Cloud and the
 * providers used only when named have none.
 *
 * @example
 * ```ts
 * const platform: SignalledPlatform = "github-actions";
 * ```
 */
export type SignalledPlatform =
  | "azure-pipelines"
  | "github-actions"
  | "gitlab"
  | "terraform"
  | "buildkite"
  | "bitbucket-pipelines"
  | "circleci"
  | "spiffe"
  | "spacelift";

/** The platform table's entries of the platforms detection recognises from the environment alone. */
const SIGNALLED_PLATFORMS: Readonly<
  Record<SignalledPlatform, Platform & { readonly environmentSignal: EnvironmentSignal }>
> = {
  "azure-pipelines": AZURE_PIPELINES_PLATFORM,
  "github-actions": GITHUB_ACTIONS_PLATFORM,
  gitlab: GITLAB_PLATFORM,
  terraform: TERRAFORM_PLATFORM,
  buildkite: BUILDKITE_PLATFORM,
  "bitbucket-pipelines": BITBUCKET_PIPELINES_PLATFORM,
  circleci: CIRCLECI_PLATFORM,
  spiffe: SPIFFE_PLATFORM,
  spacelift: SPACELIFT_PLATFORM,
};

/**
 * The {@link EnvironmentSignal} of a platform: the one place its provider's `detect` and
 * `@azfed/identity`'s detection read the variables that show it (and the sentence that says they
 * are absent).
 *
 * @example
 * ```ts
 * import { environmentSignal } from "@azfed/core/provider";
 *
 * const signal = environmentSignal("gitlab");
 * if (signal.find(process.env) === undefined) console.log(signal.absent);
 * ```
 */
export function environmentSignal(platform: SignalledPlatform): EnvironmentSignal {
  return SIGNALLED_PLATFORMS[platform].environmentSignal;
}

/**
 * How people name a platform detection recognises from the environment ("SPIFFE", "HCP Terraform"):
 * its `label` in core's platform table, so that detection's messages and the validator's say the same
 * name.
 *
 * @example
 * ```ts
 * import { environmentSignal, signalledPlatformLabel } from "@azfed/core/provider";
 *
 * const variable = environmentSignal("buildkite").find(process.env);
 * if (variable) console.log(`this looks like ${signalledPlatformLabel("buildkite")} (${variable} is set)`);
 * ```
 */
export function signalledPlatformLabel(platform: SignalledPlatform): string {
  return SIGNALLED_PLATFORMS[platform].label;
}
