import {
  type AssertionProvider,
  BITBUCKET_PIPELINES_UNMATCHABLE,
  CIRCLECI_UNMATCHABLE,
  CredentialUnavailableError,
  type Detection,
  type EnvironmentSignal,
  environmentSignal,
  type ProviderOptions,
  providerEnvironment,
  signalledPlatformLabel,
} from "@azfed/core/provider";

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
  /** Why Entra cannot match its tokens, and what to do instead (core's platform table). */
  readonly explanation: string;
}

/**
 * Bitbucket Pipelines and CircleCI: their names, the variables that show each (its `environmentSignal`) and why
 * Entra cannot match its tokens are core's platform table's, with their sources
 * (`bitbucket-pipelines-platform.ts`, `circleci-platform.ts`): the validator, the diagnosis and
 * detection say the same words.
 */
const BITBUCKET_PIPELINES: UnmatchablePlatform = {
  name: "bitbucket-pipelines",
  label: signalledPlatformLabel("bitbucket-pipelines"),
  signal: environmentSignal("bitbucket-pipelines"),
  explanation: BITBUCKET_PIPELINES_UNMATCHABLE,
};

const CIRCLECI: UnmatchablePlatform = {
  name: "circleci",
  label: signalledPlatformLabel("circleci"),
  signal: environmentSignal("circleci"),
  explanation: CIRCLECI_UNMATCHABLE,
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
 * // { available: false, reason: "this is Bitbucket Pipelines (BITBUCKET_BUILD_NUMBER is set): Entra cannot match a Bitbucket Pipelines token: …" }
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
      : `this is ${platform.label} (${variable} is set): ${platform.explanation}`;
  };
  return {
    name: platform.name,
    detect: (env): Detection => ({ available: false, reason: reason(providerEnvironment(options, env)) }),
    getAssertion: async () => {
      throw new CredentialUnavailableError(`${platform.name}: ${reason(providerEnvironment(options))}`);
    },
  };
}
