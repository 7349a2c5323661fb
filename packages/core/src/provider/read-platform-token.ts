import { scrubAndShorten } from "../bounded-text";
import { AssertionFetchError } from "../errors/assertion-fetch-error";
import { escapeControlCharacters } from "../escape-control-characters";
import { HttpRequestError, safeUrl } from "../http/http-request-error";
import { type HttpResponse, sendRequest } from "../http/send-request";
import { scrubSecrets } from "../scrub-secrets";
import type { ProviderOptions } from "./provider-options";

/**
 * Why a platform's answer held no token, as {@link readPlatformToken} found it, in the order it
 * checks: no usable answer at all (`unreachable`: network, timeout, a body past the cap, throttling),
 * a redirect it did not follow, a status other than 200, then for a 200: an empty body, an HTML
 * page, a body that is not JSON, JSON without the token field, a field that is not a JWT.
 *
 * @example
 * ```ts
 * const problem: PlatformTokenProblem = "redirect";
 * ```
 */
export type PlatformTokenProblem =
  | "unreachable"
  | "redirect"
  | "status"
  | "empty"
  | "html"
  | "not-json"
  | "no-token"
  | "not-jwt";

/**
 * An answer without a token, handed to the provider's {@link PlatformTokenRequest.advice} so it can
 * add what only it knows (which variable to fix, which YAML to write). Text from the platform is
 * decoded, scrubbed of the request token and shortened before it gets here.
 *
 * @example
 * ```ts
 * const advice = (refusal: PlatformTokenRefusal) =>
 *   refusal.status === 401 ? "The request token was refused: map it into this step" : undefined;
 * ```
 */
export interface PlatformTokenRefusal {
  readonly problem: PlatformTokenProblem;
  /** The HTTP status of the answer; `undefined` when there was no usable answer. */
  readonly status: number | undefined;
  /** Whether the answer is an HTML page (by its content type or its first character). */
  readonly html: boolean;
  /**
   * The platform's own words: the `message`, `error_description`, `error` or `value` string of a
   * JSON answer, else a plain-text body; scrubbed, on one line, at most 300 characters.
   */
  readonly said: string | undefined;
  /** The JSON object the platform answered (`{}` when it was not one), for fields only one platform has. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * What {@link readPlatformToken} sends and where in the answer it finds the token.
 *
 * @example
 * ```ts
 * const request: PlatformTokenRequest = {
 *   provider: "github-actions",
 *   service: "the OIDC token service",
 *   url: `${process.env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=api%3A%2F%2FAzureADTokenExchange`,
 *   headers: { authorization: `Bearer ${requestToken}`, accept: "application/json" },
 *   requestToken,
 *   field: "value",
 * };
 * ```
 */
export interface PlatformTokenRequest extends Pick<ProviderOptions, "dispatcher" | "retry" | "timeoutMs"> {
  /** The provider's name: first in every error, and the `caller` of its log lines. */
  readonly provider: string;
  /** What answers, as the subject of a sentence: "the OIDC token service", "the OIDC endpoint". */
  readonly service: string;
  readonly url: string | URL;
  readonly method?: "GET" | "POST" | undefined;
  readonly headers: Readonly<Record<string, string>>;
  /** The request's body, e.g. the JSON of a POST (Buildkite's `{"audience":…}`); none by default. */
  readonly body?: string | undefined;
  /** The secret the request carries (its bearer value): scrubbed, whole or in parts, from every error. */
  readonly requestToken: string;
  /** The field of the JSON answer that holds the token, e.g. `value` or `oidcToken`. */
  readonly field: string;
  /** Aborts the request: the {@link HttpRequestError} of reason `aborted` is thrown as is. */
  readonly signal?: AbortSignal | undefined;
  /** The provider's own advice for an answer without a token, appended as a sentence. */
  readonly advice?: ((refusal: PlatformTokenRefusal) => string | undefined) | undefined;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const MAX_SAID_LENGTH = 300;
/** Where token services put their words: GitHub's and Azure DevOps' `message`, OAuth's `error_description` and `error`, Azure DevOps' `value`. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const LINE_BREAKS_AND_CONTROLS = /[\s\u0000-\u001f\u007f]+/g;
const SAID_FIELDS = ["message", "error_description", "error", "value"];

/**
 * Asks a platform's token service for an OIDC token, the one way every HTTP provider does: through
 * {@link sendRequest} (the provider's retry, timeout and dispatcher; the 1 MiB body cap; redirects
 * followed only within the request's origin, so the request token never travels to another host),
 * and reads the token from one field of a JSON answer. A token is a non-empty JWT-shaped string in
 * a 200 answer; anything else is an {@link AssertionFetchError} carrying the status, saying what was
 * answered and what was expected, then the provider's advice. The request token is scrubbed from
 * every message (after JSON decoding, so an escaped echo is caught too). An abort is thrown as the
 * {@link HttpRequestError} `sendRequest` threw.
 *
 * @see https://docs.github.com/en/actions/reference/security/oidc (GitHub Actions: `GET ACTIONS_ID_TOKEN_REQUEST_URL&audience=…` with the request token as bearer, answering `{ "value": "<jwt>" }`)
 * @see https://github.com/actions/toolkit/blob/main/packages/core/src/oidc-utils.ts (GitHub's own client reads `value` from the JSON answer)
 * @see https://learn.microsoft.com/rest/api/azure/devops/distributedtask/oidctoken/create (Azure DevOps: `POST …/oidctoken?serviceConnectionId=…` answering `TaskHubOidcToken { oidcToken }`)
 * @example
 * ```ts
 * const token = await readPlatformToken({
 *   provider: "github-actions",
 *   service: "the OIDC token service",
 *   url: `${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${encodeURIComponent(audience)}`,
 *   headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
 *   requestToken: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
 *   field: "value",
 *   signal,
 *   advice: ({ status }) => (status === 401 ? "The request token is valid only during its job" : undefined),
 * });
 * ```
 */
export async function readPlatformToken(request: PlatformTokenRequest): Promise<string> {
  const { provider, service, field, requestToken } = request;
  const expected = `expected 200 with JSON { "${field}": "<OIDC token>" }`;
  const fail = (fact: string, refusal: PlatformTokenRefusal, cause?: unknown): never => {
    const advice = request.advice?.(refusal);
    throw new AssertionFetchError({
      provider,
      statusCode: refusal.status,
      message: scrubSecrets(`${fact}; ${expected}${advice ? `. ${advice}` : ""}`, [requestToken]),
      ...(cause === undefined ? {} : { cause }),
    });
  };

  let response: HttpResponse;
  try {
    response = await sendRequest({
      url: request.url,
      method: request.method ?? "GET",
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: request.signal,
      dispatcher: request.dispatcher,
      retry: request.retry,
      timeoutMs: request.timeoutMs,
      caller: provider,
    });
  } catch (error) {
    if (!(error instanceof HttpRequestError) || error.reason === "aborted") throw error;
    return fail(
      `${service} at ${safeUrl(String(request.url))} gave no usable answer (${error.message})`,
      { problem: "unreachable", status: error.statusCode, html: false, said: undefined, fields: {} },
      error,
    );
  }

  const { status } = response;
  const body = response.body.trim();
  const contentType = response.headers.get("content-type") ?? "";
  const html = /html/i.test(contentType) || body.startsWith("<");
  const json = html ? undefined : parseJson(body);
  const fields = isObject(json) ? json : {};
  const said = html ? undefined : platformWords(json, body, field, requestToken);
  const answered = `${service} answered ${status}${response.statusText ? ` ${scrubAndShorten(escapeControlCharacters(response.statusText), 100, [requestToken])}` : ""}`;
  const htmlPage = `with an HTML page (content-type ${scrubAndShorten(escapeControlCharacters(contentType), 100, [requestToken]) || "not set"})`;
  const refusal = (problem: PlatformTokenProblem): PlatformTokenRefusal => ({
    problem,
    status,
    html,
    said,
    fields,
  });

  if (status >= 300 && status < 400) {
    const target = redirectTarget(response);
    return fail(
      target === undefined
        ? `${answered}, a redirect that could not be followed`
        : `${answered}, a redirect to another origin (${target}); it was not followed, so the request token never left ${new URL(response.url).origin}`,
      refusal("redirect"),
    );
  }
  if (status !== 200) {
    return fail(`${answered}${html ? ` ${htmlPage}` : said ? `: "${said}"` : ""}`, refusal("status"));
  }
  if (body === "") return fail(`${answered} with an empty body`, refusal("empty"));
  if (html) return fail(`${answered} ${htmlPage}, not JSON`, refusal("html"));
  if (json === undefined) {
    return fail(
      `${answered} with a body that is not JSON (content-type ${scrubAndShorten(escapeControlCharacters(contentType), 100, [requestToken]) || "not set"}, ${body.length} characters)`,
      refusal("not-json"),
    );
  }
  const token = fields[field];
  if (typeof token !== "string" || token === "") {
    const found = isObject(json)
      ? `fields: ${scrubAndShorten(Object.keys(json).join(", "), 200, [requestToken]) || "none"}`
      : `a JSON ${Array.isArray(json) ? "array" : json === null ? "null" : typeof json}`;
    return fail(
      `${answered} with JSON without a non-empty "${field}" string (${found})${said ? `: "${said}"` : ""}`,
      refusal("no-token"),
    );
  }
  if (!JWT_SHAPE.test(token)) {
    return fail(
      `${answered} with a "${field}" that is not a JWT (${token.length} characters, ${token.split(".").length} dot-separated parts)`,
      refusal("not-jwt"),
    );
  }
  return token;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What the platform said, in its own words: a JSON answer's message, else a plain-text body. */
function platformWords(json: unknown, body: string, field: string, requestToken: string): string | undefined {
  let words: unknown = body;
  if (json !== undefined) {
    const fields = isObject(json) ? json : {};
    // Never the token field itself: a token that failed a check is not shown.
    words = SAID_FIELDS.filter((name) => name !== field)
      .map((name) => fields[name])
      .find((value) => typeof value === "string" && value !== "");
  }
  if (typeof words !== "string" || words === "") return undefined;
  // Scrubbed before it is cut, so no part of the request token survives at the cut.
  const line = scrubSecrets(words, [requestToken]).replace(LINE_BREAKS_AND_CONTROLS, " ").trim();
  return line === "" ? undefined : scrubAndShorten(line, MAX_SAID_LENGTH, [requestToken]);
}

/** The origin a cross-origin redirect points to (never its path or query: they may carry secrets). */
function redirectTarget(response: HttpResponse): string | undefined {
  const location = response.headers.get("location");
  if (!location) return undefined;
  try {
    const target = new URL(location, response.url);
    return target.origin === new URL(response.url).origin ? undefined : target.origin;
  } catch {
    return undefined;
  }
}
