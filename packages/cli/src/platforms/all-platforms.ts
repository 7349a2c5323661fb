import { azurePipelinesPlatform } from "./azure-pipelines-platform";
import type { CliPlatform } from "./cli-platform";
import { gcpPlatform } from "./gcp-platform";
import { githubPlatform } from "./github-platform";
import { gitlabPlatform } from "./gitlab-platform";
import { kubernetesPlatform } from "./kubernetes-platform";
import { managedIdentityPlatform } from "./managed-identity-platform";

/**
 * The platforms `azfed subject` and `azfed fic` know, in the order `--help` lists them.
 *
 * @example
 * ```ts
 * CLI_PLATFORMS.map((platform) => platform.name); // ["github", "gitlab", "azure-pipelines", "kubernetes", "gcp"]
 * ```
 */
export const CLI_PLATFORMS: readonly CliPlatform[] = Object.freeze([
  githubPlatform,
  gitlabPlatform,
  azurePipelinesPlatform,
  kubernetesPlatform,
  gcpPlatform,
  managedIdentityPlatform,
]);
