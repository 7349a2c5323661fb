import {
  type AssertionClaims,
  type AssertionContext,
  AssertionFetchError,
  type AssertionProvider,
  CredentialUnavailableError,
  type Detection,
  decodeAssertion,
  HttpRequestError,
  type HttpResponse,
  InvalidAssertionError,
  InvalidInputError,
  logger,
  type ProviderOptions,
  providerEnvironment,
  scrubSecrets,
  sendRequest,
  shorten,
} from "@azfed/core";

const PROVIDER = "github-actions";
const EXPECTED = 'expected 200 with JSON { "value": "<OIDC token>" }';
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
  if (env.GITHUB_ACTIONS !== "true") {
    return {
      available: false,
      reason:
        'Not running in GitHub Actions: GITHUB_ACTIONS is not "true", and ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not both set.',
    };
  }
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
  const audience = context?.audience;
  if (typeof audience !== "string" || audience.trim() === "" || audience.trim() !== audience) {
    throw new InvalidInputError({
      field: "audience",
      value: audience,
      expected: "the audience the OIDC token must carry, e.g. api://AzureADTokenExchange",
      fix: "pass the exchange audience of your cloud (FederatedTokenCredential does this for you)",
    });
  }
  const requestUrl = parseRequestUrl(env.ACTIONS_ID_TOKEN_REQUEST_URL as string) as URL;
  const url = withAudience(env.ACTIONS_ID_TOKEN_REQUEST_URL as string, audience);

  let response: HttpResponse;
  try {
    response = await sendRequest({
      url,
      method: "GET",
      headers: {
        authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}`,
        accept: "application/json",
      },
      signal: context.signal,
      dispatcher: options.dispatcher,
      retry: options.retry,
      timeoutMs: options.timeoutMs,
      caller: PROVIDER,
    });
  } catch (error) {
    if (error instanceof HttpRequestError && error.reason !== "aborted") {
      throw new AssertionFetchError({
        provider: PROVIDER,
        message: `the OIDC token service at ${requestUrl.origin} could not be reached (${error.message}); ${EXPECTED}`,
        cause: error,
      });
    }
    throw error;
  }
  const token = readToken(response, requestUrl, env.ACTIONS_ID_TOKEN_REQUEST_TOKEN as string);
  logger.verbose(`${PROVIDER}: got an OIDC token for audience ${audience}${describeClaims(token)}`);
  return token;
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

function readToken(response: HttpResponse, requestUrl: URL, requestToken: string): string {
  const { status } = response;
  const answered = `the OIDC token service answered ${status}${response.statusText ? ` ${response.statusText}` : ""}`;
  if (status >= 300 && status < 400) {
    const target = redirectTarget(response, requestUrl);
    throw new AssertionFetchError({
      provider: PROVIDER,
      statusCode: status,
      message: target
        ? `${answered}, a redirect to another origin (${target}); it was not followed, so the request token never left ${requestUrl.origin}. ${EXPECTED}; check ACTIONS_ID_TOKEN_REQUEST_URL and any proxy in between`
        : `${answered} (a redirect that could not be followed); ${EXPECTED}; check ACTIONS_ID_TOKEN_REQUEST_URL and any proxy in between`,
    });
  }
  if (status === 401 || status === 403) {
    throw new AssertionFetchError({
      provider: PROVIDER,
      statusCode: status,
      message: `${answered}: it refused ACTIONS_ID_TOKEN_REQUEST_TOKEN, which is only valid during the job the runner gave it to; ${EXPECTED}${bodyHint(response, requestToken)}`,
    });
  }
  if (status < 200 || status >= 300) {
    throw new AssertionFetchError({
      provider: PROVIDER,
      statusCode: status,
      message: `${answered}; ${EXPECTED}${bodyHint(response, requestToken)}`,
    });
  }
  const body = response.body.trim();
  if (body === "") {
    throw new AssertionFetchError({
      provider: PROVIDER,
      statusCode: status,
      message: `${answered} with an empty body; ${EXPECTED}`,
    });
  }
  const contentType = response.headers.get("content-type") ?? "";
  if (/html/i.test(contentType) || body.startsWith("<")) {
    throw new AssertionFetchError({
      provider: PROVIDER,
      statusCode: status,
      message: `${answered} with an HTML page (content-type ${contentType || "not set"}), not JSON; ${EXPECTED}; check that ACTIONS_ID_TOKEN_REQUEST_URL points at the token service`,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new AssertionFetchError({
      provider: PROVIDER,
      statusCode: status,
      message: `${answered} with a body that is not JSON (content-type ${contentType || "not set"}, ${body.length} characters); ${EXPECTED}`,
    });
  }
  const value = typeof json === "object" && json !== null ? (json as { value?: unknown }).value : undefined;
  if (typeof value !== "string" || value === "") {
    const fields =
      typeof json === "object" && json !== null && !Array.isArray(json)
        ? `fields: ${shorten(scrubSecrets(Object.keys(json).join(", "), [requestToken]), 200) || "none"}`
        : `a JSON ${Array.isArray(json) ? "array" : json === null ? "null" : typeof json}`;
    throw new AssertionFetchError({
      provider: PROVIDER,
      statusCode: status,
      message: `${answered} with JSON that has no "value" string (${fields}); ${EXPECTED}`,
    });
  }
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value)) {
    throw new AssertionFetchError({
      provider: PROVIDER,
      statusCode: status,
      message: `${answered} with a "value" that is not a JWT (${value.length} characters, ${value.split(".").length} dot-separated parts); ${EXPECTED}`,
    });
  }
  return value;
}

function redirectTarget(response: HttpResponse, requestUrl: URL): string | undefined {
  const location = response.headers.get("location");
  if (!location) return undefined;
  try {
    const target = new URL(location, response.url);
    return target.origin === requestUrl.origin ? undefined : target.origin;
  } catch {
    return undefined;
  }
}

/**
 * A short, redacted look at an error body, for the error message; never the whole body. The body is
 * shortened before anything reads it, and the request token is scrubbed after JSON decoding, so an
 * echo of it escaped as `\u0065yJ…` is caught too.
 */
function bodyHint(response: HttpResponse, requestToken: string): string {
  const text = shorten(response.body, MAX_HINT_SOURCE_LENGTH).replace(/\s+/g, " ").trim();
  if (text === "" || text.startsWith("<")) return "";
  let message = text;
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const detail = json.message ?? json.error_description ?? json.error;
    if (typeof detail === "string") message = detail.replace(/\s+/g, " ");
  } catch {
    // not JSON: show the text
  }
  return ` (the service said: ${shorten(scrubSecrets(message, [requestToken]), 200)})`;
}

/** Error bodies longer than this are cut before they are parsed for a hint. */
const MAX_HINT_SOURCE_LENGTH = 8192;

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
