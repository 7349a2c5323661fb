import type { AssertionContext, AssertionProvider, Detection } from "@azfed/core";

/**
 * An {@link AssertionProvider} whose implementation is loaded at its first use (`detect` or
 * `getAssertion`), so naming it costs nothing. `DefaultFederatedCredential`'s built-in providers are
 * lazy: importing `@azfed/identity` loads no provider internals until detection runs.
 *
 * @example
 * ```ts
 * const github = lazyProvider("github-actions", async () => (await import("@azfed/github")).githubActions());
 * github.name; // "github-actions", nothing loaded yet
 * // `known` states, without loading it, what the provider answers synchronously: its default audience.
 * await github.detect?.(process.env); // loads @azfed/github, then asks it
 * ```
 */
export function lazyProvider(
  name: string,
  load: () => Promise<AssertionProvider>,
  known: Pick<AssertionProvider, "defaultAudience"> = {},
): AssertionProvider {
  let loaded: Promise<AssertionProvider> | undefined;
  const provider = (): Promise<AssertionProvider> => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
  return {
    name,
    ...(known.defaultAudience ? { defaultAudience: known.defaultAudience } : {}),
    async getAssertion(ctx: AssertionContext): Promise<string> {
      return (await provider()).getAssertion(ctx);
    },
    async detect(env: NodeJS.ProcessEnv): Promise<Detection> {
      const real = await provider();
      return real.detect
        ? real.detect(env)
        : { available: true, reason: `${name} has no detect(); assumed present` };
    },
  };
}
