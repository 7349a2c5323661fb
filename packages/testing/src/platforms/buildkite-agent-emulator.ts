import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Dispatcher } from "undici";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import type { TestCertificateAuthority } from "../servers/certificate-authority";
import { EmulatorTraffic } from "../servers/emulator-traffic";
import type { InjectedFault } from "../servers/fault-injection";
import { startHttpsServer } from "../servers/https-server";
import { readBody, sendJson } from "../servers/json-response";
import { checkSecretHeader, checkSecretOption } from "../servers/request-secret";
import {
  type BuildkiteJob,
  buildkiteCompoundSubject,
  buildkiteIdClaims,
  buildkiteJobVariables,
  buildkiteTokenClaims,
  defaultBuildkiteJob,
} from "./buildkite-job";
import { type OidcIssuer, startOidcIssuer } from "./oidc-issuer";

/**
 * One request the agent API received. The agent access token is never recorded.
 *
 * @example
 * ```ts
 * const [first] = buildkite.requests;
 * first?.authorization; // "valid"
 * first?.body; // { audience: "api://AzureADTokenExchange", subject_claim: "pipeline_id" }
 * ```
 */
export interface BuildkiteTokenRequest {
  readonly method: string;
  readonly path: string;
  /** Whether `Authorization: Token …` carried the job's agent access token. */
  readonly authorization: "valid" | "invalid" | "missing";
  /** The `Buildkite-*` headers received (names in lower case). */
  readonly buildkiteHeaders: Readonly<Record<string, string>>;
  /** The JSON body, parsed; `undefined` when it was not a JSON object. */
  readonly body: Readonly<Record<string, unknown>> | undefined;
  /** The status answered (0 for a dropped connection, or while the answer is still pending). */
  readonly status: number;
}

/**
 * Options of {@link startBuildkiteAgentEmulator}.
 *
 * @example
 * ```ts
 * const options: BuildkiteAgentEmulatorOptions = { job: { pipelineSlug: "deploy", tag: "v1.2.0" } };
 * ```
 */
export interface BuildkiteAgentEmulatorOptions {
  /** The job; unset fields take defaults (the documented sample: `acme-inc/super-duper-app` on `main`). */
  readonly job?: Partial<BuildkiteJob> | undefined;
  /** The agent access token (`BUILDKITE_AGENT_ACCESS_TOKEN`). Default 64 random hex characters. */
  readonly accessToken?: string | undefined;
  /** An issuer to sign with instead of a new one (not closed by `close()`). */
  readonly issuer?: OidcIssuer | undefined;
  /** The CA for the agent API and the issuer. Default the process's test CA. */
  readonly ca?: TestCertificateAuthority | undefined;
}

/**
 * A running Buildkite agent API (its job OIDC endpoint).
 *
 * @example
 * ```ts
 * const agent = await startBuildkiteAgentEmulator();
 * const provider = buildkite({ env: agent.env(), dispatcher: agent.dispatcher });
 * await agent.close();
 * ```
 */
export interface BuildkiteAgentEmulator {
  /** The API's origin, `https://127.0.0.1:PORT`. */
  readonly url: string;
  /** `BUILDKITE_AGENT_ENDPOINT`: `{url}/v3`. */
  readonly endpoint: string;
  /** `BUILDKITE_AGENT_ACCESS_TOKEN`. */
  readonly accessToken: string;
  /** The tokens' `iss` (the emulator's own; Buildkite's is `https://agent.buildkite.com`). */
  readonly issuer: string;
  readonly oidcIssuer: OidcIssuer;
  readonly ca: TestCertificateAuthority;
  /** An undici dispatcher that trusts the CA. */
  readonly dispatcher: Dispatcher;
  /** The current job. */
  readonly job: BuildkiteJob;
  /** Changes the job: given fields replace the current ones. */
  setJob(changes: Partial<BuildkiteJob>): void;
  /** The `sub` of a token asked for with `subjectClaim` (a claim name), or the default compound one. */
  subject(subjectClaim?: string): string;
  /** The job's variables, `BUILDKITE_AGENT_ENDPOINT` and `BUILDKITE_AGENT_ACCESS_TOKEN` included. */
  env(): Record<string, string>;
  /** Every request received, oldest first. */
  readonly requests: readonly BuildkiteTokenRequest[];
  readonly requestCount: number;
  /** The tokens issued, oldest first. */
  readonly issuedTokens: readonly string[];
  /** Makes the next `count` requests fail with `fault` (a status, a dropped connection, a hostile answer). */
  failNext(count: number, fault: InjectedFault): void;
  /** Waits `ms` before every answer; 0 turns it off. */
  setLatency(ms: number): void;
  /** Forgets the requests, tokens, queued faults and latency (not the job). */
  reset(): void;
  /** Stops the server and closes its open connections. */
  close(): Promise<void>;
}

/** `exp` "Defaults to 5 minutes in the future at generation" (buildkite/docs `pages/agent/cli/reference/oidc.md`). */
const DEFAULT_LIFETIME_SECONDS = 300;

/**
 * Starts a Buildkite agent API on `https://127.0.0.1:PORT/v3` answering what `buildkite-agent oidc
 * request-token` sends: `POST /v3/jobs/{job id}/oidc/tokens` with `Authorization: Token {access
 * token}` and a JSON body of `audience`, `lifetime`, `claims` and `subject_claim` (each left out when
 * unset), with `{ "token": "<jwt>" }`. Failures are the API's `{ "message": "…" }` JSON: 401 for a
 * missing or wrong access token, 404 for another job's path, 422 for a claim or subject claim the job
 * cannot give or a bad lifetime. Tokens carry the documented claims (`sub` compound by default, or the
 * `subject_claim`'s UUID), live `lifetime` seconds (default 300), and are signed by an issuer the
 * Entra emulator trusts.
 *
 * @see https://github.com/buildkite/agent/blob/main/api/oidc.go (commit 5c219808e7e0bb55839b2110f3fd75cf5d25cdb8 of buildkite/agent, checked 2026-12-07: the path, the body fields, the `token` field)
 * @see https://github.com/buildkite/agent/blob/main/internal/agenthttp/auth.go (same commit: `Authorization: Token %s`)
 * @see https://github.com/buildkite/agent/blob/main/api/client.go (same commit: errors are JSON `{ "message": … }`)
 * @example
 * ```ts
 * const agent = await startBuildkiteAgentEmulator({ job: { pipelineSlug: "deploy" } });
 * entra.addApplication({
 *   clientId,
 *   tenantId,
 *   federatedCredentials: [
 *     { name: "deploy", issuer: agent.issuer, subject: agent.subject("pipeline_id"), audiences: ["api://AzureADTokenExchange"] },
 *   ],
 * });
 * ```
 */
export async function startBuildkiteAgentEmulator(
  options: BuildkiteAgentEmulatorOptions = {},
): Promise<BuildkiteAgentEmulator> {
  const accessToken = checkSecretOption(
    "accessToken",
    options.accessToken ?? randomBytes(32).toString("hex"),
  );
  let job: BuildkiteJob = { ...defaultBuildkiteJob(), ...(options.job ?? {}) };
  const ownsIssuer = options.issuer === undefined;
  const oidcIssuer = options.issuer ?? (await startOidcIssuer({ ca: options.ca }));
  const ca = options.ca ?? oidcIssuer.ca;
  const traffic = new EmulatorTraffic<BuildkiteTokenRequest>();

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? "/", "https://localhost").pathname;
    const text = await readBody(request).catch(() => "");
    const body = parseObject(text);
    const entry = {
      method: request.method ?? "GET",
      path,
      authorization: checkSecretHeader(request.headers.authorization, "Token", accessToken),
      buildkiteHeaders: Object.fromEntries(
        Object.entries(request.headers).filter(
          (entry): entry is [string, string] =>
            entry[0].startsWith("buildkite-") && typeof entry[1] === "string",
        ),
      ),
      body,
    };
    const exchange = traffic.begin(entry);
    if (await traffic.servedFault(request, response, exchange)) return;
    const answer = (status: number, answerBody: unknown) => {
      exchange.answered(status);
      sendJson(response, status, answerBody);
    };
    if (entry.authorization !== "valid") return answer(401, { message: "Unauthorized" });
    if (path !== `/v3/jobs/${encodeURIComponent(job.jobId)}/oidc/tokens` || request.method !== "POST") {
      return answer(404, { message: "Not Found" });
    }
    if (body === undefined) return answer(400, { message: "Request body must be a JSON object" });
    const lifetime = body.lifetime ?? DEFAULT_LIFETIME_SECONDS;
    if (!Number.isInteger(lifetime) || (lifetime as number) <= 0) {
      return answer(422, { message: "Lifetime must be a positive integer" });
    }
    const claims = buildkiteTokenClaims(job, {
      audience: typeof body.audience === "string" ? body.audience : undefined,
      subjectClaim: typeof body.subject_claim === "string" ? body.subject_claim : undefined,
      claims: Array.isArray(body.claims) ? body.claims.map(String) : undefined,
    });
    if (typeof claims === "string") return answer(422, { message: claims });
    const token = await oidcIssuer.mint(
      { ...claims, jti: randomUUID() },
      { lifetimeSeconds: lifetime as number },
    );
    exchange.issued(token);
    answer(200, { token });
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
    endpoint: `${server.url}/v3`,
    accessToken,
    issuer: oidcIssuer.issuer,
    oidcIssuer,
    ca,
    dispatcher: ca.dispatcher,
    get job() {
      return job;
    },
    setJob(changes: Partial<BuildkiteJob>): void {
      job = { ...job, ...changes };
    },
    subject(subjectClaim?: string): string {
      if (subjectClaim === undefined) return buildkiteCompoundSubject(job);
      const value = buildkiteIdClaims(job)[subjectClaim];
      if (value === undefined) {
        throw new InvalidEmulatorOptionError({
          field: "subjectClaim",
          value: subjectClaim,
          expected:
            "a claim the job has: organization_id, pipeline_id, cluster_id, queue_id, build_id, job_id or agent_id",
          fix: 'pass e.g. "pipeline_id"',
        });
      }
      return value;
    },
    env(): Record<string, string> {
      return {
        ...buildkiteJobVariables(job),
        BUILDKITE_AGENT_ENDPOINT: `${server.url}/v3`,
        BUILDKITE_AGENT_ACCESS_TOKEN: accessToken,
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
    failNext: (count: number, fault: InjectedFault) => traffic.failNext(count, fault),
    setLatency: (ms: number) => traffic.setLatency(ms),
    reset: () => traffic.reset(),
    async close(): Promise<void> {
      await server.close();
      if (ownsIssuer) await oidcIssuer.close();
    },
  };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
