import type { Dispatcher } from "undici";
import { AuthenticationError, type EntraRefusal } from "../diagnosis/authentication-error";
import { diagnoseEntraError } from "../diagnosis/diagnose-entra-error";
import type { RetryOptions } from "../http/retry";
import { sendRequest } from "../http/send-request";
import { logger } from "../logger";
import { parseEntraErrorBody } from "./entra-error-body";

/**
 * What MSAL needs to know about an authority so that it asks nothing over the network but the token
 * request itself: `cloudDiscoveryMetadata` and `authorityMetadata`, as the JSON strings MSAL takes.
 * Endpoints carry a `{tenant}` placeholder, which MSAL fills in with the request's tenant.
 *
 * @example
 * ```ts
 * const metadata: AuthorityMetadata = knownCloudMetadata("https://login.microsoftonline.us");
 * new ConfidentialClientApplication({ auth: { clientId, authority, clientAssertion, ...metadata } });
 * ```
 */
export interface AuthorityMetadata {
  readonly cloudDiscoveryMetadata: string;
  readonly authorityMetadata: string;
}

interface OpenIdEndpoints {
  readonly token_endpoint: string;
  readonly authorization_endpoint: string;
  readonly end_session_endpoint: string;
  readonly issuer: string;
  readonly jwks_uri: string;
}

/**
 * The metadata of a Microsoft Entra authority host whose layout is known (the public, US Government
 * and China clouds): no discovery request is needed.
 *
 * @param authorityHost - An https origin without a trailing slash.
 *
 * @example
 * ```ts
 * JSON.parse(knownCloudMetadata("https://login.microsoftonline.com").authorityMetadata).token_endpoint;
 * // "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
 * ```
 */
export function knownCloudMetadata(authorityHost: string): AuthorityMetadata {
  return toMsalMetadata(authorityHost, {
    token_endpoint: `${authorityHost}/{tenant}/oauth2/v2.0/token`,
    authorization_endpoint: `${authorityHost}/{tenant}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${authorityHost}/{tenant}/oauth2/v2.0/logout`,
    issuer: `${authorityHost}/{tenant}/v2.0`,
    jwks_uri: `${authorityHost}/{tenant}/discovery/v2.0/keys`,
  });
}

/**
 * Where and how to discover a custom authority host.
 *
 * @example
 * ```ts
 * const options: DiscoveryOptions = { authorityHost, tenantId, disableInstanceDiscovery: false, timeoutMs: 30_000 };
 * ```
 */
export interface DiscoveryOptions {
  readonly authorityHost: string;
  /** The credential's tenant: discovery documents are per tenant; endpoints are made tenant-neutral. */
  readonly tenantId: string;
  readonly clientId: string;
  readonly audience: string;
  /** Skip the instance-discovery request and read `{host}/{tenant}/v2.0/.well-known/openid-configuration` directly. */
  readonly disableInstanceDiscovery: boolean;
  readonly dispatcher?: Dispatcher | undefined;
  readonly retry?: RetryOptions | undefined;
  readonly timeoutMs: number;
  readonly clock: () => number;
}

/**
 * Discovers a custom authority host (one that is not a known cloud): first, unless disabled, its
 * instance discovery (`{host}/common/discovery/instance`), which names the tenant discovery endpoint;
 * then that OpenID configuration document. The host itself is asked, never the public cloud.
 *
 * @throws {@link AuthenticationError} when the host answers with an error;
 *   `HttpRequestError` when it cannot be reached.
 *
 * @example
 * ```ts
 * const metadata = await discoverAuthority({
 *   authorityHost: "https://login.contoso-cloud.example",
 *   tenantId, clientId, audience, disableInstanceDiscovery: false, timeoutMs: 30_000, clock: Date.now,
 * });
 * ```
 */
export async function discoverAuthority(options: DiscoveryOptions): Promise<AuthorityMetadata> {
  const { authorityHost, tenantId } = options;
  const started = performance.now();
  let tenantDiscoveryEndpoint = `${authorityHost}/${tenantId}/v2.0/.well-known/openid-configuration`;
  if (!options.disableInstanceDiscovery) {
    const authorizeEndpoint = `${authorityHost}/${tenantId}/oauth2/v2.0/authorize`;
    const instance = await getJson(
      `${authorityHost}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(authorizeEndpoint)}`,
      options,
    );
    const endpoint = instance.tenant_discovery_endpoint;
    if (typeof endpoint === "string" && isHttpsUrl(endpoint)) tenantDiscoveryEndpoint = endpoint;
  }
  const document = await getJson(tenantDiscoveryEndpoint, options);
  const endpoints = tenantNeutralEndpoints(document, tenantDiscoveryEndpoint, options);
  logger.verbose(
    `FederatedTokenCredential: discovered authority ${authorityHost} in ${Math.round(performance.now() - started)} ms ` +
      `(token endpoint ${endpoints.token_endpoint})`,
  );
  return toMsalMetadata(authorityHost, endpoints);
}

async function getJson(url: string, options: DiscoveryOptions): Promise<Record<string, unknown>> {
  const response = await sendRequest({
    url,
    dispatcher: options.dispatcher,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    caller: "FederatedTokenCredential discovery",
  });
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    json = undefined;
  }
  if (response.status !== 200 || typeof json !== "object" || json === null) {
    const refusal = parseEntraErrorBody(response.status, response.body);
    throw discoveryError(
      options,
      refusal.aadsts.length > 0
        ? refusal
        : {
            ...refusal,
            errorDescription: `Discovery of the authority host failed: GET ${withoutQuery(url)} answered HTTP ${response.status}; expected 200 with JSON. Check authorityHost (or AZURE_AUTHORITY_HOST) and tenantId.`,
          },
    );
  }
  return json as Record<string, unknown>;
}

/**
 * The discovered endpoints with the tenant path segment replaced by `{tenant}`, so that a request for
 * another tenant (multi-tenant apps) reaches that tenant's endpoint.
 */
function tenantNeutralEndpoints(
  document: Record<string, unknown>,
  documentUrl: string,
  options: DiscoveryOptions,
): OpenIdEndpoints {
  const { tenantId } = options;
  const tokenEndpoint = document.token_endpoint;
  if (typeof tokenEndpoint !== "string" || !isHttpsUrl(tokenEndpoint)) {
    throw discoveryError(options, {
      statusCode: 200,
      errorCode: "invalid_discovery_document",
      errorDescription: `The OpenID configuration at ${withoutQuery(documentUrl)} has no https token_endpoint; expected Microsoft Entra ID's discovery document. Check authorityHost (or AZURE_AUTHORITY_HOST).`,
      aadsts: [],
      correlationId: undefined,
      traceId: undefined,
      timestamp: undefined,
    });
  }
  const issuer = typeof document.issuer === "string" ? document.issuer : "";
  const tenantSegments = new Set([tenantId.toLowerCase()]);
  const issuerTenant = firstPathSegment(issuer);
  if (issuerTenant) tenantSegments.add(issuerTenant.toLowerCase());
  const neutral = (value: unknown, fallback: string): string => {
    const url = typeof value === "string" && isHttpsUrl(value) ? value : fallback;
    const parsed = new URL(url);
    const [first, ...rest] = parsed.pathname.split("/").slice(1);
    if (first === undefined || !tenantSegments.has(first.toLowerCase())) return url;
    return `${parsed.origin}/{tenant}/${rest.join("/")}${parsed.search}`;
  };
  const origin = new URL(tokenEndpoint).origin;
  return {
    token_endpoint: neutral(tokenEndpoint, tokenEndpoint),
    authorization_endpoint: neutral(
      document.authorization_endpoint,
      `${origin}/${tenantId}/oauth2/v2.0/authorize`,
    ),
    end_session_endpoint: neutral(document.end_session_endpoint, `${origin}/${tenantId}/oauth2/v2.0/logout`),
    issuer: neutral(issuer, `${origin}/${tenantId}/v2.0`),
    jwks_uri: neutral(document.jwks_uri, `${origin}/${tenantId}/discovery/v2.0/keys`),
  };
}

function discoveryError(options: DiscoveryOptions, refusal: EntraRefusal): AuthenticationError {
  return new AuthenticationError(
    refusal,
    diagnoseEntraError({
      aadsts: refusal.aadsts,
      errorDescription: refusal.errorDescription,
      tenantId: options.tenantId,
      clientId: options.clientId,
      authorityHost: options.authorityHost,
      audience: options.audience,
      now: options.clock(),
    }),
  );
}

function toMsalMetadata(authorityHost: string, endpoints: OpenIdEndpoints): AuthorityMetadata {
  // MSAL matches hosts as `host[:port]`; the authority is its own (only) alias, so MSAL never asks
  // the public cloud's instance discovery about it.
  const host = new URL(authorityHost).host;
  return {
    cloudDiscoveryMetadata: JSON.stringify({
      tenant_discovery_endpoint: `${authorityHost}/{tenant}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    }),
    authorityMetadata: JSON.stringify(endpoints),
  };
}

function firstPathSegment(url: string): string | undefined {
  try {
    return new URL(url).pathname.split("/")[1] || undefined;
  } catch {
    return undefined;
  }
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
