import { existsSync } from "node:fs";
import {
  type AssertionContext,
  type AssertionProvider,
  CredentialUnavailableError,
  type Detection,
  InvalidInputError,
  type ProviderOptions,
} from "@azfed/core";
import {
  type Clock,
  checkMilliseconds,
  checkProviderOptions,
  environmentSignal,
  providerEnvironment,
  requireClock,
  requireSubjectPart,
} from "@azfed/core/provider";
import { JwtSvidFile } from "./jwt-svid-file";
import { requireSpiffeId } from "./spiffe-id";
import { fetchJwtSvid } from "./workload-api-svid";
import { parseWorkloadEndpoint, SPIFFE_ENDPOINT_SOCKET, type WorkloadEndpoint } from "./workload-endpoint";

/**
 * Options of {@link spiffe}: where the JWT-SVID comes from (the Workload API, or a file spiffe-helper
 * keeps) and, for the Workload API, which of the workload's identities to present.
 *
 * @example
 * ```ts
 * const fromSocket: SpiffeOptions = { endpointSocket: "unix:///run/spire/sockets/agent.sock", spiffeId: "spiffe://example.org/ns/demo/sa/web" };
 * const fromFile: SpiffeOptions = { jwtSvidFile: "/run/spiffe/jwt_svid.token" };
 * ```
 */
export interface SpiffeOptions extends Pick<ProviderOptions, "env" | "retry" | "timeoutMs"> {
  /**
   * The Workload API's address, `unix:///path/to/agent.sock` or `tcp://{IP}:{port}`. Default
   * `SPIFFE_ENDPOINT_SOCKET`, read at each call. Not with `jwtSvidFile`.
   */
  readonly endpointSocket?: string | undefined;
  /**
   * The file spiffe-helper writes the JWT-SVID to (its `jwt_svids` entry's `jwt_svid_file_name` in
   * `cert_dir`), read at each exchange. Its audience is spiffe-helper's `jwt_audience`, which must be
   * the federated credential's (`api://AzureADTokenExchange`). Not with `endpointSocket`, `spiffeId`
   * or `hint` (spiffe-helper chooses with its own `hint`).
   */
  readonly jwtSvidFile?: string | undefined;
  /** The SPIFFE ID to ask the Workload API for, when the workload has several. Default: every one, the first presented. */
  readonly spiffeId?: string | undefined;
  /** Present the Workload API's JWT-SVID with this operator hint (e.g. `external`), when the workload has several. */
  readonly hint?: string | undefined;
  /** The current time in epoch milliseconds, against which `exp` is checked. Default `Date.now`. */
  readonly clock?: Clock | undefined;
}

/**
 * The provider {@link spiffe} returns: its `detect` answers at once (variables and one file, never a call).
 *
 * @example
 * ```ts
 * const provider: SpiffeAssertionProvider = spiffe();
 * provider.detect(); // { available: true, reason: "SPIFFE_ENDPOINT_SOCKET is set (unix:///run/spire/sockets/agent.sock)" }
 * ```
 */
export interface SpiffeAssertionProvider extends AssertionProvider {
  readonly name: "spiffe";
  /** Whether a Workload API address or a JWT-SVID file is configured and there. Never throws. */
  detect(env?: NodeJS.ProcessEnv): Detection;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRY = { maxRetries: 3, baseDelayMs: 200, maxDelayMs: 2_000 };

/**
 * The SPIFFE provider: a JWT-SVID for the exchange audience, fetched at every exchange from the SPIFFE
 * Workload API (`FetchJWTSVID` over `SPIFFE_ENDPOINT_SOCKET`, with the `workload.spiffe.io: true`
 * header; Unavailable and PermissionDenied are tried again with backoff within `timeoutMs`, default
 * 10 s), or read from the file spiffe-helper keeps renewed (`jwtSvidFile`). `@grpc/grpc-js` and
 * `protobufjs` are imported at the first Workload API call, never for the file or the builders.
 *
 * `DefaultFederatedCredential` detects it when `SPIFFE_ENDPOINT_SOCKET` is set (the variable the
 * SPIFFE Workload Endpoint standard defines for that purpose alone), after the CI platforms and
 * Kubernetes; the file is used only when named.
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-spiffe-spire
 *   (Part 4: a JWT-SVID for the audience api://AzureADTokenExchange; ms.date 08/12/2026, checked 2026-12-07)
 * @see spiffe/spiffe standards/SPIFFE_Workload_API.md, 6.2.1 FetchJWTSVID (commit 665a28f, checked 2026-12-07)
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/core";
 * import { spiffe } from "@azfed/spiffe";
 *
 * const credential = new FederatedTokenCredential({ assertion: spiffe() }); // SPIFFE_ENDPOINT_SOCKET
 * const fromFile = new FederatedTokenCredential({ assertion: spiffe({ jwtSvidFile: "/run/spiffe/jwt_svid.token" }) });
 * ```
 */
export function spiffe(options: SpiffeOptions = {}): SpiffeAssertionProvider {
  checkProviderOptions(options);
  const timeoutMs = checkMilliseconds("timeoutMs", options.timeoutMs) ?? DEFAULT_TIMEOUT_MS;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const now = requireClock("clock", options.clock);
  const svidFile = new JwtSvidFile(now);
  const spiffeId = options.spiffeId === undefined ? undefined : requireSpiffeId("spiffeId", options.spiffeId);
  const hint =
    options.hint === undefined
      ? undefined
      : requireSubjectPart("hint", options.hint, { expected: "a registration entry's hint, e.g. external" });
  const jwtSvidFile =
    options.jwtSvidFile === undefined
      ? undefined
      : requireSubjectPart("jwtSvidFile", options.jwtSvidFile, {
          expected: "the path of the JWT-SVID file spiffe-helper writes",
          fix: "pass cert_dir/jwt_svid_file_name from spiffe-helper's configuration",
        });
  if (
    jwtSvidFile !== undefined &&
    (options.endpointSocket !== undefined || spiffeId !== undefined || hint !== undefined)
  ) {
    throw new InvalidInputError({
      field: "jwtSvidFile",
      value: jwtSvidFile,
      expected: "either jwtSvidFile, or the Workload API options (endpointSocket, spiffeId, hint), not both",
      fix: "leave out jwtSvidFile to ask the Workload API, or endpointSocket, spiffeId and hint to read spiffe-helper's file",
    });
  }
  const configured =
    options.endpointSocket === undefined
      ? undefined
      : parseWorkloadEndpoint("endpointSocket", options.endpointSocket);
  const endpointFrom = (env: NodeJS.ProcessEnv): WorkloadEndpoint | undefined => {
    if (configured) return configured;
    const value = env[SPIFFE_ENDPOINT_SOCKET];
    return value ? parseWorkloadEndpoint(SPIFFE_ENDPOINT_SOCKET, value) : undefined;
  };

  return {
    name: "spiffe",
    detect(env?: NodeJS.ProcessEnv): Detection {
      if (jwtSvidFile !== undefined) {
        return existsSync(jwtSvidFile)
          ? { available: true, reason: `the JWT-SVID file ${jwtSvidFile} exists` }
          : {
              available: false,
              reason: `the JWT-SVID file ${jwtSvidFile} does not exist (is spiffe-helper running?)`,
            };
      }
      try {
        const endpoint = endpointFrom(providerEnvironment(options, env));
        // Neither endpointSocket nor SPIFFE_ENDPOINT_SOCKET: core's platform table says why not.
        if (endpoint === undefined) return { available: false, reason: environmentSignal("spiffe").absent };
        if (endpoint.transport === "unix" && !existsSync(endpoint.path)) {
          return { available: false, reason: `the Workload API socket ${endpoint.address} does not exist` };
        }
        return {
          available: true,
          reason: `${configured ? "endpointSocket" : SPIFFE_ENDPOINT_SOCKET} is set (${endpoint.address})`,
        };
      } catch (error) {
        return { available: false, reason: error instanceof Error ? error.message : String(error) };
      }
    },
    async getAssertion(context: AssertionContext): Promise<string> {
      context.signal?.throwIfAborted();
      if (jwtSvidFile !== undefined) return svidFile.read(jwtSvidFile, context);
      const endpoint = endpointFrom(providerEnvironment(options));
      if (endpoint === undefined) {
        throw new CredentialUnavailableError(
          `spiffe: ${SPIFFE_ENDPOINT_SOCKET} is not set; point it at the SPIRE agent's Workload API socket (unix:///…/agent.sock), or pass endpointSocket or jwtSvidFile`,
        );
      }
      return fetchJwtSvid(endpoint, context, { spiffeId, hint, timeoutMs, retry, now });
    },
  };
}
