import type { Metadata, ServiceError } from "@grpc/grpc-js";
import type { WorkloadApiStatus } from "./spiffe-workload-api-error";
import type { WorkloadEndpoint } from "./workload-endpoint";

/**
 * `SpiffeWorkloadAPI.FetchJWTSVID`'s messages, as the standard's `workloadapi.proto` declares them (no
 * `package`, so the method's path is `/SpiffeWorkloadAPI/FetchJWTSVID`): protobufjs builds their
 * codecs from this descriptor, so no `.proto` file is read at run time.
 *
 * @see spiffe/spiffe standards/workloadapi.proto (commit 665a28f3253ecdce59f26f3ef29c0d6408b37c3d,
 *   checked 2026-12-07): `rpc FetchJWTSVID(JWTSVIDRequest) returns (JWTSVIDResponse)`;
 *   JWTSVIDRequest { repeated string audience = 1; string spiffe_id = 2; };
 *   JWTSVIDResponse { repeated JWTSVID svids = 1; }; JWTSVID { string spiffe_id = 1; string svid = 2; string hint = 3; }
 */
const WORKLOAD_API_DESCRIPTOR = {
  nested: {
    JWTSVIDRequest: {
      fields: { audience: { rule: "repeated", type: "string", id: 1 }, spiffeId: { type: "string", id: 2 } },
    },
    JWTSVIDResponse: { fields: { svids: { rule: "repeated", type: "JWTSVID", id: 1 } } },
    JWTSVID: {
      fields: {
        spiffeId: { type: "string", id: 1 },
        svid: { type: "string", id: 2 },
        hint: { type: "string", id: 3 },
      },
    },
  },
};
export const FETCH_JWT_SVID_PATH = "/SpiffeWorkloadAPI/FetchJWTSVID";
/**
 * The security header every request carries, and the endpoint checks.
 *
 * @see spiffe/spiffe standards/SPIFFE_Workload_Endpoint.md, section 3 (commit 665a28f, checked
 *   2026-12-07): "every client request to the SPIFFE Workload Endpoint MUST include the static gRPC
 *   metadata key `workload.spiffe.io` with a value of `true` (case sensitive)"
 */
export const WORKLOAD_API_HEADER = { key: "workload.spiffe.io", value: "true" } as const;

/** A JWT-SVID is a few kilobytes; an answer of a megabyte is not a list of them. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

/** One JWT-SVID of a `FetchJWTSVID` answer. @internal */
export interface WorkloadJwtSvid {
  readonly spiffeId: string;
  readonly svid: string;
  readonly hint: string;
}

/** A `FetchJWTSVID` call's failure: its gRPC status and the server's detail text (not yet scrubbed). @internal */
export interface WorkloadApiFailure {
  readonly status: WorkloadApiStatus;
  readonly details: string;
}

const STATUS_NAMES: Readonly<Record<number, WorkloadApiStatus>> = {
  1: "Cancelled",
  2: "Unknown",
  3: "InvalidArgument",
  4: "DeadlineExceeded",
  5: "NotFound",
  7: "PermissionDenied",
  8: "ResourceExhausted",
  12: "Unimplemented",
  13: "Internal",
  14: "Unavailable",
  16: "Unauthenticated",
};

type Codec = {
  readonly serialize: (request: { audience: string[]; spiffeId: string }) => Buffer;
  readonly deserialize: (bytes: Buffer) => { svids: WorkloadJwtSvid[] };
};
let codec: Promise<Codec> | undefined;

/** The message codecs, built once from the descriptor when the socket is first used. */
function workloadApiCodec(): Promise<Codec> {
  codec ??= import("protobufjs").then(
    (module) => {
      // protobufjs is CommonJS: its exports are the module's default in both builds.
      const protobuf = module.default;
      const root = protobuf.Root.fromJSON(WORKLOAD_API_DESCRIPTOR);
      const request = root.lookupType("JWTSVIDRequest");
      const response = root.lookupType("JWTSVIDResponse");
      return {
        serialize: (message) => Buffer.from(request.encode(request.create(message)).finish()),
        deserialize: (bytes) =>
          response.toObject(response.decode(bytes), { defaults: true, arrays: true }) as {
            svids: WorkloadJwtSvid[];
          },
      };
    },
    (error: unknown) => {
      codec = undefined;
      throw error;
    },
  );
  return codec;
}

/**
 * Calls `FetchJWTSVID` once on `endpoint` with the security header, for `audience` (and `spiffeId`
 * when given), within `timeoutMs`, and resolves the JWT-SVIDs; a failure rejects with a
 * {@link WorkloadApiFailure}. `@grpc/grpc-js` and `protobufjs` are imported here, at the first call:
 * importing `@azfed/spiffe` loads neither. The channel is closed after the call.
 *
 * @internal
 */
export async function fetchJwtSvids(
  endpoint: WorkloadEndpoint,
  request: { readonly audience: string; readonly spiffeId?: string | undefined },
  options: { readonly timeoutMs: number; readonly signal?: AbortSignal | undefined },
): Promise<WorkloadJwtSvid[]> {
  const [grpc, { serialize, deserialize }] = await Promise.all([import("@grpc/grpc-js"), workloadApiCodec()]);
  options.signal?.throwIfAborted();
  const client = new grpc.Client(endpoint.grpcTarget, grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": MAX_RESPONSE_BYTES,
    "grpc.max_send_message_length": MAX_RESPONSE_BYTES,
    "grpc.enable_retries": 0,
    "grpc.service_config_disable_resolution": 1,
  });
  const metadata: Metadata = new grpc.Metadata();
  metadata.set(WORKLOAD_API_HEADER.key, WORKLOAD_API_HEADER.value);
  try {
    return await new Promise<WorkloadJwtSvid[]>((resolve, reject) => {
      const call = client.makeUnaryRequest(
        FETCH_JWT_SVID_PATH,
        serialize,
        deserialize,
        { audience: [request.audience], spiffeId: request.spiffeId ?? "" },
        metadata,
        { deadline: Date.now() + options.timeoutMs },
        (error: ServiceError | null, response?: { svids: WorkloadJwtSvid[] }) => {
          options.signal?.removeEventListener("abort", onAbort);
          if (options.signal?.aborted) reject(options.signal.reason);
          else if (error) reject(failureOf(error));
          else resolve(response?.svids ?? []);
        },
      );
      const onAbort = (): void => call.cancel();
      options.signal?.addEventListener("abort", onAbort, { once: true });
    });
  } finally {
    client.close();
  }
}

function failureOf(error: ServiceError): WorkloadApiFailure {
  return { status: STATUS_NAMES[error.code] ?? "Unknown", details: String(error.details ?? "") };
}

/** Whether a rejection of {@link fetchJwtSvids} is a gRPC failure (not an abort). @internal */
export function isWorkloadApiFailure(value: unknown): value is WorkloadApiFailure {
  return (
    typeof value === "object" &&
    value !== null &&
    "status" in value &&
    "details" in value &&
    !("name" in value)
  );
}
