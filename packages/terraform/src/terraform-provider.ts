import {
  type AssertionContext,
  type AssertionProvider,
  CredentialUnavailableError,
  type Detection,
  InvalidInputError,
  type ProviderOptions,
} from "@azfed/core";
import {
  type Clock,
  checkProviderOptions,
  environmentSignal,
  logger,
  presentTokenVariable,
  providerEnvironment,
  readTokenVariable,
  requireClock,
  type TokenFacts,
  type TokenVariable,
  tokenAudiences,
} from "@azfed/core/provider";
import {
  TERRAFORM_AUDIENCE_VARIABLE,
  TERRAFORM_TOKEN_VARIABLE,
  terraformTokenVariable,
  terraformTokenVariables,
} from "./terraform-token-variable";

/**
 * Options of {@link terraform}.
 *
 * @example
 * ```ts
 * const options: TerraformOptions = { tag: "AZURE" }; // reads TFC_WORKLOAD_IDENTITY_TOKEN_AZURE
 * ```
 */
export interface TerraformOptions extends Pick<ProviderOptions, "env"> {
  /**
   * The tag of the workspace variable `TFC_WORKLOAD_IDENTITY_AUDIENCE_<TAG>` that asks for the token
   * meant for Azure: the token is then read from `TFC_WORKLOAD_IDENTITY_TOKEN_<TAG>` only. Default:
   * the one token variable (untagged or tagged) whose token has the exchange audience.
   */
  readonly tag?: string | undefined;
  /**
   * The current time in epoch milliseconds, against which the token's `exp` is checked. Default
   * `Date.now`.
   *
   * @example
   * ```ts
   * let now = Date.now();
   * const provider = terraform({ clock: () => now });
   * now += 3 * 3_600_000; // past the run phase's timeout: the token has expired
   * ```
   */
  readonly clock?: Clock | undefined;
}

const PROVIDER = "terraform";
/** The token variables that show a run: core's platform table owns them and the sentence when none is set. */
const TERRAFORM_SIGNAL = environmentSignal("terraform");

/**
 * How long HCP Terraform's tokens live, for the expiry message: a workspace run's token until its
 * plan or apply times out; a module test run's for the organization's `module_test_token_ttl`.
 *
 * @see https://github.com/hashicorp/web-unified-docs/blob/main/content/terraform-docs-common/docs/cloud-docs/dynamic-provider-credentials/workload-identity-tokens.mdx
 *   (version: commit 3354758ba55db6681891fca77a947061cac1bc66 of hashicorp/web-unified-docs; checked
 *   2026-12-07: `exp` "based on the timeout of the run phase that it was issued for"; module test
 *   tokens: "Default TTL: 10 minutes (600 seconds)", "Valid range: 5 to 30 minutes")
 */
const LIFETIME_ADVICE =
  "a workspace run's token lives until the run phase's timeout (the plan and apply timeouts of the organization, or of the Terraform Enterprise site admin), a module test run's for the organization's module_test_token_ttl (600 s by default, 300 to 1800 s). Exchange the token early in the run (an access token is cached until it expires), keep the work that needs Azure inside one plan or apply, or raise module_test_token_ttl (Organizations API) for long module tests";

/**
 * The HCP Terraform (and Terraform Enterprise) assertion provider: reads the workload identity token
 * HCP Terraform injects into each plan and apply (`TFC_WORKLOAD_IDENTITY_TOKEN`, or
 * `TFC_WORKLOAD_IDENTITY_TOKEN_<TAG>` with `tag`), present when the workspace sets
 * `TFC_WORKLOAD_IDENTITY_AUDIENCE` (`_<TAG>`) to the exchange audience. No request is made. Without
 * `tag`, the one token variable whose token has the exchange audience is used; several are an
 * `InvalidInputError` asking for `tag`. The token cannot be refreshed: an expired one is never
 * presented, and the error says how long tokens live and what to do.
 *
 * `DefaultFederatedCredential` (`@azfed/identity`) detects it when a token variable is set (only HCP
 * Terraform sets them), and imports this package only then.
 *
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/core";
 * import { terraform } from "@azfed/terraform";
 *
 * // workspace variable (category env): TFC_WORKLOAD_IDENTITY_AUDIENCE=api://AzureADTokenExchange
 * const credential = new FederatedTokenCredential({ assertion: terraform() });
 * ```
 */
export function terraform(options: TerraformOptions = {}): AssertionProvider {
  checkProviderOptions(options);
  const variable = options.tag === undefined ? undefined : terraformTokenVariable(options.tag);
  const clock = requireClock("clock", options.clock);
  return {
    name: PROVIDER,
    detect(env?: NodeJS.ProcessEnv): Detection {
      return detectTerraform(providerEnvironment(options, env), variable);
    },
    async getAssertion(context: AssertionContext): Promise<string> {
      context.signal?.throwIfAborted();
      const found = chooseToken(providerEnvironment(options), variable, context);
      return presentTokenVariable(found, { nowMs: clock() }, TOKEN_FACTS);
    },
  };
}

/** What core's token-variable reader says about HCP Terraform's token. */
const TOKEN_FACTS: TokenFacts = {
  provider: PROVIDER,
  token: "HCP Terraform's workload identity token",
  writer: "HCP Terraform",
  setting:
    "the tag option (or no workspace or agent variable of that name overriding the one HCP Terraform injects)",
  whenMissing: howToGetToken(undefined),
  whenExpired: LIFETIME_ADVICE,
};

function detectTerraform(env: NodeJS.ProcessEnv, variable: string | undefined): Detection {
  if (variable === undefined && TERRAFORM_SIGNAL.find(env) === undefined) {
    return { available: false, reason: TERRAFORM_SIGNAL.absent };
  }
  const present =
    variable === undefined ? terraformTokenVariables(env) : [variable].filter((name) => env[name]);
  if (present.length > 0) return { available: true, reason: `${present.join(", ")} set` };
  return {
    available: false,
    reason: `${variable ?? TERRAFORM_TOKEN_VARIABLE} is not set: ${howToGetToken(variable)}`,
  };
}

function chooseToken(
  env: NodeJS.ProcessEnv,
  variable: string | undefined,
  context: AssertionContext,
): TokenVariable {
  const names =
    variable === undefined ? terraformTokenVariables(env) : [variable].filter((name) => env[name]);
  if (names.length === 0) {
    throw new CredentialUnavailableError(
      `${PROVIDER}: ${variable ?? TERRAFORM_TOKEN_VARIABLE} is not set: ${howToGetToken(variable)}`,
    );
  }
  const tokens = names.map((name) => readTokenVariable(name, env, TOKEN_FACTS));
  for (const audience of [context.audience, context.alternateAudience]) {
    if (audience === undefined) continue;
    const matching = tokens.filter((found) => tokenAudiences(found.claims).includes(audience));
    if (matching.length > 1) {
      throw new InvalidInputError({
        field: "tag",
        value: undefined,
        expected: `the tag of the token to use: ${matching.length} token variables hold a token for ${audience} (${matching.map((found) => found.variable).join(", ")})`,
        fix: `pass terraform({ tag: "<TAG>" }) with the tag of the ${TERRAFORM_AUDIENCE_VARIABLE}_<TAG> meant for Azure`,
      });
    }
    const [chosen] = matching;
    if (chosen === undefined) continue;
    if (audience !== context.audience) {
      logger.info(
        `${PROVIDER}: no token of this run is for ${context.audience}; presenting ${chosen.variable}, for ${audience}, the cloud's other audience convention. The federated credential must name ${audience}.`,
      );
    }
    return chosen;
  }
  const found = tokens.map(
    (token) => `${token.variable} (aud ${tokenAudiences(token.claims).join(", ") || "none"})`,
  );
  throw new CredentialUnavailableError(
    `${PROVIDER}: no workload identity token of this run has the audience ${context.audience}; found ${found.join("; ")}. Set the workspace variable ${audienceVariable(variable)} to ${context.audience}, or give the credential the audience your federated credential uses.`,
  );
}

function audienceVariable(variable: string | undefined): string {
  return variable === undefined
    ? TERRAFORM_AUDIENCE_VARIABLE
    : `${TERRAFORM_AUDIENCE_VARIABLE}${variable.slice(TERRAFORM_TOKEN_VARIABLE.length)}`;
}

function howToGetToken(variable: string | undefined): string {
  return `HCP Terraform injects a workload identity token into a plan or apply only when the workspace (or a variable set) has the environment variable ${audienceVariable(variable)}; set it to api://AzureADTokenExchange (self-hosted agents need v1.7.0 or later, v1.12.0 for a tag)`;
}
