import { type AssertionProvider, InvalidInputError } from "@azfed/core";
import { checkProviderOptions } from "@azfed/core/provider";
import {
  OIDC_TOKEN_ENV,
  sourceFromEnvironment,
  type TokenProviderOptions,
  tokenProvider,
} from "./token-provider";
import { describeSource, requireTokenSource } from "./token-source";

/**
 * Options of {@link oidcToken}: exactly one place, or none to read the place from
 * `AZFED_OIDC_TOKEN_FILE` / `AZFED_OIDC_TOKEN_VARIABLE` at each call.
 *
 * @example
 * ```ts
 * const options: OidcTokenOptions = { file: "/run/secrets/oidc-token", writer: "the deploy agent" };
 * ```
 */
export interface OidcTokenOptions extends TokenProviderOptions {
  /** The path of a file holding the token, read again at every exchange. */
  readonly file?: string | undefined;
  /** The name of the environment variable holding the token (not the token itself). */
  readonly variable?: string | undefined;
  /** The provider's name in messages and logs. Default `oidc-token`. */
  readonly name?: string | undefined;
  /**
   * Who writes the token, for messages ("the deploy agent"): an expired token's error says that it
   * writes the token and azfed cannot refresh it. Default "the process that provides the token".
   */
  readonly writer?: string | undefined;
}

const DEFAULT_NAME = "oidc-token";
const PROVIDER_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * The generic provider: a token something else put in an environment variable or a file (a CI
 * system's credential binding, a sidecar, a secret mount). Every `getAssertion` reads the place
 * again (a file through core's bounded reader: no FIFO, at most 64 KiB), checks the token is a JWT
 * and has not expired, and presents it as it is: its audience is the one its writer asked for, so
 * the federated credential must name that audience. An unset variable or a missing file is a
 * `CredentialUnavailableError`; an empty place, something not a JWT or an expired token an
 * {@link OidcTokenError} naming the place and its writer, never the token.
 *
 * Given neither `file` nor `variable`, it reads `AZFED_OIDC_TOKEN_FILE` (a path) or
 * `AZFED_OIDC_TOKEN_VARIABLE` (a variable's name) at each call: that is how
 * `DefaultFederatedCredential` uses it (`AZFED_PROVIDER=oidc-token`). It is never detected: a
 * variable or a file says nothing about which platform wrote it.
 *
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/core";
 * import { oidcToken } from "@azfed/oidc-token";
 *
 * const credential = new FederatedTokenCredential({
 *   assertion: oidcToken({ file: "/run/secrets/oidc-token", writer: "the deploy agent" }),
 * });
 * ```
 */
export function oidcToken(options: OidcTokenOptions = {}): AssertionProvider {
  checkProviderOptions(options);
  const source = requireTokenSource({ variable: "variable", file: "file" }, options);
  const name = options.name ?? DEFAULT_NAME;
  if (typeof name !== "string" || !PROVIDER_NAME.test(name)) {
    throw new InvalidInputError({
      field: "name",
      value: name,
      expected: "a lower-case provider name (letters, digits and -, at most 63 characters)",
      fix: 'pass a name such as "my-platform", or leave name out',
    });
  }
  const writer = options.writer ?? "the process that provides the token";
  return tokenProvider({
    name,
    options,
    sources: (env) => (source ? [source] : sourceFromEnvironment(env)),
    writer: {
      writer,
      whenMissing: `check that it ran before this process and that ${source ? describeSource(source) : `${OIDC_TOKEN_ENV.file} or ${OIDC_TOKEN_ENV.variable}`} names the place it writes`,
      whenExpired:
        "ask it for a new token (or have it write one) before each exchange, or lengthen the token's lifetime where it is issued",
    },
    absent: (_env, tried) => `the ${tried.map(describeSource).join(" and the ")} holds no token`,
  });
}
