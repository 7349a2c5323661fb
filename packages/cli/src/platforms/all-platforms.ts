import { awsPlatform } from "./aws-platform";
import { azurePipelinesPlatform } from "./azure-pipelines-platform";
import { buildkitePlatform } from "./buildkite-platform";
import type { CliPlatform } from "./cli-platform";
import { gcpPlatform } from "./gcp-platform";
import { githubPlatform } from "./github-platform";
import { gitlabPlatform } from "./gitlab-platform";
import { jenkinsPlatform } from "./jenkins-platform";
import { kubernetesPlatform } from "./kubernetes-platform";
import { managedIdentityPlatform } from "./managed-identity-platform";
import { spaceliftPlatform } from "./spacelift-platform";
import { spiffePlatform } from "./spiffe-platform";
import { terraformPlatform } from "./terraform-platform";

/**
 * The platforms `azfed subject` and `azfed fic` know, in the order `--help` lists them.
 *
 * @example
 * ```ts
 * CLI_PLATFORMS.map((platform) => platform.name); // ["github", "gitlab", "azure-pipelines", "kubernetes", "gcp", "managed-identity", "aws", "terraform", "buildkite", "spiffe", "spacelift", "jenkins"]
 * ```
 */
export const CLI_PLATFORMS: readonly CliPlatform[] = Object.freeze([
  githubPlatform,
  gitlabPlatform,
  azurePipelinesPlatform,
  kubernetesPlatform,
  gcpPlatform,
  managedIdentityPlatform,
  awsPlatform,
  terraformPlatform,
  buildkitePlatform,
  spiffePlatform,
  spaceliftPlatform,
  jenkinsPlatform,
]);

/**
 * The provider name (as `AZFED_PROVIDER` takes it) for a platform named the way `azfed` accepts it:
 * its command-line name, one of its aliases, or the provider name itself. `undefined` for a name no
 * platform has.
 *
 * @example
 * ```ts
 * platformProviderName("github"); // "github-actions"
 * platformProviderName("k8s"); // "kubernetes"
 * platformProviderName("gitlab-ci"); // "gitlab"
 * ```
 */
export function platformProviderName(name: string): string | undefined {
  return CLI_PLATFORMS.find(
    (platform) => platform.name === name || platform.provider === name || platform.aliases.includes(name),
  )?.provider;
}
