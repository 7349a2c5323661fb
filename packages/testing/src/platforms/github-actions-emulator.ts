import { randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { JWTPayload } from "jose";
import type { Dispatcher } from "undici";
import { conformanceDefault } from "../conformance/conformance-corpus";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import type { TestCertificateAuthority } from "../servers/certificate-authority";
import { FaultInjector, type InjectedFault } from "../servers/fault-injection";
import { startHttpsServer } from "../servers/https-server";
import { sendJson } from "../servers/json-response";
import { type OidcIssuer, startOidcIssuer } from "./oidc-issuer";

/**
 * The GitHub Actions job whose OIDC tokens the emulator issues: what GitHub knows about the run and
 * puts in the token's claims.
 *
 * @example
 * ```ts
 * const job: Partial<GitHubActionsJob> = {
 *   repository: "contoso/webapp",
 *   ref: "refs/heads/main",
 *   environment: "production",
 *   claimKeys: ["repo", "context", "job_workflow_ref"],
 * };
 * ```
 */
export interface GitHubActionsJob {
  /** `owner/repo`. */
  readonly repository: string;
  /** The repository's numeric id (claim `repository_id`). */
  readonly repositoryId: string;
  /** The owner's numeric id (claim `repository_owner_id`). */
  readonly repositoryOwnerId: string;
  readonly repositoryVisibility: "public" | "private" | "internal";
  /** The ref the run is for: `refs/heads/{branch}`, `refs/tags/{tag}`, or `refs/pull/{n}/merge` for pull requests. */
  readonly ref: string;
  readonly sha: string;
  /** The environment the job declares, if any; it takes precedence in the default subject. */
  readonly environment: string | undefined;
  /** The triggering event, e.g. `push`, `pull_request`, `workflow_dispatch`. */
  readonly eventName: string;
  readonly actor: string;
  readonly actorId: string;
  /** The workflow's name. */
  readonly workflow: string;
  /** `{owner}/{repo}/.github/workflows/{file}@{ref}`. Default from the repository and ref. */
  readonly workflowRef: string | undefined;
  /** The reusable workflow the job runs, if different from the workflow (claim `job_workflow_ref`). Default {@link GitHubActionsJob.workflowRef}. */
  readonly jobWorkflowRef: string | undefined;
  readonly runId: string;
  readonly runNumber: string;
  readonly runAttempt: string;
  readonly runnerEnvironment: "github-hosted" | "self-hosted";
  /** For pull requests, the head and base branches; `""` otherwise, as GitHub sends them. */
  readonly headRef: string;
  readonly baseRef: string;
  /** Whether the repository uses the immutable subject form `repo:{owner}@{ownerId}/{repo}@{repositoryId}:…`. */
  readonly immutableSubject: boolean;
  /** The subject template, GitHub's `include_claim_keys`. Default `["repo", "context"]`. */
  readonly claimKeys: readonly string[];
  /** The enterprise's slug and id, when the repository belongs to one (claims `enterprise`, `enterprise_id`). */
  readonly enterprise: string | undefined;
  readonly enterpriseId: string | undefined;
  /** Further claims, e.g. repository custom properties (`repo_property_*`). */
  readonly extraClaims: Readonly<Record<string, string>>;
}

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
  | { readonly redirectTo: string; readonly status?: 301 | 302 | 303 | 307 | 308 }
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
  readonly job?: Partial<GitHubActionsJob>;
  /** The request token (`ACTIONS_ID_TOKEN_REQUEST_TOKEN`). Default 40 random hex characters. */
  readonly requestToken?: string;
  /** `GITHUB_SERVER_URL`, also the base of the default audience `{serverUrl}/{owner}`. Default `https://github.com`. */
  readonly serverUrl?: string;
  /** The issuer's path, e.g. `/_services/token` (GHES) or `/{enterpriseSlug}`. Default none, as on GitHub.com. */
  readonly issuerPath?: string;
  /** An issuer to sign with instead of a new one (not closed by `close()`). */
  readonly issuer?: OidcIssuer;
  /** The CA for the token service and the issuer. Default the process's test CA. */
  readonly ca?: TestCertificateAuthority;
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
  env(options?: { readonly idTokenPermission?: boolean }): Record<string, string>;
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
// GitHub's readings live in the conformance corpus (packages/testing/conformance/github.json).
const DEFAULT_CLAIM_KEYS = conformanceDefault("github", "subjectClaimKeys", "string[]");
const PULL_REQUEST_EVENTS = conformanceDefault("github", "pullRequestEvents", "string[]");
const CLAIM_KEY = /^[A-Za-z0-9_]+$/;
const OWNER_REPO = /^[A-Za-z0-9][A-Za-z0-9_-]*\/[A-Za-z0-9._-]+$/;
const DIGITS = /^[1-9][0-9]*$/;

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
  const requestToken = checkRequestToken(options.requestToken ?? randomBytes(20).toString("hex"));
  let job = checkJob(completeJob(defaultJob(), options.job ?? {}), "job");
  const ownsIssuer = options.issuer === undefined;
  const oidcIssuer = options.issuer ?? (await startOidcIssuer({ ca: options.ca, path: options.issuerPath }));
  const ca = options.ca ?? oidcIssuer.ca;
  const faults = new FaultInjector();
  const requests: GitHubTokenRequest[] = [];
  const issuedTokens: string[] = [];
  /** Bumped by reset(), so a request still in flight then does not write into the fresh log. */
  let generation = 0;
  const requestPath = () => `/_apis/pipelines/workflows/${job.runId}/idtoken`;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "https://localhost");
    const authorization = checkAuthorization(request.headers.authorization, requestToken);
    const entry = {
      method: request.method ?? "GET",
      path: url.pathname,
      audience: url.searchParams.get("audience") ?? undefined,
      apiVersion: url.searchParams.get("api-version") ?? undefined,
      authorization,
    };
    const born = generation;
    const index = requests.push({ ...entry, status: 0 }) - 1;
    const record = (status: number) => {
      if (born === generation) requests[index] = { ...entry, status };
    };
    await faults.delay();
    // The client gave up (aborted) while the emulator was slow: nothing to answer; the status stays 0.
    if (request.socket.destroyed) return;
    if (faults.serveNext(response)) {
      record(response.headersSent ? response.statusCode : 0);
      return;
    }
    const answer = (status: number, body: unknown, headers?: Record<string, string>) => {
      record(status);
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
    if (born === generation) issuedTokens.push(value);
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
    env(envOptions: { readonly idTokenPermission?: boolean } = {}): Record<string, string> {
      const variables = jobVariables(job, serverUrl);
      if (envOptions.idTokenPermission === false) return variables;
      return {
        ...variables,
        ACTIONS_ID_TOKEN_REQUEST_URL: `${server.url}${requestPath()}?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken,
      };
    },
    get requests() {
      return [...requests];
    },
    get requestCount() {
      return requests.length;
    },
    get issuedTokens() {
      return [...issuedTokens];
    },
    failNext(count: number, fault: GitHubActionsFault): void {
      faults.failNext(count, toInjectedFault(fault));
    },
    setLatency(ms: number): void {
      faults.setLatency(ms);
    },
    reset(): void {
      generation++;
      requests.length = 0;
      issuedTokens.length = 0;
      faults.reset();
    },
    async close(): Promise<void> {
      await server.close();
      if (ownsIssuer) await oidcIssuer.close();
    },
  };
}

/**
 * The claims of a token for `job`, or why GitHub would refuse to issue one (a subject template
 * naming a claim the job does not have).
 */
function tokenClaims(
  job: GitHubActionsJob,
  serverUrl: string,
  audience: string | undefined,
): JWTPayload | string {
  const [owner] = job.repository.split("/") as [string, string];
  const workflowRef = job.workflowRef ?? `${job.repository}/.github/workflows/deploy.yml@${job.ref}`;
  const claims: Record<string, string> = {
    ...job.extraClaims,
    ...(job.environment !== undefined ? { environment: job.environment } : {}),
    ref: job.ref,
    sha: job.sha,
    repository: job.repository,
    repository_owner: owner,
    repository_owner_id: job.repositoryOwnerId,
    repository_id: job.repositoryId,
    repository_visibility: job.repositoryVisibility,
    actor_id: job.actorId,
    actor: job.actor,
    run_id: job.runId,
    run_number: job.runNumber,
    run_attempt: job.runAttempt,
    runner_environment: job.runnerEnvironment,
    workflow: job.workflow,
    workflow_ref: workflowRef,
    workflow_sha: job.sha,
    job_workflow_ref: job.jobWorkflowRef ?? workflowRef,
    job_workflow_sha: job.sha,
    head_ref: job.headRef,
    base_ref: job.baseRef,
    event_name: job.eventName,
    ref_type: job.ref.startsWith("refs/tags/") ? "tag" : "branch",
    ...(job.enterprise !== undefined ? { enterprise: job.enterprise } : {}),
    ...(job.enterpriseId !== undefined ? { enterprise_id: job.enterpriseId } : {}),
  };
  const parts: string[] = [];
  for (const key of job.claimKeys) {
    if (key === "repo") {
      parts.push(`repo:${repoSegment(job)}`);
    } else if (key === "context") {
      parts.push(subjectContext(job));
    } else if (claims[key] === undefined) {
      return `The subject template names the claim "${key}", which this job does not have${key === "environment" ? " (the job declares no environment)" : ""}.`;
    } else {
      parts.push(`${key}:${escapeColons(claims[key] as string)}`);
    }
  }
  return { sub: parts.join(":"), aud: audience ?? `${serverUrl}/${owner}`, ...claims };
}

/** `owner/repo`, or `owner@ownerId/repo@repositoryId` for repositories on the immutable form. */
function repoSegment(job: GitHubActionsJob): string {
  if (!job.immutableSubject) return job.repository;
  const [owner, name] = job.repository.split("/") as [string, string];
  return `${owner}@${job.repositoryOwnerId}/${name}@${job.repositoryId}`;
}

/** The first that applies: the job's environment, a pull request event, else the ref. */
function subjectContext(job: GitHubActionsJob): string {
  if (job.environment !== undefined) return `environment:${escapeColons(job.environment)}`;
  if (PULL_REQUEST_EVENTS.includes(job.eventName)) return "pull_request";
  return `ref:${escapeColons(job.ref)}`;
}

function escapeColons(value: string): string {
  return value.split(":").join("%3A");
}

function jobVariables(job: GitHubActionsJob, serverUrl: string): Record<string, string> {
  const [owner] = job.repository.split("/") as [string, string];
  const refName = job.ref.replace(/^refs\/(heads|tags|pull)\//, "");
  return {
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_SERVER_URL: serverUrl,
    GITHUB_REPOSITORY: job.repository,
    GITHUB_REPOSITORY_ID: job.repositoryId,
    GITHUB_REPOSITORY_OWNER: owner,
    GITHUB_REPOSITORY_OWNER_ID: job.repositoryOwnerId,
    GITHUB_REF: job.ref,
    GITHUB_REF_NAME: refName,
    GITHUB_REF_TYPE: job.ref.startsWith("refs/tags/") ? "tag" : "branch",
    GITHUB_SHA: job.sha,
    GITHUB_EVENT_NAME: job.eventName,
    GITHUB_ACTOR: job.actor,
    GITHUB_ACTOR_ID: job.actorId,
    GITHUB_WORKFLOW: job.workflow,
    GITHUB_WORKFLOW_REF: job.workflowRef ?? `${job.repository}/.github/workflows/deploy.yml@${job.ref}`,
    GITHUB_WORKFLOW_SHA: job.sha,
    GITHUB_RUN_ID: job.runId,
    GITHUB_RUN_NUMBER: job.runNumber,
    GITHUB_RUN_ATTEMPT: job.runAttempt,
    GITHUB_HEAD_REF: job.headRef,
    GITHUB_BASE_REF: job.baseRef,
    RUNNER_ENVIRONMENT: job.runnerEnvironment,
  };
}

function defaultJob(): GitHubActionsJob {
  return {
    repository: "octo-org/octo-repo",
    repositoryId: String(randomInt(100_000, 999_999_999)),
    repositoryOwnerId: String(randomInt(100_000, 999_999_999)),
    repositoryVisibility: "private",
    ref: "refs/heads/main",
    sha: randomBytes(20).toString("hex"),
    environment: undefined,
    eventName: "push",
    actor: "octocat",
    actorId: "583231",
    workflow: "deploy",
    workflowRef: undefined,
    jobWorkflowRef: undefined,
    runId: String(randomInt(1_000_000_000, 9_999_999_999)),
    runNumber: "1",
    runAttempt: "1",
    runnerEnvironment: "github-hosted",
    headRef: "",
    baseRef: "",
    immutableSubject: false,
    claimKeys: DEFAULT_CLAIM_KEYS,
    enterprise: undefined,
    enterpriseId: undefined,
    extraClaims: {},
  };
}

function completeJob(current: GitHubActionsJob, changes: Partial<GitHubActionsJob>): GitHubActionsJob {
  if (typeof changes !== "object" || changes === null) {
    throw new InvalidEmulatorOptionError({
      field: "job",
      value: changes,
      expected: "an object with the job fields to set",
      fix: 'pass e.g. { ref: "refs/tags/v1.0.0" }',
    });
  }
  return { ...current, ...changes };
}

function checkJob(job: GitHubActionsJob, field: string): GitHubActionsJob {
  const fail = (name: string, value: unknown, expected: string, fix: string): never => {
    throw new InvalidEmulatorOptionError({ field: `${field}.${name}`, value, expected, fix });
  };
  if (typeof job.repository !== "string" || !OWNER_REPO.test(job.repository)) {
    fail("repository", job.repository, 'a GitHub repository as "owner/repo"', 'pass e.g. "contoso/webapp"');
  }
  for (const name of [
    "repositoryId",
    "repositoryOwnerId",
    "actorId",
    "runId",
    "runNumber",
    "runAttempt",
  ] as const) {
    if (typeof job[name] !== "string" || !DIGITS.test(job[name])) {
      fail(name, job[name], "a positive integer as a string", 'pass e.g. "123456"');
    }
  }
  if (typeof job.ref !== "string" || !/^refs\/(heads|tags|pull)\/\S/.test(job.ref)) {
    fail(
      "ref",
      job.ref,
      "a full ref: refs/heads/…, refs/tags/… or refs/pull/{n}/merge",
      'pass e.g. "refs/heads/main"',
    );
  }
  if (job.environment !== undefined && (typeof job.environment !== "string" || job.environment === "")) {
    fail(
      "environment",
      job.environment,
      "a non-empty environment name, or undefined",
      "pass undefined for none",
    );
  }
  for (const name of ["sha", "eventName", "actor", "workflow"] as const) {
    if (typeof job[name] !== "string" || job[name] === "")
      fail(name, job[name], "a non-empty string", "set it");
  }
  if (!Array.isArray(job.claimKeys) || job.claimKeys.length === 0) {
    fail("claimKeys", job.claimKeys, "a non-empty list of claim keys", 'pass e.g. ["repo", "context"]');
  }
  job.claimKeys.forEach((key, index) => {
    if (typeof key !== "string" || !CLAIM_KEY.test(key) || job.claimKeys.indexOf(key) !== index) {
      fail(
        `claimKeys[${index}]`,
        key,
        "a unique claim key of letters, digits and underscores",
        "fix the key",
      );
    }
  });
  if (typeof job.extraClaims !== "object" || job.extraClaims === null) {
    fail(
      "extraClaims",
      job.extraClaims,
      "an object of string claims",
      'pass e.g. { repo_property_team: "platform" }',
    );
  }
  return { ...job, claimKeys: [...job.claimKeys], extraClaims: { ...job.extraClaims } };
}

function checkAuthorization(
  header: string | undefined,
  requestToken: string,
): GitHubTokenRequest["authorization"] {
  if (header === undefined) return "missing";
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) return "invalid";
  const given = Buffer.from(match[1] as string);
  const expected = Buffer.from(requestToken);
  return given.length === expected.length && timingSafeEqual(given, expected) ? "valid" : "invalid";
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

function checkRequestToken(value: string): string {
  if (typeof value !== "string" || !/^[\x21-\x7e]{8,}$/.test(value)) {
    throw new InvalidEmulatorOptionError({
      field: "requestToken",
      value: typeof value === "string" ? `${value.length} characters` : value,
      expected: "at least 8 printable ASCII characters without spaces",
      fix: "leave it out for a random one",
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
