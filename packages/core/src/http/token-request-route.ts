import type { Dispatcher } from "undici";

/**
 * Where a credential sends its requests to Entra instead of the authority host, and how to trust
 * that place: an HTTPS endpoint in front of Entra (the AKS identity binding proxy) with its own CA
 * and TLS server name (SNI). A provider returns one from {@link AssertionProvider.tokenRequestRoute};
 * the credential connects with exactly that CA (instead of the system's) and that server name,
 * which the endpoint's certificate must name.
 *
 * @example
 * ```ts
 * const route: TokenRequestRoute = {
 *   url: "https://10.0.0.1",
 *   ca: readFileSync("/var/run/secrets/azure/wi/ca-cert/ca.crt", "utf8"),
 *   serverName: "ib-proxy.westeurope.aks.example",
 *   description: "the AKS identity binding proxy (AZURE_KUBERNETES_TOKEN_PROXY)",
 * };
 * ```
 */
export interface TokenRequestRoute {
  /** An `https:` URL without query or fragment; each request's path is appended to its path. */
  readonly url: string;
  /** The PEM certificates to trust instead of the system's. Default: the system's. */
  readonly ca?: string | undefined;
  /** The TLS server name to send (SNI) and to find in the endpoint's certificate. Default: the URL's host. */
  readonly serverName?: string | undefined;
  /** What set this route up, in words for errors and logs (never a secret). */
  readonly description: string;
}

/**
 * The URL a request to Entra goes to on a route: the route's origin, the route's path joined to the
 * request's path with a single slash, and the request's query. This is how the Azure SDKs rewrite
 * token requests for the AKS identity binding proxy.
 *
 * @see https://github.com/Azure/azure-sdk-for-go/blob/main/sdk/azidentity/internal/customtokenproxy/rewrite.go (`rewriteRequestURL`, `joinURLPath`)
 * @see https://github.com/Azure/azure-sdk-for-js/blob/main/sdk/identity/identity/src/credentials/workloadIdentityCredential.ts (`createAksProxyClient`)
 * @example
 * ```ts
 * routedUrl("https://10.0.0.1/proxy", "https://login.microsoftonline.com/contoso/oauth2/v2.0/token?x=1");
 * // "https://10.0.0.1/proxy/contoso/oauth2/v2.0/token?x=1"
 * ```
 */
export function routedUrl(routeUrl: string, requestUrl: string): string {
  const route = new URL(routeUrl);
  const request = new URL(requestUrl);
  return `${route.origin}${route.pathname.replace(/\/$/, "")}${request.pathname}${request.search}`;
}

/** One agent per CA and server name: a rotated CA gets a new agent, and the old one is closed. */
const MAX_AGENTS = 4;
const agents = new Map<string, Dispatcher>();

/**
 * The undici agent that trusts exactly the route's CA and sends its server name, shared by every
 * request with the same CA and server name.
 *
 * @internal
 */
export async function routeDispatcher(route: TokenRequestRoute): Promise<Dispatcher> {
  const key = process
    .getBuiltinModule("node:crypto")
    .createHash("sha256")
    .update(`${route.serverName ?? ""}\n${route.ca ?? ""}`)
    .digest("hex");
  let agent = agents.get(key);
  if (agent === undefined) {
    const { Agent } = await import("undici");
    agent = new Agent({
      connect: {
        ...(route.ca !== undefined ? { ca: route.ca } : {}),
        ...(route.serverName !== undefined ? { servername: route.serverName } : {}),
      },
    });
    agents.set(key, agent);
    if (agents.size > MAX_AGENTS) {
      const [oldestKey, oldest] = agents.entries().next().value as [string, Dispatcher];
      agents.delete(oldestKey);
      oldest.close().catch(() => undefined);
    }
  }
  return agent;
}
