import type { Dispatcher } from "undici";
import type { RetryOptions } from "../http/retry";

/**
 * What every provider factory takes besides its platform's own settings: where it reads its
 * platform's variables, and how its HTTP requests go. `DefaultFederatedCredential` passes its own
 * values of these on to each built-in provider.
 *
 * @example
 * ```ts
 * export interface MyPlatformOptions extends ProviderOptions {
 *   readonly tokenUrl?: string;
 * }
 * const provider = githubActions({ timeoutMs: 10_000, retry: { maxRetries: 2 } });
 * ```
 */
export interface ProviderOptions {
  /**
   * Where the provider reads its platform's variables. Default `process.env`, read at each call.
   * When given, `detect` reads it too, whatever environment it is passed, so the provider detects
   * what it will use (see `providerEnvironment`).
   */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** An undici dispatcher for the provider's HTTP requests (proxy, custom CA). Default: `defaultDispatcher()`. */
  readonly dispatcher?: Dispatcher | undefined;
  /** How the provider's token request is retried (408, 429, 5xx and network errors). */
  readonly retry?: RetryOptions | undefined;
  /** The budget of one token request, retries included. Default 30 s. */
  readonly timeoutMs?: number | undefined;
}

/**
 * The one rule for the environment a provider reads: its `env` option when given, else the
 * environment `detect` was passed, else `process.env` as it is at the call. `getAssertion` calls it
 * without `passed`. Every built-in provider reads its variables through this function, and
 * `@azfed/testing`'s provider environment contract checks the rule for each of them.
 *
 * @example
 * ```ts
 * const provider: AssertionProvider = {
 *   name: "my-platform",
 *   detect: (env) => detectMyPlatform(providerEnvironment(options, env)),
 *   getAssertion: async (ctx) => fetchMyToken(providerEnvironment(options), ctx),
 * };
 * ```
 */
export function providerEnvironment(
  options: Pick<ProviderOptions, "env">,
  passed?: NodeJS.ProcessEnv,
): NodeJS.ProcessEnv {
  return options.env ?? passed ?? process.env;
}
