import { type AssertionProvider, CredentialUnavailableError, type Detection } from "@azfed/core";
import {
  type DetectionReport,
  defaultProviders,
  namedOnlyProviders,
  type ProviderSelection,
  selectProvider,
} from "@azfed/identity";
import type { CliIo } from "../cli-io";

/**
 * What `azfed doctor` found about the platform: the provider `DefaultFederatedCredential` would use
 * (same detection, same order, `AZFED_PROVIDER` honoured), or why none applies, provider by provider.
 *
 * @example
 * ```ts
 * const found = await detectPlatform({ env: process.env }, undefined);
 * if (!found.selection) for (const report of found.reports) console.log(report.provider, report.reason);
 * ```
 */
export type PlatformDetection =
  | { readonly selection: ProviderSelection; readonly reports: readonly DetectionReport[] }
  | { readonly selection: undefined; readonly message: string; readonly reports: readonly DetectionReport[] };

/**
 * Detects the platform as `DefaultFederatedCredential` does (`selectProvider` over the default
 * providers); `provider` (the `--provider` flag) or `AZFED_PROVIDER` skips detection.
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
  const named = provider
    ? { name: provider, by: "provider" as const }
    : env.AZFED_PROVIDER
      ? { name: env.AZFED_PROVIDER, by: "AZFED_PROVIDER" as const }
      : undefined;
  // A managed identity is used only when named, as DefaultFederatedCredential does.
  const providers = [
    ...defaultProviders({ env, dispatcher }),
    ...(named ? namedOnlyProviders({ env, dispatcher }) : []),
  ];
  try {
    const selection = await selectProvider(providers, { env, ...(named ? { named } : {}) });
    return { selection, reports: selection.reports };
  } catch (error) {
    if (!(error instanceof CredentialUnavailableError)) throw error;
    const asked = named ? providers.filter((candidate) => candidate.name === named.name) : providers;
    return { selection: undefined, message: error.message, reports: await reportEach(asked, env) };
  }
}

async function reportEach(
  providers: readonly AssertionProvider[],
  env: NodeJS.ProcessEnv,
): Promise<DetectionReport[]> {
  const reports: DetectionReport[] = [];
  for (const provider of providers) {
    let detection: Detection;
    try {
      detection = (await provider.detect?.(env)) ?? { available: true };
    } catch (error) {
      detection = { available: false, reason: error instanceof Error ? error.message : String(error) };
    }
    reports.push({
      provider: provider.name,
      available: detection.available,
      reason: detection.reason ?? (detection.available ? "available" : "not available"),
    });
  }
  return reports;
}
