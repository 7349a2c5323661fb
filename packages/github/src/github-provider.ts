import {
  type AssertionClaims,
  type AssertionContext,
  type AssertionProvider,
  CredentialUnavailableError,
  type Detection,
  decodeAssertion,
  InvalidAssertionError,
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

const PROVIDER = "github-actions";
const PERMISSION_FIX = "add `permissions: id-token: write` to the job (or workflow)";

/**
 * Options of {@link githubActions}.
 *
 * @example
 * ```ts
 * const options: GitHubActionsOptions = { retry: { maxRetries: 5 }, timeoutMs: 20_000 };
 * ```
 */
export interface GitHubActionsOptions extends ProviderOptions {}

/**
 * The GitHub Actions assertion provider: asks the job's OIDC token service
 * (`GET {ACTIONS_ID_TOKEN_REQUEST_URL}&audience=…` with `Authorization: Bearer
 * {ACTIONS_ID_TOKEN_REQUEST_TOKEN}`) for a fresh token on every call. The job needs `permissions:
 * id-token: write`. The request token is only ever sent to the origin of `ACTIONS_ID_TOKEN_REQUEST_URL`:
 * a redirect elsewhere is an `AssertionFetchError`, as is any answer without a token.
 *
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/core";
 * import { githubActions } from "@azfed/github";
 *
 * const credential = new FederatedTokenCredential({
 *   tenantId: process.env.AZURE_TENANT_ID,
 *   clientId: process.env.AZURE_CLIENT_ID,
 *   assertion: githubActions(),
 * });
 * ```
 */
export function githubActions(options: GitHubActionsOptions = {}): AssertionProvider {
  checkProviderOptions(options);
  return {
    name: PROVIDER,
    detect: (env?: NodeJS.ProcessEnv) => detectGitHubActions(providerEnvironment(options, env)),
    getAssertion: (context: AssertionContext) => fetchToken(options, context),
  };
}

/**
 * Whether a GitHub Actions job's OIDC token service is reachable from `env`, and if not, why not.
 *
 * @example
 * ```ts
 * const detection = detectGitHubActions(process.env);
 * if (!detection.available) console.error(detection.reason);
 * ```
 */
export function detectGitHubActions(env: NodeJS.ProcessEnv): Detection {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (url && token) {
    if (parseRequestUrl(url) === undefined) {
      return {
        available: false,
        reason:
          "ACTIONS_ID_TOKEN_REQUEST_URL is not an http(s) URL: do not override it; the runner sets it when the job has `permissions: id-token: write`.",
      };
    }
    return {
      available: true,
      reason: "ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are set",
    };
  }
  // GITHUB_ACTIONS is "true", or the two variables above are set (core's platform table owns the names).
  const signal = environmentSignal("github-actions");
  if (signal.find(env) === undefined) return { available: false, reason: signal.absent };
  const missing = [
    ...(url ? [] : ["ACTIONS_ID_TOKEN_REQUEST_URL"]),
    ...(token ? [] : ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"]),
  ];
  const fork =
    env.GITHUB_EVENT_NAME === "pull_request"
      ? " (pull_request workflows from forks never get an OIDC token)"
      : "";
  return {
    available: false,
    reason:
      missing.length === 2
        ? `This GitHub Actions job has no OIDC token service (ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set): ${PERMISSION_FIX}${fork}.`
        : `${missing[0]} is not set although ${missing[0] === "ACTIONS_ID_TOKEN_REQUEST_URL" ? "ACTIONS_ID_TOKEN_REQUEST_TOKEN" : "ACTIONS_ID_TOKEN_REQUEST_URL"} is: pass both variables through to this process (e.g. into its container), and ${PERMISSION_FIX}.`,
  };
}

async function fetchToken(options: GitHubActionsOptions, context: AssertionContext): Promise<string> {
  const env = providerEnvironment(options);
  const detection = detectGitHubActions(env);
  if (!detection.available) throw new CredentialUnavailableError(`${PROVIDER}: ${detection.reason}`);
  const audience = requestedAudience(context, "the OIDC token");
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN as string;
  const token = await readPlatformToken({
    provider: PROVIDER,
    service: "the OIDC token service",
    url: withAudience(env.ACTIONS_ID_TOKEN_REQUEST_URL as string, audience),
    headers: { authorization: `Bearer ${requestToken}`, accept: "application/json" },
    requestToken,
    field: "value",
    signal: context.signal,
    dispatcher: options.dispatcher,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    advice,
  });
  logger.verbose(`${PROVIDER}: got an OIDC token for audience ${audience}${describeClaims(token)}`);
  return token;
}

/** What to check when the token service answers without a token. */
function advice({ problem, status }: PlatformTokenRefusal): string | undefined {
  if (status === 401 || status === 403) {
    return "It refused ACTIONS_ID_TOKEN_REQUEST_TOKEN, which is only valid during the job the runner gave it to";
  }
  if (problem === "redirect" || problem === "html") {
    return "Check that ACTIONS_ID_TOKEN_REQUEST_URL points at the token service (the runner sets it), and any proxy in between";
  }
  return undefined;
}

/**
 * `ACTIONS_ID_TOKEN_REQUEST_URL` already carries a query string (`?api-version=2.0`): the audience
 * is appended with `&`, or with `?` when the URL has none.
 */
function withAudience(requestUrl: string, audience: string): string {
  const withoutFragment = requestUrl.split("#", 1)[0] as string;
  const separator = !withoutFragment.includes("?")
    ? "?"
    : withoutFragment.endsWith("?") || withoutFragment.endsWith("&")
      ? ""
      : "&";
  return `${withoutFragment}${separator}audience=${encodeURIComponent(audience)}`;
}

function parseRequestUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url : undefined;
  } catch {
    return undefined;
  }
}

function describeClaims(token: string): string {
  let claims: AssertionClaims;
  try {
    claims = decodeAssertion(token);
  } catch (error) {
    if (error instanceof InvalidAssertionError) return "";
    throw error;
  }
  const expiry = claims.exp === undefined ? "" : `, expiring ${new Date(claims.exp * 1000).toISOString()}`;
  return ` from ${claims.iss} with subject ${claims.sub}${expiry}`;
}
