import {
  type AssertionProvider,
  CredentialUnavailableError,
  type Detection,
  type ProviderOptions,
} from "@azfed/core";
import { type EnvironmentSignal, environmentSignal, providerEnvironment } from "@azfed/core/provider";

/**
 * A CI platform whose OIDC tokens Entra cannot match: recognised from its environment, so that
 * `DefaultFederatedCredential` and `azfed doctor` say why and what to do instead. Its provider is
 * never available, and its `getAssertion` throws that explanation.
 */
interface UnmatchablePlatform {
  readonly name: string;
  readonly label: string;
  /** The variables that show the platform, and why not when none is set (core's platform table). */
  readonly signal: EnvironmentSignal;
  readonly explanation: string;
}

/**
 * Bitbucket Pipelines (recognised by `BITBUCKET_BUILD_NUMBER` or `BITBUCKET_STEP_OIDC_TOKEN`, see
 * core's `bitbucket-pipelines-platform.ts`): the token's `sub` ends with the step's UUID.
 *
 * @see https://github.com/gravitational/teleport/pull/48724 (version: as served; checked 2026-12-07:
 *   Atlassian's sample `sub` of three braced UUIDs, the last the `stepUuid`)
 */
const BITBUCKET_PIPELINES: UnmatchablePlatform = {
  name: "bitbucket-pipelines",
  label: "Bitbucket Pipelines",
  signal: environmentSignal("bitbucket-pipelines"),
  explanation:
    "its OIDC token's sub ends with the step's UUID ({repository uuid}:…:{step uuid}), new for every run, so no fixed federated credential matches twice, and Entra has no flexible credential for Bitbucket's issuer. Instead: a self-hosted runner in Azure with a managed identity (AZFED_PROVIDER=managed-identity), a broker you run that checks the token's repositoryUuid, or a client secret or certificate in a secured variable",
};

/**
 * CircleCI (recognised by `CIRCLECI=true`, `CIRCLE_OIDC_TOKEN` or `CIRCLE_OIDC_TOKEN_V2`, see core's
 * `circleci-platform.ts`): the job's OIDC tokens' `sub` names the user who triggered the job.
 *
 * @see https://github.com/circleci/circleci-docs/blob/main/docs/guides/modules/permissions-authentication/pages/openid-connect-tokens.adoc
 *   (version: commit 3b3f26e0b5cf8e7cea670440a6b8c8dc13b9710b of circleci/circleci-docs; checked
 *   2026-12-07: `$CIRCLE_OIDC_TOKEN`, `$CIRCLE_OIDC_TOKEN_V2`, sub `org/<organization_id>/project/<project_id>/user/<user_id>`)
 * @see https://github.com/circleci/circleci-docs/blob/main/docs/reference/modules/ROOT/pages/variables.adoc
 *   (version: commit c1ab267ad1e6885c0e6e638320b88d7530df8171 of circleci/circleci-docs; checked
 *   2026-12-07: `CIRCLECI` "`true` (represents whether the current environment is a CircleCI environment)")
 */
const CIRCLECI: UnmatchablePlatform = {
  name: "circleci",
  label: "CircleCI",
  signal: environmentSignal("circleci"),
  explanation:
    "its OIDC token's sub names the user who triggered the job (org/{org id}/project/{project id}/user/{user id}), so a fixed federated credential matches only that one person's runs; CircleCI lets a job change aud only, and Entra has no flexible credential for CircleCI's issuer. Instead: a self-hosted runner in Azure with a managed identity (AZFED_PROVIDER=managed-identity), a broker you run that checks the token's project and vcs claims, or a client secret or certificate in a restricted context",
};

/**
 * The CI platforms `DefaultFederatedCredential` recognises only to say that Entra cannot match their
 * tokens, by provider name.
 */
const UNMATCHABLE_PLATFORMS = {
  "bitbucket-pipelines": BITBUCKET_PIPELINES,
  circleci: CIRCLECI,
} as const;

/**
 * The names of those platforms' providers, in the order detection asks them.
 *
 * @example
 * ```ts
 * UNMATCHABLE_PLATFORM_NAMES; // ["bitbucket-pipelines", "circleci"]
 * ```
 */
export const UNMATCHABLE_PLATFORM_NAMES = ["bitbucket-pipelines", "circleci"] as const;

/**
 * The provider of a platform whose tokens Entra cannot match (`bitbucket-pipelines`, `circleci`):
 * `detect` recognises the platform and answers "not available" with why Entra cannot match its
 * tokens and what to do instead; `getAssertion` throws that as a `CredentialUnavailableError`. None
 * pretends to work.
 *
 * @example
 * ```ts
 * unmatchablePlatformProvider("bitbucket-pipelines", {}).detect?.({ BITBUCKET_BUILD_NUMBER: "7" });
 * // { available: false, reason: "this is Bitbucket Pipelines (BITBUCKET_BUILD_NUMBER is set), but Entra cannot match it: …" }
 * ```
 */
export function unmatchablePlatformProvider(
  name: (typeof UNMATCHABLE_PLATFORM_NAMES)[number],
  options: ProviderOptions,
): AssertionProvider {
  const platform = UNMATCHABLE_PLATFORMS[name];
  const reason = (env: NodeJS.ProcessEnv): string => {
    const variable = platform.signal.find(env);
    return variable === undefined
      ? platform.signal.absent
      : `this is ${platform.label} (${variable} is set), but Entra cannot match it: ${platform.explanation}`;
  };
  return {
    name: platform.name,
    detect: (env): Detection => ({ available: false, reason: reason(providerEnvironment(options, env)) }),
    getAssertion: async () => {
      throw new CredentialUnavailableError(`${platform.name}: ${reason(providerEnvironment(options))}`);
    },
  };
}
