import { isTenantAlias } from "../oracles/tenant-alias";
import { refuse } from "./entra-error";
import type { EntraEndpoint } from "./request-log";

/**
 * What the Entra emulator publishes and how it reads a path: the routes of its four endpoints, the
 * tenant's OpenID configuration, instance discovery, and which issuers are its own. No sockets: the
 * server in `entra-emulator.ts` calls these.
 */

const TENANT_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;

export interface Route {
  readonly endpoint: EntraEndpoint | undefined;
  readonly tenant: string;
  readonly v2: boolean;
}

export function routeOf(pathname: string): Route {
  const segments = pathname.split("/").filter((segment) => segment !== "");
  const [tenant = "", ...rest] = segments.map(decodeSegment);
  const path = rest.join("/");
  const endpoint: EntraEndpoint | undefined =
    path === "v2.0/.well-known/openid-configuration"
      ? "openid-configuration"
      : path === "discovery/instance"
        ? "instance-discovery"
        : path === "discovery/v2.0/keys" || path === "discovery/keys"
          ? "keys"
          : path === "oauth2/v2.0/token"
            ? "token"
            : undefined;
  return { endpoint, tenant, v2: path === "discovery/v2.0/keys" };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function checkTenant(tenant: string): void {
  if (!TENANT_SEGMENT.test(tenant)) throw refuse.invalidTenant(tenant);
}

export function issuerOf(url: string, tenant: string): string {
  return `${url}/${isTenantAlias(tenant) ? "{tenantid}" : tenant}/v2.0`;
}

/** The tenant's OIDC discovery document, shaped like Entra's (endpoints on the emulator's host). */
export function openIdConfiguration(url: string, tenant: string): Record<string, unknown> {
  const base = `${url}/${isTenantAlias(tenant) ? "{tenantid}" : tenant}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${url}/${tenant}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: issuerOf(url, tenant),
    request_uri_parameter_supported: false,
    userinfo_endpoint: "https://graph.microsoft.com/oidc/userinfo",
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      "sub",
      "iss",
      "cloud_instance_name",
      "cloud_instance_host_name",
      "cloud_graph_host_name",
      "msgraph_host",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "acr",
      "nonce",
      "preferred_username",
      "name",
      "tid",
      "ver",
      "at_hash",
      "c_hash",
      "email",
    ],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: "NA",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
    rbac_url: "https://pas.windows.net",
  };
}

/**
 * `GET /common/discovery/instance?api-version=1.1&authorization_endpoint=...`: the emulator's host
 * is its own (only) cloud; another host is an unknown instance (AADSTS50049).
 */
export function instanceDiscovery(
  url: string,
  hosts: readonly string[],
  query: URLSearchParams,
): Record<string, unknown> {
  const authorizationEndpoint = query.get("authorization_endpoint");
  let tenant = "common";
  if (authorizationEndpoint) {
    let endpoint: URL;
    try {
      endpoint = new URL(authorizationEndpoint);
    } catch {
      throw refuse.unknownInstance();
    }
    if (endpoint.protocol !== "https:" || !hosts.includes(endpoint.host.toLowerCase()))
      throw refuse.unknownInstance();
    tenant = endpoint.pathname.split("/").filter((segment) => segment !== "")[0] ?? "common";
  }
  return {
    tenant_discovery_endpoint: `${url}/${tenant}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: hosts[0], preferred_cache: hosts[0], aliases: [...hosts] }],
  };
}

/** The tenant of `issuer` when it is one of this emulator's own v2.0 issuers, `{url}/{tenant}/v2.0`. */
export function entraIssuerTenant(url: string, issuer: string): string | undefined {
  if (!issuer.startsWith(`${url}/`)) return undefined;
  const match = /^\/([^/]+)\/v2\.0$/.exec(issuer.slice(url.length));
  return match?.[1];
}
