import { existsSync } from "node:fs";
import {
  type AssertionContext,
  type AssertionProvider,
  CredentialUnavailableError,
  type Detection,
  InvalidInputError,
  type ProviderOptions,
} from "@azfed/core";
import { type Clock, providerEnvironment, requireClock, TokenFile } from "@azfed/core/provider";
import {
  describeSource,
  type OidcTokenSource,
  readToken,
  sourcePresent,
  type TokenWriter,
  tokenFacts,
} from "./token-source";

/**
 * The options every provider of this package takes: where variables are read, and the clock a
 * token's `exp` is checked against.
 *
 * @example
 * ```ts
 * let now = Date.now();
 * const options: TokenProviderOptions = { env: { OIDC_TOKEN: jwt }, clock: () => now };
 * ```
 */
export interface TokenProviderOptions extends Pick<ProviderOptions, "env"> {
  /**
   * The current time in epoch milliseconds, against which the token's `exp` is checked. Default
   * `Date.now`. Tests pass their own to see a token expire without waiting.
   */
  readonly clock?: Clock | undefined;
}

/** The variables that name the token's place when the options do not (`AZFED_PROVIDER=oidc-token` or `jenkins`). */
export const OIDC_TOKEN_ENV = {
  /** The path of a file holding the token. */
  file: "AZFED_OIDC_TOKEN_FILE",
  /** The name of the variable holding the token (not the token itself). */
  variable: "AZFED_OIDC_TOKEN_VARIABLE",
} as const;

/** What one of this package's providers is: its name, where it looks, what it says. */
export interface TokenProviderSpec {
  readonly name: string;
  readonly options: TokenProviderOptions;
  /**
   * The places to try in order at this moment (the first that holds something is read), or a reason
   * there is none to try.
   */
  readonly sources: (env: NodeJS.ProcessEnv) => readonly OidcTokenSource[] | { readonly unavailable: string };
  readonly writer: TokenWriter;
  /** A sentence about the environment when none of `tried` holds a token (for `detect`). */
  readonly absent: (env: NodeJS.ProcessEnv, tried: readonly OidcTokenSource[]) => string;
}

/**
 * The provider of a token that something else put in a variable or a file: every `getAssertion`
 * reads the first place that holds one again (a rewritten file is seen at once), checks it is a JWT
 * and not expired, and presents it; `detect` answers from the variables and one `existsSync`.
 */
export function tokenProvider(spec: TokenProviderSpec): AssertionProvider {
  const clock = requireClock("clock", spec.options.clock);
  const facts = tokenFacts(spec.name, spec.writer);
  const file = new TokenFile(facts, clock);
  return {
    name: spec.name,
    detect(env?: NodeJS.ProcessEnv): Detection {
      const resolved = providerEnvironment(spec.options, env);
      let sources: ReturnType<TokenProviderSpec["sources"]>;
      try {
        sources = spec.sources(resolved);
      } catch (error) {
        return { available: false, reason: error instanceof Error ? error.message : String(error) };
      }
      if (!Array.isArray(sources)) {
        return { available: false, reason: (sources as { unavailable: string }).unavailable };
      }
      const present = sources.find((source) => safePresent(source, resolved));
      return present
        ? { available: true, reason: `the ${describeSource(present)} holds a token` }
        : { available: false, reason: spec.absent(resolved, sources as readonly OidcTokenSource[]) };
    },
    async getAssertion(context: AssertionContext): Promise<string> {
      context.signal?.throwIfAborted();
      const env = providerEnvironment(spec.options);
      const sources = spec.sources(env);
      if (!Array.isArray(sources)) {
        throw new CredentialUnavailableError(
          `${spec.name}: ${(sources as { unavailable: string }).unavailable}`,
        );
      }
      let unavailable: CredentialUnavailableError | undefined;
      for (const source of sources as readonly OidcTokenSource[]) {
        try {
          return await readToken(source, { facts, file, env, now: clock(), context });
        } catch (error) {
          if (!(error instanceof CredentialUnavailableError)) throw error;
          unavailable ??= error;
        }
      }
      throw unavailable ?? new CredentialUnavailableError(`${spec.name}: ${spec.absent(env, sources)}`);
    },
  };
}

function safePresent(source: OidcTokenSource, env: NodeJS.ProcessEnv): boolean {
  try {
    return sourcePresent(source, env, existsSync);
  } catch {
    return false;
  }
}

/**
 * The place `AZFED_OIDC_TOKEN_FILE` or `AZFED_OIDC_TOKEN_VARIABLE` names, for a provider given
 * none: one of them, or why not.
 */
export function sourceFromEnvironment(
  env: NodeJS.ProcessEnv,
): readonly OidcTokenSource[] | { readonly unavailable: string } {
  const file = env[OIDC_TOKEN_ENV.file] || undefined;
  const variable = env[OIDC_TOKEN_ENV.variable] || undefined;
  if (file !== undefined && variable !== undefined) {
    return {
      unavailable: `both ${OIDC_TOKEN_ENV.file} and ${OIDC_TOKEN_ENV.variable} are set; set one: the token's file or the name of the variable holding it`,
    };
  }
  if (variable !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
    throw new InvalidInputError({
      field: OIDC_TOKEN_ENV.variable,
      value: variable,
      expected: "the NAME of the variable holding the token (letters, digits and _), not the token",
      fix: `set ${OIDC_TOKEN_ENV.variable}=OIDC_TOKEN when the token is in $OIDC_TOKEN`,
    });
  }
  if (file !== undefined) return [{ file }];
  if (variable !== undefined) return [{ variable }];
  return {
    unavailable: `neither ${OIDC_TOKEN_ENV.file} nor ${OIDC_TOKEN_ENV.variable} is set: set ${OIDC_TOKEN_ENV.file} to the token file's path, or ${OIDC_TOKEN_ENV.variable} to the name of the variable holding the token`,
  };
}
