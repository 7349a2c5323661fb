import { type AssertionProvider, DEFAULT_EXCHANGE_AUDIENCE, type ProviderOptions } from "@azfed/core";

/**
 * A built-in provider that `DefaultFederatedCredential` knows by name and loads only when it needs
 * it: `load` imports the provider's package (a dynamic `import()`, a `require()` in the CommonJS
 * build) and returns its factory. A heavy provider (one with its own SDK) thus costs nothing to a
 * process that detects or names another one.
 *
 * @example
 * ```ts
 * const entry: BuiltInProvider = { name: "gitlab", load: async () => (await import("@azfed/gitlab")).gitlab };
 * ```
 */
export interface BuiltInProvider {
  readonly name: string;
  readonly load: () => Promise<(options: ProviderOptions) => AssertionProvider>;
}

/**
 * An {@link AssertionProvider} that imports its package at its first `detect`, `getAssertion` or
 * `tokenRequestRoute` and hands each call to the provider it creates with `options`. Its
 * `defaultAudience` is the loaded provider's (the default exchange audience until it is loaded;
 * `DefaultFederatedCredential` and `FederatedTokenCredential` detect before they ask).
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
  return {
    name: entry.name,
    detect: async (env) => {
      const real = await provider();
      return real.detect
        ? real.detect(env)
        : { available: true, reason: `${entry.name} has no detect(); assumed present` };
    },
    getAssertion: async (context) => (await provider()).getAssertion(context),
    tokenRequestRoute: async () => (await provider()).tokenRequestRoute?.(),
    defaultAudience: (cloud) => loaded?.defaultAudience?.(cloud) ?? DEFAULT_EXCHANGE_AUDIENCE,
  };
}
