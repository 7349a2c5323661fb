import { AZURE_PIPELINES_PLATFORM } from "./azure-pipelines-platform";
import { GITHUB_ACTIONS_PLATFORM } from "./github-actions-platform";
import { GITLAB_PLATFORM } from "./gitlab-platform";

/**
 * What shows, from the environment alone, that a process runs on a platform: the variables the
 * platform sets in every job. Its provider's `detect` answers `absent` when `find` finds nothing, and
 * `@azfed/identity`'s detection asks `find` before it imports the provider's package, so a process on
 * another platform (a Kubernetes pod) never loads that package.
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
 * The platforms whose provider packages detection reaches before Kubernetes, each with an
 * {@link EnvironmentSignal} in core's platform table.
 *
 * @example
 * ```ts
 * const platform: SignalledPlatform = "github-actions";
 * ```
 */
export type SignalledPlatform = "azure-pipelines" | "github-actions" | "gitlab";

const SIGNALS: Readonly<Record<SignalledPlatform, EnvironmentSignal>> = {
  "azure-pipelines": AZURE_PIPELINES_PLATFORM.environmentSignal,
  "github-actions": GITHUB_ACTIONS_PLATFORM.environmentSignal,
  gitlab: GITLAB_PLATFORM.environmentSignal,
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
  return SIGNALS[platform];
}
