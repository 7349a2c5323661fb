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
  tokenAudiences,
} from "@azfed/core/provider";
import { gitlabIssuer } from "./gitlab-issuer";
import { type IdTokenClaims, readIdTokenClaims } from "./id-token-claims";
import { idTokensYaml, idTokensYamlInline } from "./id-tokens-yaml";

/**
 * Options of {@link gitlab}.
 *
 * @example
 * ```ts
 * const options: GitLabOptions = { tokenVariable: "AZURE_ID_TOKEN" };
 * ```
 */
export interface GitLabOptions extends Pick<ProviderOptions, "env"> {
  /**
   * The job variable holding the ID token: the name under `id_tokens:` in `.gitlab-ci.yml`.
   * Default: the one variable whose token was issued by this instance for the requested audience.
   */
  readonly tokenVariable?: string | undefined;
  /**
   * The instance whose ID token is preferred when several variables hold one for the requested
   * audience. Default `CI_SERVER_URL`. A token whose `iss` differs (`ci_id_tokens.issuer_url`) is
   * still used when it is the only one with the audience.
   */
  readonly instanceUrl?: string | undefined;
  /**
   * The current time in epoch milliseconds, against which the ID token's `exp` is checked. Default
   * `Date.now`. Tests pass their own to see a token expire without waiting.
   *
   * @example
   * ```ts
   * let now = Date.now();
   * const provider = gitlab({ clock: () => now });
   * now += 3_600_000; // an hour later: the job's ID token has expired and is not presented
   * ```
   */
  readonly clock?: Clock | undefined;
}

/** The variable GitLab 17.0 removed; still accepted, with a warning. */
const LEGACY_JWT_VARIABLE = "CI_JOB_JWT_V2";
const LEGACY_VARIABLES = new Set(["CI_JOB_JWT", "CI_JOB_JWT_V1", LEGACY_JWT_VARIABLE]);
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PROVIDER = "gitlab";
const GITLAB_SIGNAL = environmentSignal("gitlab");

/**
 * The GitLab CI assertion provider. A GitLab job gets its ID tokens from the `id_tokens:` keyword
 * as variables, so no request is made: the provider reads the variable named by `tokenVariable`,
 * or else the single variable whose JWT has the requested audience, whatever its issuer (an instance
 * can set `ci_id_tokens.issuer_url`, so `iss` may differ from `CI_SERVER_URL`; the variable used is
 * logged, and `CI_SERVER_URL` only breaks a tie). Several matches are an error naming the variables (never their values);
 * none is a `CredentialUnavailableError` showing the YAML to add. `CI_JOB_JWT_V2` is accepted
 * with a warning (GitLab 17.0 removed it). A token past its `exp` is never presented.
 *
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/core";
 * import { gitlab } from "@azfed/gitlab";
 *
 * // .gitlab-ci.yml: id_tokens: { AZURE_ID_TOKEN: { aud: api://AzureADTokenExchange } }
 * const credential = new FederatedTokenCredential({ assertion: gitlab() });
 * ```
 */
export function gitlab(options: GitLabOptions = {}): AssertionProvider {
  checkProviderOptions(options);
  const tokenVariable = options.tokenVariable;
  if (
    tokenVariable !== undefined &&
    (typeof tokenVariable !== "string" || !VARIABLE_NAME.test(tokenVariable))
  ) {
    throw new InvalidInputError({
      field: "tokenVariable",
      value: tokenVariable,
      expected: "the name of a job variable (letters, digits and _), as written under id_tokens:",
      fix: 'pass the name without "$", e.g. "AZURE_ID_TOKEN"',
    });
  }
  const instanceUrl =
    options.instanceUrl === undefined ? undefined : gitlabIssuer({ instanceUrl: options.instanceUrl });
  const clock = requireClock("clock", options.clock);

  return {
    name: PROVIDER,
    detect(env?: NodeJS.ProcessEnv): Detection {
      return detectGitLab(providerEnvironment(options, env), tokenVariable);
    },
    async getAssertion(context: AssertionContext): Promise<string> {
      context.signal?.throwIfAborted();
      const env = providerEnvironment(options);
      const audience = offeredAudience(env, tokenVariable, context);
      const found =
        tokenVariable !== undefined
          ? readNamedToken(env, tokenVariable)
          : findIdToken(env, audience, instanceUrl);
      return presentable(found, audience, clock(), env);
    },
  };
}

/**
 * The audience to present: the one asked for, or, when the user chose none and no ID token of the
 * job has it, the cloud's other convention if a token has that one. The job's `id_tokens` fix the
 * audience, so azfed picks among them and says which, never guesses silently.
 */
function offeredAudience(
  env: NodeJS.ProcessEnv,
  tokenVariable: string | undefined,
  context: AssertionContext,
): string {
  const { audience, alternateAudience } = context;
  if (alternateAudience === undefined || !onGitLab(env)) return audience;
  const candidates =
    tokenVariable !== undefined
      ? [readIdTokenClaims(env[tokenVariable] ?? "")?.aud ?? []]
      : idTokenVariables(env).map((candidate) => candidate.claims.aud);
  if (candidates.some((aud) => aud.includes(audience))) return audience;
  if (!candidates.some((aud) => aud.includes(alternateAudience))) return audience;
  logger.info(
    `${PROVIDER}: no ID token of this job is for ${audience}; presenting the one for ${alternateAudience}, the cloud's other audience convention (fixed by id_tokens: in .gitlab-ci.yml). The federated credential must name ${alternateAudience}.`,
  );
  return alternateAudience;
}

interface FoundToken {
  readonly variable: string;
  readonly token: string;
  readonly claims: IdTokenClaims;
}

function detectGitLab(env: NodeJS.ProcessEnv, tokenVariable: string | undefined): Detection {
  if (tokenVariable !== undefined) {
    if (env[tokenVariable]) return { available: true, reason: `${tokenVariable} is set` };
    return {
      available: false,
      reason: onGitLab(env)
        ? `${tokenVariable} is not set: add ${idTokensYamlInline(tokenVariable)} to the job in .gitlab-ci.yml`
        : `GITLAB_CI is not "true" and ${tokenVariable} is not set: this is not a GitLab CI job with that ID token`,
    };
  }
  if (!onGitLab(env)) return { available: false, reason: GITLAB_SIGNAL.absent };
  const variables = idTokenVariables(env).map((candidate) => candidate.variable);
  if (variables.length > 0)
    return { available: true, reason: `ID token variable(s) ${variables.join(", ")} set` };
  if (env[LEGACY_JWT_VARIABLE]) {
    return {
      available: true,
      reason: `only ${LEGACY_JWT_VARIABLE} is set (GitLab 17.0 removed it; use id_tokens:)`,
    };
  }
  return {
    available: false,
    reason: `this GitLab job has no ID token: add ${idTokensYamlInline()} to the job in .gitlab-ci.yml`,
  };
}

/**
 * What core's token-variable reader says about a GitLab ID token in `variable`.
 *
 * @see https://gitlab.com/gitlab-org/gitlab/-/issues/222252 (version: as served; checked 2026-12-07): the
 *   id_token's expiry "is set same as the job timeout (or 5 minutes if there is no timeout)", citing
 *   lib/gitlab/ci/jwt.rb at commit 33ddf71a5ca6e2ad537fa2ef85c72d79736bda5b of gitlab-org/gitlab
 */
function idTokenFacts(env: NodeJS.ProcessEnv, variable: string): TokenFacts {
  return {
    provider: PROVIDER,
    token: "an ID token",
    writer: "GitLab",
    setting: "tokenVariable (the name under id_tokens:, with no other variable of that name overriding it)",
    whenMissing: `${onGitLab(env) ? "" : 'GITLAB_CI is not "true": this may not be a GitLab CI job. '}GitLab exposes an ID token only to jobs that ask for it; add to the job in .gitlab-ci.yml:\n${idTokensYaml(variable)}`,
    whenExpired:
      "GitLab issues ID tokens when the job starts and they live for the job's timeout (5 minutes when none is set). Give the job a longer timeout: in .gitlab-ci.yml, or exchange the token earlier in the job",
    whenOtherAudience: (audience) =>
      `Set aud: ${audience} for ${variable} under id_tokens: in .gitlab-ci.yml, or give the credential the audience your federated credential uses.`,
  };
}

function readNamedToken(env: NodeJS.ProcessEnv, variable: string): FoundToken {
  const found = readTokenVariable(variable, env, idTokenFacts(env, variable));
  if (LEGACY_VARIABLES.has(variable)) warnLegacy(variable);
  return { ...found, claims: { ...found.claims, aud: [...tokenAudiences(found.claims)] } };
}

function findIdToken(env: NodeJS.ProcessEnv, audience: string, instanceUrl?: string): FoundToken {
  if (!onGitLab(env)) {
    throw new CredentialUnavailableError(`${PROVIDER}: ${GITLAB_SIGNAL.absent}`);
  }
  const instance = instanceOf(env, instanceUrl);
  // An instance can set its ID tokens' iss (ci_id_tokens.issuer_url in gitlab.yml), so iss may differ
  // from CI_SERVER_URL: the token is chosen by its audience, and the instance only breaks a tie.
  // @see https://gitlab.com/gitlab-org/gitlab/-/blob/master/config/initializers/1_settings.rb
  const tokens = idTokenVariables(env);
  const forAudience = tokens.filter((candidate) => candidate.claims.aud.includes(audience));
  const fromInstance = forAudience.filter(
    (candidate) => withoutTrailingSlash(candidate.claims.iss) === instance,
  );
  const chosen = forAudience.length === 1 ? forAudience : fromInstance;
  if (chosen.length === 1) return announce(chosen[0] as FoundToken, instance);
  if (forAudience.length > 1) {
    const names = forAudience.map((candidate) => candidate.variable);
    throw new InvalidInputError({
      field: "tokenVariable",
      value: undefined,
      expected: `the variable to use: ${names.length} job variables hold an ID token for ${audience} (${names.join(", ")})`,
      fix: `pass gitlab({ tokenVariable: "${names[0]}" }) with the one meant for Azure`,
    });
  }
  const legacy = env[LEGACY_JWT_VARIABLE];
  if (legacy) {
    const claims = readIdTokenClaims(legacy);
    if (claims?.aud.includes(audience)) {
      warnLegacy(LEGACY_JWT_VARIABLE);
      return { variable: LEGACY_JWT_VARIABLE, token: legacy, claims };
    }
  }
  const otherAudiences = tokens.map(
    (candidate) => `${candidate.variable} (aud ${candidate.claims.aud.join(", ") || "none"})`,
  );
  throw new CredentialUnavailableError(
    otherAudiences.length > 0
      ? `${PROVIDER}: no ID token in this job has the audience ${audience}; found ${otherAudiences.join("; ")}. Set aud: ${audience} under id_tokens: in .gitlab-ci.yml, or give the credential the audience your federated credential uses (audience option of FederatedTokenCredential).`
      : `${PROVIDER}: this GitLab job has no ID token${instance ? ` from ${instance}` : ""}. GitLab exposes one only to jobs that ask for it; add to the job in .gitlab-ci.yml:\n${idTokensYaml("AZURE_ID_TOKEN", audience)}`,
  );
}

/** Says which variable is used, and when its issuer is not CI_SERVER_URL, that the FIC needs the token's. */
function announce(found: FoundToken, instance: string | undefined): FoundToken {
  const issuer = withoutTrailingSlash(found.claims.iss);
  if (instance !== undefined && issuer !== instance) {
    logger.info(
      `${PROVIDER}: using the ID token in ${found.variable}, issued by ${issuer}, not by CI_SERVER_URL ${instance} (the instance sets ci_id_tokens.issuer_url): the federated credential's issuer must be ${issuer}`,
    );
  } else {
    logger.verbose(`${PROVIDER}: using the ID token in ${found.variable} (issuer ${issuer})`);
  }
  return found;
}

function presentable(found: FoundToken, audience: string, nowMs: number, env: NodeJS.ProcessEnv): string {
  const check = { nowMs, expected: { audience }, audience: "require" } as const;
  return presentTokenVariable(found, check, idTokenFacts(env, found.variable));
}

/** Every job variable holding a JWT with iss and aud, whatever its issuer (legacy variables aside). */
function idTokenVariables(env: NodeJS.ProcessEnv): FoundToken[] {
  const found: FoundToken[] = [];
  for (const [variable, token] of Object.entries(env)) {
    if (!token || LEGACY_VARIABLES.has(variable)) continue;
    const claims = readIdTokenClaims(token);
    if (claims) found.push({ variable, token, claims });
  }
  return found.sort((a, b) => a.variable.localeCompare(b.variable));
}

/** Whether `env` is a GitLab CI job's (GITLAB_CI is "true"; core's platform table owns the name). */
function onGitLab(env: NodeJS.ProcessEnv): boolean {
  return GITLAB_SIGNAL.find(env) !== undefined;
}

function instanceOf(env: NodeJS.ProcessEnv, instanceUrl: string | undefined): string | undefined {
  const url = instanceUrl ?? env.CI_SERVER_URL;
  return url ? withoutTrailingSlash(url) : undefined;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/(?<!\/)\/+$/, "");
}

function warnLegacy(variable: string): void {
  logger.warning(
    `${PROVIDER}: using ${variable}, which GitLab 17.0 removed; switch to id_tokens: with aud: api://AzureADTokenExchange before it disappears from your instance`,
  );
}
