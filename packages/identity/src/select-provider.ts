import {
  type AssertionProvider,
  CredentialUnavailableError,
  checkMilliseconds,
  type Detection,
  InvalidInputError,
} from "@azfed/core/provider";

/**
 * What one provider answered when asked whether its platform is here.
 *
 * @example
 * ```ts
 * const report: DetectionReport = {
 *   provider: "github-actions",
 *   available: false,
 *   reason: "ACTIONS_ID_TOKEN_REQUEST_URL is not set: add `permissions: id-token: write` to the job",
 * };
 * ```
 */
export interface DetectionReport {
  readonly provider: string;
  readonly available: boolean;
  /** The provider's one-line reason (why it applies, or why not). */
  readonly reason: string;
}

/**
 * The provider chosen for this environment, how it was chosen, and what the platform itself says
 * about the tenant and client (Azure Pipelines' `AZURESUBSCRIPTION_*`).
 *
 * @example
 * ```ts
 * const selection = await selectProvider(defaultProviders(), { env: process.env });
 * console.log(`${selection.provider.name} (${selection.chosenBy}): ${selection.reason}`);
 * ```
 */
export interface ProviderSelection {
  readonly provider: AssertionProvider;
  /** `"detection"`, or the setting that named the provider: `"AZFED_PROVIDER"` or the `"provider"` option. */
  readonly chosenBy: "detection" | "AZFED_PROVIDER" | "provider";
  readonly reason: string;
  readonly tenantId?: string | undefined;
  readonly clientId?: string | undefined;
  /** Every provider asked, in order, up to and including the chosen one. */
  readonly reports: readonly DetectionReport[];
}

/**
 * How {@link selectProvider} and {@link findProvider} choose: the provider named by `provider`, else
 * the one `AZFED_PROVIDER` in `env` names, else the first of the list whose `detect` answers "here"
 * within `detectTimeoutMs`.
 *
 * @example
 * ```ts
 * const options: SelectProviderOptions = {
 *   env: process.env,
 *   provider: "gitlab",
 *   namedOnly: namedOnlyProviders({ env: process.env }),
 * };
 * ```
 */
export interface SelectProviderOptions {
  /** Where `AZFED_PROVIDER` is read and what each `detect` is given. */
  readonly env: NodeJS.ProcessEnv;
  /**
   * The name of the one provider to use (the `provider` option, `azfed --provider`): no other
   * provider is asked. Default: `AZFED_PROVIDER` in `env`; an empty value names none.
   */
  readonly provider?: string | undefined;
  /**
   * Providers used only when named, never detected (the built-in managed identity: a CI runner on an
   * Azure VM has a managed identity endpoint too). One with the name of a listed provider is ignored.
   */
  readonly namedOnly?: readonly AssertionProvider[] | undefined;
  /** The longest one provider's `detect` may take before it counts as absent. Default 5000 ms. */
  readonly detectTimeoutMs?: number | undefined;
}

/**
 * What {@link findProvider} found: the selection, or the message saying why none applies; in both
 * cases every provider asked, in order, with its reason.
 *
 * @example
 * ```ts
 * const found: ProviderSearch = await findProvider(defaultProviders(), { env: process.env });
 * if (!found.selection) console.log(found.message);
 * ```
 */
export type ProviderSearch =
  | { readonly selection: ProviderSelection; readonly reports: readonly DetectionReport[] }
  | { readonly selection: undefined; readonly message: string; readonly reports: readonly DetectionReport[] };

/**
 * The one rule for which provider is used, shared by `DefaultFederatedCredential` and `azfed doctor`
 * / `azfed token`: the provider named by the `provider` option, else by `AZFED_PROVIDER` (only that
 * one is asked, among `providers` and `namedOnly`), else the first in `providers` whose `detect`
 * says its platform is here (a provider without `detect` counts as present). A `detect` that throws
 * or does not answer within `detectTimeoutMs` counts as absent.
 *
 * @throws {@link InvalidInputError} when the named provider is in neither list, or for a malformed
 *   `detectTimeoutMs`.
 * @throws {@link CredentialUnavailableError} when no provider applies; the message lists every
 *   provider asked and its reason.
 * @example
 * ```ts
 * const { provider, reason } = await selectProvider(defaultProviders(), { env: process.env });
 * ```
 */
export async function selectProvider(
  providers: readonly AssertionProvider[],
  options: SelectProviderOptions,
): Promise<ProviderSelection> {
  const found = await findProvider(providers, options);
  if (!found.selection) throw new CredentialUnavailableError(found.message);
  return found.selection;
}

/**
 * {@link selectProvider}'s choice, returned instead of thrown when no provider applies, with every
 * provider's report: what `azfed doctor` prints.
 *
 * @throws {@link InvalidInputError} as {@link selectProvider} does.
 * @example
 * ```ts
 * const found = await findProvider(defaultProviders(), { env: process.env, detectTimeoutMs: 2_000 });
 * for (const report of found.reports) console.log(`${report.provider}: ${report.reason}`);
 * ```
 */
export async function findProvider(
  providers: readonly AssertionProvider[],
  options: SelectProviderOptions,
): Promise<ProviderSearch> {
  const timeoutMs = checkMilliseconds("detectTimeoutMs", options.detectTimeoutMs) ?? 5_000;
  const name = options.provider || options.env.AZFED_PROVIDER || undefined;
  if (name !== undefined) {
    const by = options.provider ? "provider" : "AZFED_PROVIDER";
    const nameable = nameableProviders(providers, options.namedOnly);
    const provider = nameable.find((candidate) => candidate.name === name);
    if (!provider) throw unknownProviderError(name, by, nameable);
    const detection = await detectWithin(provider, options.env, timeoutMs);
    const reports = [toReport(provider.name, detection)];
    if (!detection.available) {
      return {
        selection: undefined,
        message: `DefaultFederatedCredential: ${by === "AZFED_PROVIDER" ? "AZFED_PROVIDER" : "the provider option"} selects "${name}", but it cannot be used here: ${detection.reason}`,
        reports,
      };
    }
    return { selection: selection(provider, by, detection, reports), reports };
  }

  const reports: DetectionReport[] = [];
  for (const provider of providers) {
    const detection = await detectWithin(provider, options.env, timeoutMs);
    reports.push(toReport(provider.name, detection));
    if (detection.available)
      return { selection: selection(provider, "detection", detection, reports), reports };
  }
  return { selection: undefined, message: noPlatformMessage(reports), reports };
}

/**
 * Every provider a name may select: `providers`, then those of `namedOnly` whose name none of them has.
 *
 * @example
 * ```ts
 * nameableProviders(defaultProviders(), namedOnlyProviders()).map((provider) => provider.name).at(-1); // "managed-identity"
 * ```
 */
export function nameableProviders(
  providers: readonly AssertionProvider[],
  namedOnly: readonly AssertionProvider[] = [],
): AssertionProvider[] {
  return [
    ...providers,
    ...namedOnly.filter((extra) => !providers.some((listed) => listed.name === extra.name)),
  ];
}

/**
 * The error for a provider name that is not in the list: names the setting, the value and the
 * valid names.
 *
 * @example
 * ```ts
 * throw unknownProviderError("github", "AZFED_PROVIDER", defaultProviders());
 * ```
 */
export function unknownProviderError(
  name: string,
  by: "AZFED_PROVIDER" | "provider",
  providers: readonly AssertionProvider[],
): InvalidInputError {
  return new InvalidInputError({
    field: by,
    value: name,
    expected:
      providers.length > 0
        ? `one of ${providers.map((candidate) => `"${candidate.name}"`).join(", ")}`
        : "the name of a provider, but the providers list is empty",
    fix:
      by === "AZFED_PROVIDER"
        ? "set AZFED_PROVIDER to one of these names, or unset it to detect the platform"
        : "pass one of these names, or leave `provider` out to detect the platform",
  });
}

function selection(
  provider: AssertionProvider,
  chosenBy: ProviderSelection["chosenBy"],
  detection: Extract<Detection, { available: true }>,
  reports: readonly DetectionReport[],
): ProviderSelection {
  return {
    provider,
    chosenBy,
    reason: detection.reason ?? `${provider.name} is available`,
    ...(detection.tenantId ? { tenantId: detection.tenantId } : {}),
    ...(detection.clientId ? { clientId: detection.clientId } : {}),
    reports,
  };
}

async function detectWithin(
  provider: AssertionProvider,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<Detection> {
  if (!provider.detect)
    return { available: true, reason: `${provider.name} has no detect(); assumed present` };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Detection>((resolve) => {
    timer = setTimeout(
      () => resolve({ available: false, reason: `its detect() did not answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
    timer.unref?.();
  });
  try {
    const detected = Promise.resolve().then(() => provider.detect?.(env) as Detection | Promise<Detection>);
    return await Promise.race([detected, timeout]);
  } catch (error) {
    return {
      available: false,
      reason: `its detect() failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  } finally {
    clearTimeout(timer);
  }
}

function toReport(provider: string, detection: Detection): DetectionReport {
  return {
    provider,
    available: detection.available,
    reason: detection.reason ?? (detection.available ? "available" : "not available"),
  };
}

function noPlatformMessage(reports: readonly DetectionReport[]): string {
  if (reports.length === 0) {
    return "DefaultFederatedCredential has no providers to try: the `providers` option gave an empty list. Pass at least one AssertionProvider, or leave `providers` out to use the built-in ones.";
  }
  const lines = reports.map((report) => `  - ${report.provider}: ${report.reason}`);
  return [
    "DefaultFederatedCredential found no platform to get an OIDC token from. Tried, in order:",
    ...lines,
    "Run this inside one of these platforms, set AZFED_PROVIDER to the provider you expect (its reason above says what is missing), or pass `providers` with your own AssertionProvider.",
  ].join("\n");
}
