import { InvalidInputError } from "@azfed/core";
import { requireSubjectPart } from "@azfed/core/provider";

/**
 * The environment variable that names the SPIFFE Workload API endpoint, e.g.
 * `unix:///run/spire/sockets/agent.sock` or `tcp://127.0.0.1:8000`.
 *
 * @see spiffe/spiffe standards/SPIFFE_Workload_Endpoint.md, section 4 (commit
 *   665a28f3253ecdce59f26f3ef29c0d6408b37c3d, checked 2026-12-07): "the well-known environment
 *   variable `SPIFFE_ENDPOINT_SOCKET`. If not explicitly configured, conforming clients MUST fall back
 *   to the environment variable."
 * @example
 * ```ts
 * process.env[SPIFFE_ENDPOINT_SOCKET]; // "unix:///run/spire/sockets/agent.sock"
 * ```
 */
export const SPIFFE_ENDPOINT_SOCKET = "SPIFFE_ENDPOINT_SOCKET";

/** Where the Workload API listens, parsed: a Unix domain socket's path, or a TCP address. @internal */
export type WorkloadEndpoint =
  | {
      readonly transport: "unix";
      readonly address: string;
      readonly path: string;
      readonly grpcTarget: string;
    }
  | { readonly transport: "tcp"; readonly address: string; readonly grpcTarget: string };

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const EXPECTED = "a Workload API address: unix:///absolute/path/to/agent.sock or tcp://{IP address}:{port}";

/**
 * Parses a Workload API address by the rules of the SPIFFE Workload Endpoint standard: scheme `unix`
 * with an absolute path and nothing else (`unix:///run/spire/sockets/agent.sock`), or scheme `tcp`
 * with an IP address and a port and nothing else (`tcp://127.0.0.1:8000`). `field` names the option or
 * variable in the error.
 *
 * @see spiffe/spiffe standards/SPIFFE_Workload_Endpoint.md, section 4 (commit 665a28f, checked
 *   2026-12-07): "If the scheme is set to `unix`, then the authority component MUST NOT be set, and the
 *   path component MUST be set to the absolute path"; "If the scheme is set to `tcp`, then the host
 *   component of the authority MUST be set to an IP address, and the port component … MUST be set";
 *   "`tcp://127.0.0.1:8000` is valid, and `tcp://127.0.0.1:8000/foo` is not".
 * @internal
 */
export function parseWorkloadEndpoint(field: string, value: unknown): WorkloadEndpoint {
  const address = requireSubjectPart(field, value, {
    expected: EXPECTED,
    fix: `set ${SPIFFE_ENDPOINT_SOCKET} (or endpointSocket) to the SPIRE agent's socket, e.g. unix:///run/spire/sockets/agent.sock`,
  });
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw refuse(field, address, "a URI with a unix or tcp scheme");
  }
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw refuse(field, address, "no query, fragment or user information");
  }
  if (url.protocol === "unix:") {
    if (url.host !== "")
      throw refuse(field, address, "no authority in a unix address (three slashes: unix:///path)");
    if (!url.pathname.startsWith("/") || url.pathname === "/") {
      throw refuse(field, address, "the absolute path of the socket");
    }
    const path = decodeURIComponent(url.pathname);
    return { transport: "unix", address, path, grpcTarget: `unix://${path}` };
  }
  if (url.protocol === "tcp:") {
    if (url.pathname !== "" && url.pathname !== "/") throw refuse(field, address, "no path in a tcp address");
    if (url.port === "") throw refuse(field, address, "a port in a tcp address");
    const host = url.hostname;
    if (host.startsWith("[")) return { transport: "tcp", address, grpcTarget: `ipv6:${host}:${url.port}` };
    if (!IPV4.test(host)) throw refuse(field, address, "an IP address, not a host name, in a tcp address");
    return { transport: "tcp", address, grpcTarget: `ipv4:${host}:${url.port}` };
  }
  throw refuse(field, address, "the scheme unix or tcp");
}

function refuse(field: string, address: string, what: string): InvalidInputError {
  return new InvalidInputError({
    field,
    value: address,
    expected: `${EXPECTED} (${what})`,
    fix: "write the address as the SPIFFE Workload Endpoint standard does, e.g. unix:///run/spire/sockets/agent.sock",
  });
}
