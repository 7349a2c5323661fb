import type { Dispatcher } from "undici";
import { HttpRequestError } from "../http/http-request-error";
import type { RetryOptions } from "../http/retry";
import { sendRequest } from "../http/send-request";
import { routedUrl, type TokenRequestRoute } from "../http/token-request-route";
import { TokenRequestRouteError } from "../http/token-request-route-error";
import { readTokenReply, type TokenReply } from "./token-reply";

const DEADLINE_SLACK_MS = 250;

/**
 * What MSAL passes with each request to its network hook: msal-node's `NetworkRequestOptions`,
 * written out here so that azfed's published types never import msal-node's (an ECMAScript
 * module's types, which a CommonJS consumer compiling with `module: node16` cannot import: TS1479).
 * msal-node checks {@link MsalNetworkClient} against its own `INetworkModule` where azfed hands it over.
 *
 * @example
 * ```ts
 * const options: MsalRequestOptions = { headers: { "content-type": "application/x-www-form-urlencoded" }, body: "grant_type=client_credentials" };
 * ```
 */
export interface MsalRequestOptions {
  readonly headers?: Record<string, string> | undefined;
  readonly body?: string | undefined;
  /** MSAL's correlation id for the request, sent as `client-request-id`. */
  readonly correlationId?: string | undefined;
}

/**
 * The answer {@link MsalNetworkClient} gives MSAL: msal-node's `NetworkResponse`, written out for the
 * reason {@link MsalRequestOptions} gives.
 *
 * @example
 * ```ts
 * const answer: MsalNetworkResponse<{ access_token: string }> = await network.sendPostRequestAsync(url, options);
 * ```
 */
export interface MsalNetworkResponse<T> {
  headers: Record<string, string>;
  body: T;
  status: number;
}

/**
 * How an {@link MsalNetworkClient} sends MSAL's requests for one token exchange.
 *
 * @example
 * ```ts
 * const options: MsalNetworkClientOptions = { signal, deadline: Date.now() + 30_000, retry: { maxRetries: 3 } };
 * ```
 */
export interface MsalNetworkClientOptions {
  /** An undici dispatcher (proxy, custom CA). Default: `HTTPS_PROXY`/`NO_PROXY` aware, else undici's global one. */
  readonly dispatcher?: Dispatcher | undefined;
  readonly retry?: RetryOptions | undefined;
  /** Aborts every request and every wait between retries. */
  readonly signal?: AbortSignal | undefined;
  /** Epoch milliseconds (real time) after which no request is started and no retry is waited for. */
  readonly deadline?: number | undefined;
  /** Names the caller in log lines. */
  readonly caller?: string | undefined;
  /** Sends every request to this route (URL rewritten, through `routeDispatcher`) instead of the authority host. */
  readonly route?: TokenRequestRoute | undefined;
  /** The dispatcher that reaches `route` (its CA and server name). */
  readonly routeDispatcher?: Dispatcher | undefined;
}

/**
 * The last answer with a status of 400 or more (or a body that is not JSON), kept so that the credential can build its error
 * from Entra's own JSON rather than from MSAL's summary of it. Successful answers are not kept:
 * they hold the access token.
 *
 * @example
 * ```ts
 * if (network.lastFailedResponse) console.log(network.lastFailedResponse.status);
 * ```
 */
export interface FailedResponse {
  readonly url: string;
  readonly status: number;
  readonly body: string;
}

/**
 * How long a token lives, as the token endpoint said, and when it was asked for.
 *
 * @example
 * ```ts
 * const { sentAt, expiresInSeconds } = network.lastTokenLifetime ?? {};
 * ```
 */
export interface TokenLifetime {
  /** When the request was sent, epoch ms (real time). */
  readonly sentAt: number;
  readonly expiresInSeconds: number;
  readonly refreshInSeconds: number | undefined;
}

/**
 * MSAL's network hook (`system.networkClient`) over undici, so that the dispatcher, proxy and custom
 * CA apply to everything MSAL sends. Each request goes through core's `sendRequest`: 408, 429, 5xx and
 * network errors are retried with backoff and jitter honouring `Retry-After` and
 * `x-ms-retry-after-ms`, within the retry count, the deadline and the abort signal; Entra's other
 * 4xx answers come back at once. One instance serves one token exchange.
 *
 * @example
 * ```ts
 * const app = new ConfidentialClientApplication({
 *   auth: { clientId, authority, clientAssertion },
 *   system: { networkClient: new MsalNetworkClient({ signal, deadline }), disableInternalRetries: true },
 * });
 * ```
 */
export class MsalNetworkClient {
  readonly #options: MsalNetworkClientOptions;
  /** The last answer with status >= 400 or a body that is not JSON, if any. */
  lastFailedResponse: FailedResponse | undefined;
  /** The last error thrown instead of an answer (network failure, timeout, abort), if any. */
  lastError: unknown;
  /**
   * The lifetime fields of the last token answer (`expires_in`, `refresh_in`, in seconds) and when
   * its request was sent (epoch ms): exact, where MSAL's `expiresOn` is rounded to the second.
   */
  lastTokenLifetime: TokenLifetime | undefined;
  readonly #receivedTokens: string[] = [];

  /** The access tokens received, so that the credential can keep them out of any error or log line. */
  get receivedTokens(): readonly string[] {
    return this.#receivedTokens;
  }

  constructor(options: MsalNetworkClientOptions = {}) {
    this.#options = options;
  }

  sendGetRequestAsync<T>(
    url: string,
    options?: MsalRequestOptions,
    timeout?: number,
  ): Promise<MsalNetworkResponse<T>> {
    return this.#send<T>("GET", url, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: MsalRequestOptions): Promise<MsalNetworkResponse<T>> {
    return this.#send<T>("POST", url, options, undefined);
  }

  async #send<T>(
    method: "GET" | "POST",
    url: string,
    options: MsalRequestOptions | undefined,
    timeout: number | undefined,
  ): Promise<MsalNetworkResponse<T>> {
    const { deadline, signal, retry, dispatcher, caller, route, routeDispatcher } = this.#options;
    const sentAt = Date.now();
    // The caller's signal enforces the deadline (and says why it fired); the budget handed to
    // sendRequest outlasts it slightly, so the caller's error wins the race, while `deadline` keeps
    // every retry wait within the caller's own budget.
    const remaining =
      deadline === undefined ? 30_000 : Math.max(1, deadline - Date.now()) + DEADLINE_SLACK_MS;
    let response: Awaited<ReturnType<typeof sendRequest>>;
    try {
      response = await sendRequest({
        url: route ? routedUrl(route.url, url) : url,
        method,
        headers: withClientRequestId(options),
        body: method === "POST" ? (options?.body ?? "") : undefined,
        signal,
        timeoutMs: timeout ? Math.min(timeout, remaining) : remaining,
        ...(deadline !== undefined ? { deadline } : {}),
        retry,
        dispatcher: route ? routeDispatcher : dispatcher,
        caller: caller ?? "msal",
      });
    } catch (error) {
      this.lastError =
        route &&
        error instanceof HttpRequestError &&
        (error.reason === "network" || error.reason === "certificate")
          ? new TokenRequestRouteError(route.description, routedUrl(route.url, url), error)
          : error;
      throw this.lastError;
    }
    const body = parseJson(response.body);
    if (response.status >= 400 || body === undefined) {
      this.lastFailedResponse = { url: response.url, status: response.status, body: response.body };
    } else if (method === "POST" && response.status < 300) {
      const received =
        typeof body === "object" && body !== null
          ? (body as { access_token?: unknown }).access_token
          : undefined;
      if (typeof received === "string") this.#receivedTokens.push(received);
      let reply: TokenReply;
      try {
        reply = readTokenReply(body);
      } catch (error) {
        this.lastError = error;
        throw error;
      }
      this.lastTokenLifetime = {
        sentAt,
        expiresInSeconds: reply.expiresInSeconds,
        refreshInSeconds: reply.refreshInSeconds,
      };
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { status: response.status, headers, body: (body ?? notJson(response.status)) as T };
  }
}

/**
 * MSAL puts its correlation id in the query string; it also goes in the `client-request-id` header,
 * which every Entra front end reads and echoes as `correlation_id`.
 */
function withClientRequestId(options: MsalRequestOptions | undefined): Record<string, string> | undefined {
  const headers = options?.headers;
  if (!options?.correlationId) return headers;
  const named = headers && Object.keys(headers).some((name) => name.toLowerCase() === "client-request-id");
  return named ? headers : { ...headers, "client-request-id": options.correlationId };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * MSAL expects a parsed JSON body. An answer that is not JSON (an HTML error page from a proxy) is
 * handed to MSAL as an OAuth error object so that MSAL fails cleanly; the credential describes the
 * real answer from `lastFailedResponse`.
 */
function notJson(status: number): { error: string; error_description: string } {
  return {
    error: `http_${status}`,
    error_description: `The authority answered HTTP ${status} with a body that is not JSON.`,
  };
}
