import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Dispatcher } from "undici";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import type { TestCertificateAuthority } from "../servers/certificate-authority";
import { EmulatorTraffic } from "../servers/emulator-traffic";
import type { InjectedFault } from "../servers/fault-injection";
import { startHttpsServer } from "../servers/https-server";
import { sendJson } from "../servers/json-response";
import { checkSecretHeader, checkSecretOption } from "../servers/request-secret";
import {
  checkJob,
  completeJob,
  defaultJob,
  type GitHubActionsJob,
  jobVariables,
  tokenClaims,
} from "./github-actions-model";
import { type OidcIssuer, startOidcIssuer } from "./oidc-issuer";

/**
 * What the emulator answers instead of a token: GitHub-shaped failures by name, a redirect to another
 * origin, or any status (with headers and body) or a dropped connection.
 *
 * - `"html-page"`: 200 with an HTML sign-in page;
 * - `"empty-body"`: 200 with no body;
 * - `"no-value"`: 200 with JSON that has no `value`;
 * - `"server-error"`: 500 with a JSON error;
 * - `{ redirectTo, status? }`: a redirect (default 302) whose `Location` is `redirectTo`.
 *
 * @example
 * ```ts
 * github.failNext(2, "server-error");
 * github.failNext(1, { redirectTo: `${elsewhere.url}/collect` });
 * github.failNext(1, { status: 429, headers: { "retry-after": "1" } });
 * ```
 */
export type GitHubActionsFault =
  | "html-page"
  | "empty-body"
  | "no-value"
  | "server-error"
  | { readonly redirectTo: string; readonly status?: 301 | 302 | 303 | 307 | 308 | undefined }
  | InjectedFault;

/**
 * One request the token service received. The request token itself is never recorded.
 *
 * @example
 * ```ts
 * const [first] = github.requests;
 * first?.authorization; // "valid"
 * first?.audience; // "api://AzureADTokenExchange"
 * ```
 */
export interface GitHubTokenRequest {
  readonly method: string;
  readonly path: string;
  /** The `audience` query parameter, when sent. */
  readonly audience: string | undefined;
  /** The `api-version` query parameter, when sent. */
  readonly apiVersion: string | undefined;
  /** Whether the `Authorization: Bearer …` header carried the job's request token. */
  readonly authorization: "valid" | "invalid" | "missing";
  /** The status answered (0 for a dropped connection, or while the answer is still pending). */
  readonly status: number;
}

/**
 * Options of {@link startGitHubActionsEmulator}.
 *
 * @example
 * ```ts
 * const options: GitHubActionsEmulatorOptions = {
 *   job: { repository: "contoso/webapp", ref: "refs/tags/v1.0.0" },
 *   issuerPath: "/_services/token", // like GitHub Enterprise Server
 * };
 * ```
 */
export interface GitHubActionsEmulatorOptions {
  /** The job; unset fields take defaults (a push to `main` of `octo-org/octo-repo`). */
  readonly job?: Partial<GitHubActionsJob> | undefined;
  /** The request token (`ACTIONS_ID_TOKEN_REQUEST_TOKEN`). Default 40 random hex characters. */
  readonly requestToken?: string | undefined;
  /** `GITHUB_SERVER_URL`, also the base of the default audience `{serverUrl}/{owner}`. Default `https://github.com`. */
  readonly serverUrl?: string | undefined;
  /** The issuer's path, e.g. `/_services/token` (GHES) or `/{enterpriseSlug}`. Default none, as on GitHub.com. */
  readonly issuerPath?: string | undefined;
  /** An issuer to sign with instead of a new one (not closed by `close()`). */
  readonly issuer?: OidcIssuer | undefined;
  /** The CA for the token service and the issuer. Default the process's test CA. */
  readonly ca?: TestCertificateAuthority | undefined;
}

/**
 * A running GitHub Actions OIDC token service.
 *
 * @example
 * ```ts
 * const github = await startGitHubActionsEmulator({ job: { environment: "production" } });
 * const provider = githubActions({ env: github.env(), dispatcher: github.dispatcher });
 * const token = await provider.getAssertion({ audience: "api://AzureADTokenExchange" });
 * await github.close();
 * ```
 */
export interface GitHubActionsEmulator {
  /** The token service's origin, `https://127.0.0.1:PORT`. */
  readonly url: string;
  /** `ACTIONS_ID_TOKEN_REQUEST_URL`: `{url}/_apis/pipelines/workflows/{runId}/idtoken?api-version=2.0`. */
  readonly requestUrl: string;
  /** `ACTIONS_ID_TOKEN_REQUEST_TOKEN`. */
  readonly requestToken: string;
  /** The tokens' `iss`. */
  readonly issuer: string;
  readonly oidcIssuer: OidcIssuer;
  readonly ca: TestCertificateAuthority;
  /** An undici dispatcher that trusts the CA. */
  readonly dispatcher: Dispatcher;
  /** The current job. */
  readonly job: GitHubActionsJob;
  /** Changes the job: given fields replace the current ones (`environment: undefined` removes the environment). */
  setJob(changes: Partial<GitHubActionsJob>): void;
  /** The `sub` the current job's tokens carry. */
  readonly subject: string;
  /**
   * The job's variables, as the runner sets them. With `idTokenPermission: false`, the job lacks
   * `permissions: id-token: write`: no `ACTIONS_ID_TOKEN_REQUEST_URL` and `ACTIONS_ID_TOKEN_REQUEST_TOKEN`.
   */
  env(options?: { readonly idTokenPermission?: boolean | undefined }): Record<string, string>;
  /** Every request received, oldest first. */
  readonly requests: readonly GitHubTokenRequest[];
  /** How many requests the token service received. */
  readonly requestCount: number;
  /** The tokens issued, oldest first. */
  readonly issuedTokens: readonly string[];
  /** Makes the next `count` requests fail with `fault`. */
  failNext(count: number, fault: GitHubActionsFault): void;
  /** Waits `ms` before every answer; 0 turns it off. */
  setLatency(ms: number): void;
  /** Forgets the requests, tokens, queued faults and latency (not the job). */
  reset(): void;
  /** Stops the server and closes its open connections. */
  close(): Promise<void>;
}

const TOKEN_LIFETIME_SECONDS = 300;
/** GitHub's tokens are valid from ten minutes before they are issued (`nbf = iat - 600`). */
const NOT_BEFORE_SKEW_SECONDS = 600;

/**
 * Starts a GitHub Actions OIDC token service on `https://127.0.0.1:PORT`. Like GitHub's, it answers
 * `GET {requestUrl}&audience=…` carrying `Authorization: Bearer {requestToken}` with
 * `{ "count": 1, "value": "<jwt>" }`, 401 for a wrong or missing request token, and uses the owner's
 * URL (`https://github.com/{owner}`) as the audience when none is asked for. Tokens live five minutes
 * and carry the claims GitHub's do: `sub` (default, immutable or customised form, with `:` in values
 * written `%3A`), `repository`, `repository_id`, `repository_owner`, `repository_owner_id`, `ref`,
 * `ref_type`, `sha`, `environment`, `workflow`, `workflow_ref`, `job_workflow_ref`, `event_name`,
 * `actor`, `run_id`, … signed by an issuer the Entra emulator trusts.
 *
 * @example
 * ```ts
 * const github = await startGitHubActionsEmulator({ job: { repository: "contoso/webapp", environment: "production" } });
 * entra.addApplication({
 *   clientId,
 *   tenantId,
 *   federatedCredentials: [
 *     { name: "prod", issuer: github.issuer, subject: github.subject, audiences: ["api://AzureADTokenExchange"] },
 *   ],
 * });
 * const provider = githubActions({ env: github.env(), dispatcher: github.dispatcher });
 * ```
 */
export async function startGitHubActionsEmulator(
  options: GitHubActionsEmulatorOptions = {},
): Promise<GitHubActionsEmulator> {
  const serverUrl = checkServerUrl(options.serverUrl ?? "https://github.com");
  const requestToken = checkSecretOption(
    "requestToken",
    options.requestToken ?? randomBytes(20).toString("hex"),
  );
  let job = checkJob(completeJob(defaultJob(), options.job ?? {}), "job");
  const ownsIssuer = options.issuer === undefined;
  const oidcIssuer = options.issuer ?? (await startOidcIssuer({ ca: options.ca, path: options.issuerPath }));
  const ca = options.ca ?? oidcIssuer.ca;
  const traffic = new EmulatorTraffic<GitHubTokenRequest>();
  const requestPath = () => `/_apis/pipelines/workflows/${job.runId}/idtoken`;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "https://localhost");
    const authorization = checkSecretHeader(request.headers.authorization, "Bearer", requestToken);
    const entry = {
      method: request.method ?? "GET",
      path: url.pathname,
      audience: url.searchParams.get("audience") ?? undefined,
      apiVersion: url.searchParams.get("api-version") ?? undefined,
      authorization,
    };
    const exchange = traffic.begin(entry);
    if (await traffic.servedFault(request, response, exchange)) return;
    const answer = (status: number, body: unknown, headers?: Record<string, string>) => {
      exchange.answered(status);
      sendJson(response, status, body, headers);
    };
    if (url.pathname !== requestPath()) {
      return answer(404, { message: `No route matches ${url.pathname}` });
    }
    if (request.method !== "GET") {
      return answer(
        405,
        { message: "The requested resource does not support the HTTP method." },
        { allow: "GET" },
      );
    }
    if (entry.apiVersion === undefined) {
      return answer(400, { message: "No api-version was supplied for the request." });
    }
    if (authorization !== "valid") {
      return answer(401, { message: "Unauthorized: the request token is missing, expired or not valid." });
    }
    const claims = tokenClaims(job, serverUrl, entry.audience);
    if (typeof claims === "string") return answer(400, { message: claims });
    const issuedAt = Math.floor(Date.now() / 1000);
    const value = await oidcIssuer.mint(
      { ...claims, nbf: issuedAt - NOT_BEFORE_SKEW_SECONDS },
      { issuedAt, lifetimeSeconds: TOKEN_LIFETIME_SECONDS },
    );
    exchange.issued(value);
    answer(200, { count: 1, value });
  };

  let server: Awaited<ReturnType<typeof startHttpsServer>>;
  try {
    server = await startHttpsServer(handle, { ca });
  } catch (error) {
    if (ownsIssuer) await oidcIssuer.close();
    throw error;
  }

  return {
    url: server.url,
    get requestUrl() {
      return `${server.url}${requestPath()}?api-version=2.0`;
    },
    requestToken,
    issuer: oidcIssuer.issuer,
    oidcIssuer,
    ca,
    dispatcher: ca.dispatcher,
    get job() {
      return job;
    },
    setJob(changes: Partial<GitHubActionsJob>): void {
      job = checkJob(completeJob(job, changes), "changes");
    },
    get subject() {
      const claims = tokenClaims(job, serverUrl, undefined);
      if (typeof claims === "string") {
        throw new InvalidEmulatorOptionError({
          field: "job.claimKeys",
          value: job.claimKeys,
          expected: "claim keys whose claims the job has",
          fix: claims,
        });
      }
      return claims.sub as string;
    },
    env(envOptions: { readonly idTokenPermission?: boolean | undefined } = {}): Record<string, string> {
      const variables = jobVariables(job, serverUrl);
      if (envOptions.idTokenPermission === false) return variables;
      return {
        ...variables,
        ACTIONS_ID_TOKEN_REQUEST_URL: `${server.url}${requestPath()}?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken,
      };
    },
    get requests() {
      return traffic.requests;
    },
    get requestCount() {
      return traffic.requestCount;
    },
    get issuedTokens() {
      return traffic.issuedTokens;
    },
    failNext: (count: number, fault: GitHubActionsFault) => traffic.failNext(count, toInjectedFault(fault)),
    setLatency: (ms: number) => traffic.setLatency(ms),
    reset: () => traffic.reset(),
    async close(): Promise<void> {
      await server.close();
      if (ownsIssuer) await oidcIssuer.close();
    },
  };
}

function checkServerUrl(value: string): string {
  if (typeof value !== "string" || !/^https?:\/\/[^/\s?#]+$/.test(value)) {
    throw new InvalidEmulatorOptionError({
      field: "serverUrl",
      value,
      expected: "an origin such as https://github.com (no path, no trailing slash)",
      fix: 'pass e.g. "https://github.contoso.com"',
    });
  }
  return value;
}

function toInjectedFault(fault: GitHubActionsFault): InjectedFault {
  switch (fault) {
    case "html-page":
      return {
        status: 200,
        headers: { "content-type": "text/html; charset=utf-8" },
        body: "<!DOCTYPE html><html><head><title>Sign in to GitHub</title></head><body><form>Sign in</form></body></html>",
      };
    case "empty-body":
      return { status: 200, headers: { "content-type": "application/json; charset=utf-8" }, body: "" };
    case "no-value":
      return { status: 200, body: JSON.stringify({ count: 0 }) };
    case "server-error":
      return { status: 500, body: JSON.stringify({ message: "Internal server error" }) };
  }
  if (typeof fault === "object" && fault !== null && "redirectTo" in fault) {
    const status = fault.status ?? 302;
    if (typeof fault.redirectTo !== "string" || !URL.canParse(fault.redirectTo)) {
      throw new InvalidEmulatorOptionError({
        field: "fault.redirectTo",
        value: fault.redirectTo,
        expected: "an absolute URL",
        fix: "pass the URL of the server the redirect points at",
      });
    }
    return { status, headers: { location: fault.redirectTo }, body: "" };
  }
  return fault;
}
