import { stat } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { type AssertionContext, CredentialUnavailableError, type RetryOptions } from "@azfed/core";
import { escapeControlCharacters, logger, retryDelayMs } from "@azfed/core/provider";
import { jwtSvidProblem, warnAboutJwtSvid } from "./jwt-svid";
import { fetchJwtSvids, isWorkloadApiFailure, type WorkloadJwtSvid } from "./workload-api-client";
import { invalidResponse, isRetriedStatus, workloadApiError } from "./workload-api-failure";
import type { WorkloadEndpoint } from "./workload-endpoint";

/** How {@link fetchJwtSvid} asks and chooses. @internal */
export interface WorkloadApiRequest {
  readonly spiffeId?: string | undefined;
  readonly hint?: string | undefined;
  readonly timeoutMs: number;
  readonly retry: RetryOptions;
  readonly now: () => number;
}

/** A workload is entitled to a handful of identities; an answer listing more is not believed. */
const MAX_SVIDS = 64;

/**
 * A fresh JWT-SVID for `context.audience` from the Workload API at `endpoint`: `FetchJWTSVID`, called
 * again with backoff after Unavailable or PermissionDenied while `timeoutMs` lasts, then the SVID of
 * `spiffeId`, else the first with `hint`, else the first. A socket that does not exist is a
 * `CredentialUnavailableError`; every other failure a `SpiffeWorkloadApiError`.
 *
 * @internal
 */
export async function fetchJwtSvid(
  endpoint: WorkloadEndpoint,
  context: AssertionContext,
  request: WorkloadApiRequest,
): Promise<string> {
  if (endpoint.transport === "unix") await requireSocket(endpoint);
  const deadline = request.now() + request.timeoutMs;
  const maxRetries = request.retry.maxRetries ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      const svids = await fetchJwtSvids(
        endpoint,
        { audience: context.audience, spiffeId: request.spiffeId },
        { timeoutMs: Math.max(1, deadline - request.now()), signal: context.signal },
      );
      return chooseSvid(endpoint.address, svids, context, request);
    } catch (error) {
      if (!isWorkloadApiFailure(error)) throw error;
      const wait = retryDelayMs(attempt, undefined, request.retry);
      if (!isRetriedStatus(error.status) || attempt > maxRetries || request.now() + wait >= deadline) {
        throw workloadApiError(endpoint.address, error, attempt);
      }
      logger.info(
        `spiffe: FetchJWTSVID at ${endpoint.address} answered ${error.status}; trying again in ${wait} ms`,
      );
      await sleep(wait, undefined, { signal: context.signal });
    }
  }
}

async function requireSocket(endpoint: Extract<WorkloadEndpoint, { transport: "unix" }>): Promise<void> {
  try {
    await stat(endpoint.path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") return;
    throw new CredentialUnavailableError(
      `spiffe: no Workload API socket at ${endpoint.address} (the file does not exist); mount the SPIRE agent's socket into this container (the SPIFFE CSI driver, or a hostPath volume) and point SPIFFE_ENDPOINT_SOCKET at it`,
      { cause: error },
    );
  }
}

function chooseSvid(
  address: string,
  svids: readonly WorkloadJwtSvid[],
  context: AssertionContext,
  request: WorkloadApiRequest,
): string {
  if (svids.length === 0)
    throw invalidResponse(address, "no JWT-SVID, though the standard requires at least one");
  if (svids.length > MAX_SVIDS)
    throw invalidResponse(address, `${svids.length} JWT-SVIDs, more than ${MAX_SVIDS}`);
  const listed = svids.map((svid) => describe(svid)).join(", ");
  const chosen =
    request.spiffeId !== undefined
      ? svids.find((svid) => svid.spiffeId === request.spiffeId)
      : request.hint !== undefined
        ? svids.find((svid) => svid.hint === request.hint)
        : svids[0];
  if (chosen === undefined) {
    throw invalidResponse(
      address,
      request.spiffeId !== undefined
        ? `JWT-SVIDs for ${listed}, none for the requested ${request.spiffeId}; check the spiffeId option against the registration entries`
        : `JWT-SVIDs for ${listed}, none with hint ${JSON.stringify(request.hint)}; check the hint option against the registration entries' hints`,
    );
  }
  if (svids.length > 1 && request.spiffeId === undefined && request.hint === undefined) {
    logger.info(
      `spiffe: the workload has ${svids.length} identities (${listed}); presenting the first. Pass spiffeId or hint to choose`,
    );
  }
  const checked = jwtSvidProblem(chosen.svid, request.now());
  if ("problem" in checked)
    throw invalidResponse(address, `a JWT-SVID for ${describe(chosen)} that ${checked.message}`);
  if (checked.claims.sub !== chosen.spiffeId) {
    throw invalidResponse(address, `a JWT-SVID whose sub differs from its SPIFFE ID ${describe(chosen)}`);
  }
  warnAboutJwtSvid(chosen.svid, checked.claims, context, address);
  return chosen.svid;
}

function describe(svid: WorkloadJwtSvid): string {
  const id = escapeControlCharacters(svid.spiffeId.slice(0, 300)) || "(no SPIFFE ID)";
  return svid.hint ? `${id} (hint ${JSON.stringify(escapeControlCharacters(svid.hint.slice(0, 100)))})` : id;
}
