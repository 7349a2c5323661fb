/**
 * The platforms the demo (and the examples) can play, by the name of their azfed provider.
 *
 * @example
 * ```ts
 * if (!isDemoPlatform(flag)) throw new Error(`--platform must be one of ${DEMO_PLATFORMS.join(", ")}`);
 * ```
 */
export const DEMO_PLATFORMS = ["github-actions", "gitlab", "azure-pipelines", "kubernetes", "gcp"] as const;

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
