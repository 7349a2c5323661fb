import {
  type AssertionProvider,
  CredentialUnavailableError,
  DEFAULT_EXCHANGE_AUDIENCE,
  type Detection,
  type ProviderOptions,
} from "@azfed/core/provider";
import { OptionalPackageMissingError } from "./optional-package";

/**
 * A built-in provider that `DefaultFederatedCredential` knows by name and loads only when it needs
 * it: `load` imports the provider's package (a dynamic `import()`, a `require()` in the CommonJS
 * build) and returns its factory. A heavy provider (one with its own SDK) thus costs nothing to a
 * process that detects or names another one.
 *
 * A provider that detection recognises from the environment also has a `signal`: the environment
 * variable that shows its platform, read without importing anything (from core's platform table,
 * `environmentSignal`, which the package's own `detect` reads too). No
 * signal: "not detected" (`signalAbsent` says why), and the package is never imported. A signal
 * but no package installed: not available, and the reason (and `getAssertion`'s
 * `CredentialUnavailableError`) says "this looks like {label} ({variable} is set)" and which package
 * to install.
 *
 * @example
 * ```ts
 * const gitlabEntry: BuiltInProvider = { name: "gitlab", load: async () => (await import("@azfed/gitlab")).gitlab };
 * const terraformSignal = environmentSignal("terraform"); // core's platform table, from @azfed/core/provider
 * const terraformEntry: BuiltInProvider = {
 *   name: "terraform",
 *   label: "HCP Terraform",
 *   load: async () => (await optionalPackage("@azfed/terraform", () => import("@azfed/terraform"))).terraform,
 *   signal: terraformSignal.find,
 *   signalAbsent: terraformSignal.absent,
 * };
 * ```
 */
export interface BuiltInProvider {
  readonly name: string;
  readonly load: () => Promise<(options: ProviderOptions) => AssertionProvider>;
  /** How people name the platform, for messages (e.g. "HCP Terraform"). Default: `name`. */
  readonly label?: string | undefined;
  /**
   * The environment variable whose presence shows this platform (its name, never its value), or
   * `undefined` when none is set. Checked before the package is imported; given the shared `env`
   * option when there is one, else what `detect` is given.
   */
  readonly signal?: ((env: NodeJS.ProcessEnv) => string | undefined) | undefined;
  /** `detect`'s reason when `signal` finds nothing, e.g. "TFC_WORKLOAD_IDENTITY_TOKEN is not set". */
  readonly signalAbsent?: string | undefined;
}

/**
 * An {@link AssertionProvider} that imports its package at its first `detect`, `getAssertion` or
 * `tokenRequestRoute` and hands each call to the provider it creates with `options`. Its
 * `defaultAudience` is the loaded provider's (the default exchange audience until it is loaded;
 * `DefaultFederatedCredential` and `FederatedTokenCredential` detect before they ask). With a
 * {@link BuiltInProvider.signal}, `detect` imports nothing when the signal is absent, and a missing
 * optional package is reported as "this looks like ..., install ...".
 *
 * @example
 * ```ts
 * const provider = lazyProvider({ name: "gitlab", load: async () => (await import("@azfed/gitlab")).gitlab }, {});
 * await provider.detect?.(process.env); // imports @azfed/gitlab now
 * ```
 */
export function lazyProvider(entry: BuiltInProvider, options: ProviderOptions): AssertionProvider {
  let loading: Promise<AssertionProvider> | undefined;
  let loaded: AssertionProvider | undefined;
  const provider = (): Promise<AssertionProvider> => {
    loading ??= entry.load().then(
      (create) => {
        loaded = create(options);
        return loaded;
      },
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
  const signalled = (env: NodeJS.ProcessEnv): string | undefined => entry.signal?.(options.env ?? env);
  /** Why a provider whose signal is set cannot be used: its optional package is missing. */
  const notInstalled = (variable: string, missing: OptionalPackageMissingError): string =>
    `this looks like ${entry.label ?? entry.name} (${variable} is set), but ${missing.packageName} is not installed: npm install ${missing.packageName} next to @azfed/identity`;
  return {
    name: entry.name,
    detect: async (env): Promise<Detection> => {
      const variable = signalled(env);
      if (entry.signal && variable === undefined) {
        return { available: false, reason: entry.signalAbsent ?? `no sign of ${entry.label ?? entry.name}` };
      }
      let real: AssertionProvider;
      try {
        real = await provider();
      } catch (error) {
        if (!(error instanceof OptionalPackageMissingError)) throw error;
        return { available: false, reason: variable ? notInstalled(variable, error) : error.message };
      }
      return real.detect
        ? real.detect(env)
        : { available: true, reason: `${entry.name} has no detect(); assumed present` };
    },
    getAssertion: async (context) => {
      try {
        return await (await provider()).getAssertion(context);
      } catch (error) {
        const variable = signalled(process.env);
        if (!(error instanceof OptionalPackageMissingError) || !variable) throw error;
        throw new CredentialUnavailableError(notInstalled(variable, error));
      }
    },
    tokenRequestRoute: async () => (await provider()).tokenRequestRoute?.(),
    defaultAudience: (cloud) => loaded?.defaultAudience?.(cloud) ?? DEFAULT_EXCHANGE_AUDIENCE,
  };
}
