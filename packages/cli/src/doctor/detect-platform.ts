import { defaultProviders, findProvider, namedOnlyProviders, type ProviderSearch } from "@azfed/identity";
import type { CliIo } from "../cli-io";

/**
 * What `azfed doctor` found about the platform: the provider `DefaultFederatedCredential` would use,
 * or why none applies, provider by provider (`findProvider`'s answer).
 *
 * @example
 * ```ts
 * const found = await detectPlatform({ env: process.env }, undefined);
 * if (!found.selection) for (const report of found.reports) console.log(report.provider, report.reason);
 * ```
 */
export type PlatformDetection = ProviderSearch;

/**
 * Chooses the platform with the function `DefaultFederatedCredential` uses (`findProvider` over the
 * same providers, the same order and the same detection time limit): `provider` (the `--provider`
 * flag), else `AZFED_PROVIDER`, else detection. The managed identity is used only when named.
 *
 * @example
 * ```ts
 * const { selection } = await detectPlatform(resolveCliIo(), "github-actions");
 * ```
 */
export async function detectPlatform(
  { env, dispatcher }: Pick<CliIo, "env" | "dispatcher">,
  provider: string | undefined,
): Promise<PlatformDetection> {
  return findProvider(defaultProviders({ env, dispatcher }), {
    env,
    namedOnly: namedOnlyProviders({ env, dispatcher }),
    ...(provider ? { provider } : {}),
  });
}
