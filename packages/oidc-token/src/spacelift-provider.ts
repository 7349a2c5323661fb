import { type AssertionProvider, DEFAULT_EXCHANGE_AUDIENCE } from "@azfed/core";
import { checkProviderOptions, environmentSignal, providerEnvironment } from "@azfed/core/provider";
import { SPACELIFT_ENV, SPACELIFT_TOKEN_FILE } from "./spacelift-environment";
import { type TokenProviderOptions, tokenProvider } from "./token-provider";
import { describeSource, type OidcTokenSource, requireTokenSource } from "./token-source";

/**
 * Options of {@link spacelift}.
 *
 * @example
 * ```ts
 * const options: SpaceliftOptions = { file: "/app/spacelift.oidc" }; // Spacelift Intent's path
 * ```
 */
export interface SpaceliftOptions extends TokenProviderOptions {
  /**
   * The token file read when `SPACELIFT_OIDC_TOKEN` is unset. Default `/mnt/workspace/spacelift.oidc`.
   */
  readonly file?: string | undefined;
}

/**
 * The Spacelift provider: the run's OIDC token from `SPACELIFT_OIDC_TOKEN`, else from
 * `/mnt/workspace/spacelift.oidc`, read again at every exchange. The token is valid for one hour
 * from the start of the run and cannot be refreshed: an expired one is refused with an error saying
 * so. Its audience is the account's host, fixed by Spacelift: `defaultAudience` answers
 * `TF_VAR_spacelift_account_name` (that host) when the run sets it, so the credential's federated
 * identity credentials need the account host as audience ({@link spaceliftFederatedCredential}).
 *
 * `DefaultFederatedCredential` detects it when `SPACELIFT_OIDC_TOKEN` or `TF_VAR_spacelift_run_id` is
 * set: only Spacelift sets them, and only in its runs (core's platform table).
 *
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/core";
 * import { spacelift } from "@azfed/oidc-token";
 *
 * // The stack's environment: AZURE_CLIENT_ID and AZURE_TENANT_ID.
 * const credential = new FederatedTokenCredential({ assertion: spacelift() });
 * ```
 */
export function spacelift(options: SpaceliftOptions = {}): AssertionProvider {
  checkProviderOptions(options);
  const file = requireTokenSource({ variable: "variable", file: "file" }, { file: options.file }) ?? {
    file: SPACELIFT_TOKEN_FILE,
  };
  const sources = [{ variable: SPACELIFT_ENV.token }, file] as const;
  const provider = tokenProvider({
    name: "spacelift",
    options,
    sources: () => sources,
    writer: {
      writer: "Spacelift",
      whenMissing: `Spacelift gives every run of a paid account its OIDC token in ${SPACELIFT_ENV.token} and ${SPACELIFT_TOKEN_FILE}; check that the code runs inside a Spacelift run (a hook or the run's tool)`,
      whenExpired:
        "the token is valid for one hour from the start of the run; exchange it early in the run (FederatedTokenCredential caches the access token), or split the run",
    },
    absent: (env) =>
      env[SPACELIFT_ENV.runId]
        ? `this is Spacelift run ${env[SPACELIFT_ENV.runId]}, but neither the ${describeSource(sources[0])} nor the ${describeSource(file)} holds an OIDC token: Spacelift gives one to runs of paid accounts`
        : notARun(file),
  });
  return {
    ...provider,
    defaultAudience: () => accountHost(providerEnvironment(options)) ?? DEFAULT_EXCHANGE_AUDIENCE,
  };
}

/**
 * Why this is not a Spacelift run, in the words of core's platform table (which `@azfed/identity`'s
 * detection reads too); a file other than Spacelift's own is named as well.
 */
function notARun(file: OidcTokenSource): string {
  const { absent } = environmentSignal("spacelift");
  return file.file === SPACELIFT_TOKEN_FILE
    ? absent
    : `${absent}, and the ${describeSource(file)} does not exist`;
}

/** `TF_VAR_spacelift_account_name` when it is a host name (`{account}.app.spacelift.io`; a test issuer's has a port). */
function accountHost(env: NodeJS.ProcessEnv): string | undefined {
  const host = env[SPACELIFT_ENV.accountHost];
  return host && host.length <= 253 && /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d{1,5})?$/i.test(host)
    ? host
    : undefined;
}
