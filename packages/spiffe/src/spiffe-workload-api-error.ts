import { AssertionFetchError } from "@azfed/core";

/**
 * The gRPC status of a failed Workload API call, by its name in the gRPC specification
 * (`"PermissionDenied"`, `"Unavailable"`, …), or `"InvalidResponse"` when the answer was not a usable
 * JWT-SVID.
 *
 * @example
 * ```ts
 * const status: WorkloadApiStatus = "PermissionDenied";
 * ```
 */
export type WorkloadApiStatus =
  | "Cancelled"
  | "Unknown"
  | "InvalidArgument"
  | "DeadlineExceeded"
  | "NotFound"
  | "PermissionDenied"
  | "ResourceExhausted"
  | "Unimplemented"
  | "Internal"
  | "Unavailable"
  | "Unauthenticated"
  | "InvalidResponse";

/**
 * Thrown by the `spiffe()` provider when the SPIFFE Workload API refuses `FetchJWTSVID` or answers
 * something other than a usable JWT-SVID. The message names the endpoint, the gRPC status and what to
 * do; it never holds a JWT-SVID. It is an `AssertionFetchError` (`provider` is `"spiffe"`).
 *
 * @example
 * ```ts
 * try {
 *   await spiffe().getAssertion({ audience: "api://AzureADTokenExchange" });
 * } catch (error) {
 *   if (error instanceof SpiffeWorkloadApiError && error.status === "PermissionDenied") {
 *     console.error("no SPIRE registration entry matches this workload");
 *   }
 * }
 * ```
 */
export class SpiffeWorkloadApiError extends AssertionFetchError {
  override readonly name: string = "SpiffeWorkloadApiError";
  /** The Workload API address, as configured. */
  readonly endpoint: string;
  /** What went wrong, as a gRPC status name. */
  readonly status: WorkloadApiStatus;

  constructor(details: { endpoint: string; status: WorkloadApiStatus; message: string; cause?: unknown }) {
    super({ provider: "spiffe", message: details.message, cause: details.cause });
    this.endpoint = details.endpoint;
    this.status = details.status;
  }
}
