import { rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  status as grpcStatus,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type sendUnaryData,
} from "@grpc/grpc-js";
import protobuf from "protobufjs";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import type { TestCertificateAuthority } from "../servers/certificate-authority";
import { createPidOwnedTemporaryDirectory } from "../servers/pid-owned-directory";
import { type MintOptions, type OidcIssuer, startOidcIssuer } from "./oidc-issuer";

/**
 * The JWT-SVID part of the SPIFFE Workload API's service definition, word for word (the file declares
 * no `package`: the method's path is `/SpiffeWorkloadAPI/FetchJWTSVID`). The emulator parses this text,
 * so it reads the wire format independently of the client's own descriptor.
 *
 * @see spiffe/spiffe standards/workloadapi.proto (commit 665a28f3253ecdce59f26f3ef29c0d6408b37c3d, checked 2026-12-07)
 */
const WORKLOAD_API_PROTO = `syntax = "proto3";
message JWTSVIDRequest {
    repeated string audience = 1;
    string spiffe_id = 2;
}
message JWTSVIDResponse {
    repeated JWTSVID svids = 1;
}
message JWTSVID {
    string spiffe_id = 1;
    string svid = 2;
    string hint = 3;
}`;

/**
 * A gRPC status the emulator can answer with, by its name in the gRPC specification.
 *
 * @example
 * ```ts
 * const status: WorkloadApiFault = "Unavailable";
 * ```
 */
export type WorkloadApiFault =
  | "InvalidArgument"
  | "PermissionDenied"
  | "Unavailable"
  | "Unimplemented"
  | "Internal";

/**
 * One identity the emulated SPIRE agent has for the caller (a registration entry whose selectors match).
 *
 * @example
 * ```ts
 * const identity: SpireIdentity = { spiffeId: "spiffe://example.org/ns/demo/sa/web", hint: "external" };
 * ```
 */
export interface SpireIdentity {
  readonly spiffeId: string;
  readonly hint?: string | undefined;
}

/**
 * A `FetchJWTSVID` call the emulator received: what was asked, and whether the security header was there.
 *
 * @example
 * ```ts
 * const [first] = workloadApi.requests;
 * expect(first?.securityHeader).toBe(true);
 * ```
 */
export interface WorkloadApiRequestRecord {
  readonly audience: readonly string[];
  readonly spiffeId: string;
  /** Whether the call carried `workload.spiffe.io: true` exactly once. */
  readonly securityHeader: boolean;
}

/**
 * Options of {@link startSpireWorkloadApi}.
 *
 * @example
 * ```ts
 * const options: SpireWorkloadApiOptions = { identities: [{ spiffeId: "spiffe://example.org/ns/demo/sa/web" }] };
 * ```
 */
export interface SpireWorkloadApiOptions {
  /** The caller's identities. Default one: `spiffe://example.org/ns/default/sa/default`. */
  readonly identities?: readonly SpireIdentity[] | undefined;
  /** The JWT-SVIDs' lifetime. Default 300 s (SPIRE's `default_jwt_svid_ttl`, 5m). */
  readonly lifetimeSeconds?: number | undefined;
  /** The SPIRE OIDC discovery provider (the issuer Entra trusts). Default: a new one, closed by `close()`. */
  readonly issuer?: OidcIssuer | undefined;
  /** The CA of the issuer started by default. */
  readonly ca?: TestCertificateAuthority | undefined;
}

/**
 * A SPIRE agent's SPIFFE Workload API on a Unix domain socket in a new temporary directory, answering
 * `FetchJWTSVID` as SPIRE's agent does: JWT-SVIDs (RS256, `iss` the OIDC discovery provider's URL, as
 * with `jwt_key_type = "rsa-2048"` and `jwt_issuer` set) for the requested audience and each identity
 * (or only `spiffe_id`'s); InvalidArgument "security header missing from request" without
 * `workload.spiffe.io: true`, InvalidArgument "audience must be specified", PermissionDenied "no
 * identity issued" when no identity matches.
 *
 * @see spiffe/spire pkg/agent/endpoints/middleware.go and pkg/agent/endpoints/workload/handler.go
 *   (commit ef8527ec91013c6c1b4741e0f6ac0786576e620e, checked 2026-12-07)
 * @example
 * ```ts
 * const workloadApi = await startSpireWorkloadApi({ identities: [{ spiffeId: "spiffe://example.org/ns/demo/sa/web" }] });
 * const provider = spiffe({ env: workloadApi.env() });
 * await workloadApi.close();
 * ```
 */
export interface SpireWorkloadApi {
  /** The socket's path. */
  readonly socketPath: string;
  /** `unix://{socketPath}`: the value of `SPIFFE_ENDPOINT_SOCKET`. */
  readonly endpoint: string;
  /** The SPIRE OIDC discovery provider signing the JWT-SVIDs. */
  readonly oidcIssuer: OidcIssuer;
  /** The JWT-SVIDs' `iss`. */
  readonly issuer: string;
  /** Every `FetchJWTSVID` call received, oldest first. */
  readonly requests: readonly WorkloadApiRequestRecord[];
  /** Every JWT-SVID issued, oldest first. */
  readonly issuedTokens: readonly string[];
  /** How many `FetchJWTSVID` calls were answered (faults included). */
  count(): number;
  /** Answers the next `count` calls with the gRPC status `fault`. */
  failNext(count: number, fault: WorkloadApiFault): void;
  /** Replaces the caller's identities (none: every call answers PermissionDenied). */
  setIdentities(identities: readonly SpireIdentity[]): void;
  /**
   * Writes a JWT-SVID for `audience` to `path` the way spiffe-helper does (the token alone, mode 0600,
   * overwritten in place), and resolves it.
   */
  writeJwtSvidFile(
    path: string,
    audience: string,
    options?: Pick<MintOptions, "expired" | "wrongKey">,
  ): Promise<string>;
  /** `SPIFFE_ENDPOINT_SOCKET` pointing at this socket, and nothing else. */
  env(): { SPIFFE_ENDPOINT_SOCKET: string };
  /** Forgets requests, tokens and faults, and restores the identities given at start. */
  reset(): void;
  /** Stops the server and removes the socket's directory (and the issuer it started). */
  close(): Promise<void>;
}

const METHOD_PATH = "/SpiffeWorkloadAPI/FetchJWTSVID";
const DEFAULT_IDENTITY: SpireIdentity = { spiffeId: "spiffe://example.org/ns/default/sa/default" };

/**
 * Starts an emulated SPIRE agent Workload API (see {@link SpireWorkloadApi}).
 *
 * @example
 * ```ts
 * const workloadApi = await startSpireWorkloadApi();
 * entra.addApplication({
 *   clientId,
 *   tenantId,
 *   federatedCredentials: [
 *     { name: "spiffe", issuer: workloadApi.issuer, subject: "spiffe://example.org/ns/default/sa/default", audiences: ["api://AzureADTokenExchange"] },
 *   ],
 * });
 * ```
 */
export async function startSpireWorkloadApi(
  options: SpireWorkloadApiOptions = {},
): Promise<SpireWorkloadApi> {
  const initial = [...(options.identities ?? [DEFAULT_IDENTITY])];
  const lifetimeSeconds = options.lifetimeSeconds ?? 300;
  if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds <= 0) {
    throw new InvalidEmulatorOptionError({
      field: "lifetimeSeconds",
      value: lifetimeSeconds,
      expected: "a positive whole number of seconds",
    });
  }
  const ownIssuer = options.issuer === undefined;
  const oidcIssuer = options.issuer ?? (await startOidcIssuer(options.ca ? { ca: options.ca } : {}));
  const root = protobuf.parse(WORKLOAD_API_PROTO, { keepCase: true }).root;
  const requestType = root.lookupType("JWTSVIDRequest");
  const responseType = root.lookupType("JWTSVIDResponse");

  let identities = initial;
  const requests: WorkloadApiRequestRecord[] = [];
  const issuedTokens: string[] = [];
  const faults: WorkloadApiFault[] = [];

  const mint = async (
    spiffeId: string,
    audience: readonly string[],
    mintOptions: MintOptions = {},
  ): Promise<string> => {
    const token = await oidcIssuer.mint(
      { sub: spiffeId, aud: audience.length === 1 ? (audience[0] as string) : [...audience] },
      { lifetimeSeconds, ...mintOptions },
    );
    issuedTokens.push(token);
    return token;
  };

  const fetchJwtSvid = (
    call: ServerUnaryCall<{ audience: string[]; spiffe_id: string }, unknown>,
    callback: sendUnaryData<unknown>,
  ): void => {
    const header = call.metadata.get("workload.spiffe.io");
    const securityHeader = header.length === 1 && header[0] === "true";
    const { audience = [], spiffe_id: spiffeId = "" } = call.request;
    requests.push({ audience: [...audience], spiffeId, securityHeader });
    const fault = faults.shift();
    const matching = identities.filter((identity) => spiffeId === "" || identity.spiffeId === spiffeId);
    const refusal =
      fault !== undefined
        ? { code: grpcStatus[STATUS_CODES[fault]], details: `injected ${fault}` }
        : !securityHeader
          ? { code: grpcStatus.INVALID_ARGUMENT, details: "security header missing from request" }
          : audience.length === 0
            ? { code: grpcStatus.INVALID_ARGUMENT, details: "audience must be specified" }
            : matching.length === 0
              ? { code: grpcStatus.PERMISSION_DENIED, details: "no identity issued" }
              : undefined;
    if (refusal) {
      callback(refusal);
      return;
    }
    Promise.all(
      matching.map(async (identity) => ({
        spiffe_id: identity.spiffeId,
        svid: await mint(identity.spiffeId, audience),
        hint: identity.hint ?? "",
      })),
    ).then(
      (svids) => callback(null, { svids }),
      (error: unknown) => callback({ code: grpcStatus.INTERNAL, details: String(error) }),
    );
  };

  const server = new Server();
  server.addService(
    {
      FetchJWTSVID: {
        path: METHOD_PATH,
        requestStream: false,
        responseStream: false,
        requestSerialize: (value: unknown) =>
          Buffer.from(requestType.encode(requestType.fromObject(value as object)).finish()),
        requestDeserialize: (bytes: Buffer) =>
          requestType.toObject(requestType.decode(bytes), { arrays: true, defaults: true }),
        responseSerialize: (value: unknown) =>
          Buffer.from(responseType.encode(responseType.fromObject(value as object)).finish()),
        responseDeserialize: (bytes: Buffer) =>
          responseType.toObject(responseType.decode(bytes), { arrays: true, defaults: true }),
      },
    },
    { FetchJWTSVID: fetchJwtSvid },
  );
  const directory = createPidOwnedTemporaryDirectory("azfed-spire");
  const socketPath = join(directory, "agent.sock");
  try {
    await new Promise<void>((resolve, reject) => {
      server.bindAsync(`unix://${socketPath}`, ServerCredentials.createInsecure(), (error) =>
        error ? reject(error) : resolve(),
      );
    });
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    if (ownIssuer) await oidcIssuer.close();
    throw error;
  }
  const endpoint = `unix://${socketPath}`;

  return {
    socketPath,
    endpoint,
    oidcIssuer,
    issuer: oidcIssuer.issuer,
    requests,
    issuedTokens,
    count: () => requests.length,
    failNext(count: number, fault: WorkloadApiFault): void {
      for (let i = 0; i < count; i++) faults.push(fault);
    },
    setIdentities(next: readonly SpireIdentity[]): void {
      identities = [...next];
    },
    async writeJwtSvidFile(path, audience, mintOptions = {}): Promise<string> {
      const first = identities[0];
      if (first === undefined) throw new Error("the emulated agent has no identity to write a JWT-SVID for");
      const token = await mint(first.spiffeId, [audience], mintOptions);
      await writeFile(path, token, { mode: 0o600 });
      return token;
    },
    env: () => ({ SPIFFE_ENDPOINT_SOCKET: endpoint }),
    reset(): void {
      requests.length = 0;
      issuedTokens.length = 0;
      faults.length = 0;
      identities = initial;
    },
    async close(): Promise<void> {
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      server.forceShutdown();
      rmSync(directory, { recursive: true, force: true });
      if (ownIssuer) await oidcIssuer.close();
    },
  };
}

const STATUS_CODES: Readonly<Record<WorkloadApiFault, keyof typeof grpcStatus>> = {
  InvalidArgument: "INVALID_ARGUMENT",
  PermissionDenied: "PERMISSION_DENIED",
  Unavailable: "UNAVAILABLE",
  Unimplemented: "UNIMPLEMENTED",
  Internal: "INTERNAL",
};
