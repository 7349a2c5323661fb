import { platformProviderName } from "@azfed/cli";

/**
 * The platforms the demo (and the examples) can play, by the name of their azfed provider.
 *
 * @example
 * ```ts
 * if (!isDemoPlatform(flag)) throw new Error(`--platform must be one of ${DEMO_PLATFORMS.join(", ")}`);
 * ```
 */
export const DEMO_PLATFORMS = [
  "github-actions",
  "gitlab",
  "azure-pipelines",
  "kubernetes",
  "gcp",
  "managed-identity",
  "aws",
  "terraform",
  "buildkite",
  "spiffe",
  "spacelift",
  "jenkins",
] as const;

/**
 * One of {@link DEMO_PLATFORMS}.
 *
 * @example
 * ```ts
 * const platform: DemoPlatform = "kubernetes";
 * ```
 */
export type DemoPlatform = (typeof DEMO_PLATFORMS)[number];

/**
 * The demo platform a `--platform` value names: a provider name (`github-actions`) or any name
 * `azfed` accepts for the platform (`github`, `k8s`, `gitlab-ci`, `ado`, `mi`, …); `undefined` otherwise.
 *
 * @example
 * ```ts
 * resolveDemoPlatform("github"); // "github-actions"
 * resolveDemoPlatform("k8s"); // "kubernetes"
 * resolveDemoPlatform("mi"); // "managed-identity"
 * resolveDemoPlatform("jenkins"); // undefined
 * ```
 */
export function resolveDemoPlatform(value: string): DemoPlatform | undefined {
  const provider = platformProviderName(value) ?? value;
  return isDemoPlatform(provider) ? provider : undefined;
}

/**
 * Whether a string names a demo platform.
 *
 * @example
 * ```ts
 * isDemoPlatform("gitlab"); // true
 * isDemoPlatform("github"); // false
 * ```
 */
export function isDemoPlatform(value: string): value is DemoPlatform {
  return (DEMO_PLATFORMS as readonly string[]).includes(value);
}
