import {
  type AssertionContext,
  type AssertionProvider,
  CredentialUnavailableError,
  type Detection,
  InvalidInputError,
  type ProviderOptions,
} from "@azfed/core";
import {
  checkProviderOptions,
  environmentSignal,
  logger,
  type PlatformTokenRefusal,
  providerEnvironment,
  readPlatformToken,
  requestedAudience,
} from "@azfed/core/provider";
import { agentRequestHeaders } from "./agent-request-headers";

const PROVIDER = "buildkite";
/** `BUILDKITE=true`: core's platform table owns the variable and the sentence when it is absent. */
const BUILDKITE_SIGNAL = environmentSignal("buildkite");

/**
 * The claims a Buildkite token's `sub` can be asked to hold that stay the same from build to build.
 * `pipeline_id` (the default) names one pipeline; `cluster_id`, `queue_id` and `organization_id` are
 * shared by many pipelines, so any of them can use a credential that names one. The agent also
 * accepts `build_id`, `job_id` and `agent_id`, which change every build or agent: no fixed credential
 * matches them, and {@link buildkite} refuses them.
 *
 * @see https://github.com/buildkite/docs/blob/main/pages/agent/cli/reference/oidc.md ("The following
 *   claims can be used with `--subject-claim`"; commit 7e155915e of buildkite/docs, checked 2026-12-07)
 * @example
 * ```ts
 * const claim: BuildkiteSubjectClaim = "pipeline_id";
 * ```
 */
export type BuildkiteSubjectClaim = "pipeline_id" | "cluster_id" | "queue_id" | "organization_id";

const STABLE_CLAIMS: readonly BuildkiteSubjectClaim[] = [
  "pipeline_id",
  "cluster_id",
  "queue_id",
  "organization_id",
];

/**
 * Options of {@link buildkite}.
 *
 * @example
 * ```ts
 * const options: BuildkiteOptions = { subjectClaim: "pipeline_id", timeoutMs: 10_000 };
 * ```
 */
export interface BuildkiteOptions extends ProviderOptions {
  /**
   * The claim the token's `sub` holds (the request's `subject_claim`). Default
   * `BUILDKITE_OIDC_TOKEN_SUBJECT_CLAIM` when set (the variable `buildkite-agent oidc request-token`
   * reads), else `pipeline_id`: the pipeline's UUID, which {@link buildkiteFederatedCredential} names.
   */
  readonly subjectClaim?: BuildkiteSubjectClaim | undefined;
}

/**
 * The agent's default endpoint, used when `BUILDKITE_AGENT_ENDPOINT` is unset (the agent's bootstrap
 * sets it in every job). Buildkite's variable table gives `https://agent.buildkite.com/v3` as the
 * variable's default; the agent's source, which wins, uses this one.
 *
 * @see https://github.com/buildkite/agent/blob/main/clicommand/global.go (`DefaultEndpoint`; commit
 *   5c219808e7e0bb55839b2110f3fd75cf5d25cdb8 of buildkite/agent, checked 2026-12-07)
 */
const DEFAULT_ENDPOINT = "https://agent-edge.buildkite.com/v3";
const MAX_ENDPOINT_LENGTH = 2048;

/**
 * The Buildkite assertion provider: asks the agent API for the job's OIDC token the way
 * `buildkite-agent oidc request-token` does, on every call: `POST
 * {BUILDKITE_AGENT_ENDPOINT}/jobs/{BUILDKITE_JOB_ID}/oidc/tokens` with `Authorization: Token
 * {BUILDKITE_AGENT_ACCESS_TOKEN}` and the JSON body `{ "audience": …, "subject_claim": "pipeline_id" }`,
 * answered `{ "token": "<jwt>" }`. The access token is sent only to the endpoint's origin (a redirect
 * elsewhere is an `AssertionFetchError`) and never appears in an error or a log.
 *
 * Detected by `DefaultFederatedCredential`: `BUILDKITE=true` with `BUILDKITE_AGENT_ACCESS_TOKEN` and
 * `BUILDKITE_JOB_ID`, variables only the Buildkite agent sets in a job.
 *
 * @see https://github.com/buildkite/agent/blob/main/api/oidc.go (the path and the body's fields;
 *   commit 5c219808e7e0bb55839b2110f3fd75cf5d25cdb8 of buildkite/agent, checked 2026-12-07)
 * @see https://github.com/buildkite/agent/blob/main/clicommand/oidc_request_token.go (`--job` from
 *   `BUILDKITE_JOB_ID`, `--subject-claim` from `BUILDKITE_OIDC_TOKEN_SUBJECT_CLAIM`; same commit)
 * @see https://github.com/buildkite/agent/blob/main/internal/agenthttp/auth.go (`Authorization: Token %s`; same commit)
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/core";
 * import { buildkite } from "@azfed/buildkite";
 *
 * const credential = new FederatedTokenCredential({
 *   tenantId: process.env.AZURE_TENANT_ID,
 *   clientId: process.env.AZURE_CLIENT_ID,
 *   assertion: buildkite(),
 * });
 * ```
 */
export function buildkite(options: BuildkiteOptions = {}): AssertionProvider {
  checkProviderOptions(options);
  if (options.subjectClaim !== undefined) checkSubjectClaim("subjectClaim", options.subjectClaim);
  return {
    name: PROVIDER,
    detect: (env?: NodeJS.ProcessEnv) => detectBuildkite(providerEnvironment(options, env)),
    getAssertion: (context: AssertionContext) => fetchToken(options, context),
  };
}

/**
 * Whether this process runs in a Buildkite job whose agent API it can ask for a token, and if not,
 * why not.
 *
 * @example
 * ```ts
 * const detection = detectBuildkite(process.env);
 * if (!detection.available) console.error(detection.reason);
 * ```
 */
export function detectBuildkite(env: NodeJS.ProcessEnv): Detection {
  if (BUILDKITE_SIGNAL.find(env) === undefined) return { available: false, reason: BUILDKITE_SIGNAL.absent };
  const missing = ["BUILDKITE_AGENT_ACCESS_TOKEN", "BUILDKITE_JOB_ID"].filter((name) => !env[name]);
  if (missing.length > 0) {
    return {
      available: false,
      reason: `This Buildkite job's ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set: pass the job's variables through to this process (e.g. into its container: the docker-compose plugin's propagate-environment, or docker run -e).`,
    };
  }
  if (endpointOf(env) === undefined) {
    return {
      available: false,
      reason:
        "BUILDKITE_AGENT_ENDPOINT is not an https:// URL: do not override it; the agent sets it in every job.",
    };
  }
  return { available: true, reason: "BUILDKITE_AGENT_ACCESS_TOKEN and BUILDKITE_JOB_ID are set" };
}

async function fetchToken(options: BuildkiteOptions, context: AssertionContext): Promise<string> {
  const env = providerEnvironment(options);
  const detection = detectBuildkite(env);
  if (!detection.available) throw new CredentialUnavailableError(`${PROVIDER}: ${detection.reason}`);
  const audience = requestedAudience(context, "the Buildkite token");
  const subjectClaim =
    options.subjectClaim ??
    (env.BUILDKITE_OIDC_TOKEN_SUBJECT_CLAIM
      ? checkSubjectClaim("BUILDKITE_OIDC_TOKEN_SUBJECT_CLAIM", env.BUILDKITE_OIDC_TOKEN_SUBJECT_CLAIM)
      : "pipeline_id");
  const accessToken = env.BUILDKITE_AGENT_ACCESS_TOKEN as string;
  const jobId = env.BUILDKITE_JOB_ID as string;
  const token = await readPlatformToken({
    provider: PROVIDER,
    service: "the Buildkite agent API",
    url: `${endpointOf(env)}/jobs/${railsPathEscape(jobId)}/oidc/tokens`,
    method: "POST",
    headers: {
      ...agentRequestHeaders(env),
      authorization: `Token ${accessToken}`,
      "content-type": "application/json",
      accept: "application/json",
    },
    body: JSON.stringify({ audience, subject_claim: subjectClaim }),
    requestToken: accessToken,
    field: "token",
    signal: context.signal,
    dispatcher: options.dispatcher,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    advice: (refusal) => advice(refusal, subjectClaim),
  });
  logger.verbose(
    `${PROVIDER}: got an OIDC token for audience ${audience} with subject claim ${subjectClaim}`,
  );
  return token;
}

/** What to check when the agent API answers without a token. */
function advice(
  { problem, status }: PlatformTokenRefusal,
  subjectClaim: BuildkiteSubjectClaim,
): string | undefined {
  if (status === 401) {
    return "It refused BUILDKITE_AGENT_ACCESS_TOKEN, which is valid only while the job the agent gave it to runs";
  }
  if (status === 403 || status === 404) {
    return "Check that BUILDKITE_JOB_ID and BUILDKITE_AGENT_ACCESS_TOKEN come from the same, running job";
  }
  if (status === 422) {
    return `It refused the request: subject_claim ${subjectClaim} needs the job to have that claim (cluster_id and queue_id only for a build on a cluster queue); pipeline_id always works`;
  }
  if (problem === "redirect" || problem === "html") {
    return "Check that BUILDKITE_AGENT_ENDPOINT points at the agent API (the agent sets it), and any proxy in between";
  }
  return undefined;
}

function checkSubjectClaim(field: string, value: unknown): BuildkiteSubjectClaim {
  if (!(STABLE_CLAIMS as readonly unknown[]).includes(value)) {
    const perBuild = value === "build_id" || value === "job_id" || value === "agent_id";
    throw new InvalidInputError({
      field,
      value,
      expected: perBuild
        ? `a claim that stays the same from build to build (${STABLE_CLAIMS.join(", ")}); ${String(value)} changes with every build or agent, so no fixed federated credential matches it`
        : `one of ${STABLE_CLAIMS.join(", ")}`,
      fix: "leave it out for pipeline_id, the pipeline's UUID (one federated credential per pipeline)",
    });
  }
  return value as BuildkiteSubjectClaim;
}

/** The agent API's base URL without trailing slashes, or `undefined` when it is not an https URL. */
function endpointOf(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.BUILDKITE_AGENT_ENDPOINT || DEFAULT_ENDPOINT;
  if (value.length > MAX_ENDPOINT_LENGTH || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  if (url.protocol !== "https:" || url.search !== "" || url.hash !== "" || url.username || url.password) {
    return undefined;
  }
  let end = url.href.length;
  while (end > 0 && url.href[end - 1] === "/") end--;
  return url.href.slice(0, end);
}

/**
 * The job id as a path segment, as the agent writes it: percent-encoded, with `.` as `%2E` ("Rails
 * doesn't accept dots in some path segments").
 *
 * @see https://github.com/buildkite/agent/blob/main/api/client.go (`railsPathEscape`; commit 5c219808e7e0bb55839b2110f3fd75cf5d25cdb8)
 */
function railsPathEscape(segment: string): string {
  return encodeURIComponent(segment).replaceAll(".", "%2E");
}
