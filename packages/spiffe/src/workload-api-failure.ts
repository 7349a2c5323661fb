import { escapeControlCharacters, scrubAndShorten } from "@azfed/core/provider";
import { SpiffeWorkloadApiError, type WorkloadApiStatus } from "./spiffe-workload-api-error";
import type { WorkloadApiFailure } from "./workload-api-client";

/**
 * Which failures are worth another call, and what each means.
 *
 * @see spiffe/spiffe standards/SPIFFE_Workload_Endpoint.md, section 6 (commit
 *   665a28f3253ecdce59f26f3ef29c0d6408b37c3d, checked 2026-12-07): InvalidArgument, "The gRPC security
 *   header is not present in the client request", "Report an error, don't retry"; Unavailable, "Retry
 *   with a backoff"; PermissionDenied, "the workload has started before the identity or trust domain
 *   has been provisioned", "Retry with a backoff".
 */
const RETRIED: ReadonlySet<WorkloadApiStatus> = new Set(["Unavailable", "PermissionDenied"]);

/** Whether a failed `FetchJWTSVID` may succeed if called again after a backoff. @internal */
export function isRetriedStatus(status: WorkloadApiStatus): boolean {
  return RETRIED.has(status);
}

const ADVICE: Partial<Record<WorkloadApiStatus, string>> = {
  InvalidArgument:
    "the endpoint refused the request as malformed; azfed sends the workload.spiffe.io security header, so check that the address is a SPIFFE Workload API (a SPIRE agent's socket). Not retried",
  PermissionDenied:
    "the SPIRE agent has no identity for this process: create a registration entry whose selectors match it (spire-server entry create -parentID … -spiffeID … -selector …), or wait for the agent to receive a new entry",
  Unavailable:
    "no SPIFFE Workload API answered; check that the SPIRE agent runs and that its socket is mounted into this container",
  DeadlineExceeded: "no answer in time; check that the SPIRE agent is healthy (spire-agent healthcheck)",
  Unimplemented:
    "the endpoint does not serve FetchJWTSVID: JWT-SVIDs may be switched off (the SPIRE server's disable_jwt_svids)",
  ResourceExhausted: "the answer was larger than 1 MiB, far more than a few JWT-SVIDs",
};

/**
 * The typed error for a failed `FetchJWTSVID`: the endpoint, the gRPC status, the server's detail
 * text (control characters escaped, secrets scrubbed, at most 300 characters) and what to do.
 *
 * @internal
 */
export function workloadApiError(
  endpoint: string,
  failure: WorkloadApiFailure,
  attempts: number,
): SpiffeWorkloadApiError {
  const details = scrubAndShorten(escapeControlCharacters(failure.details), 300);
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  return new SpiffeWorkloadApiError({
    endpoint,
    status: failure.status,
    message: `FetchJWTSVID at ${endpoint} failed${tries} with ${failure.status}${details ? ` (${details})` : ""}; ${ADVICE[failure.status] ?? "check the SPIRE agent's log"}`,
  });
}

/** The typed error for an answer that holds no usable JWT-SVID. @internal */
export function invalidResponse(endpoint: string, problem: string): SpiffeWorkloadApiError {
  return new SpiffeWorkloadApiError({
    endpoint,
    status: "InvalidResponse",
    message: `FetchJWTSVID at ${endpoint} answered ${problem}`,
  });
}
