import { KNOWN_CLOUDS } from "../clouds";
import { InvalidInputError } from "../errors/invalid-input-error";
import type { Detection } from "../provider/assertion-provider";
import { checkTenantId } from "./tenant-id";

/**
 * Where the identity settings come from: the caller's options and the environment they are read in.
 *
 * @example
 * ```ts
 * const input: IdentityOptions = { clientId: "00000000-0000-0000-0000-000000000001", env: process.env };
 * ```
 */
export interface IdentityOptions {
  /** The Directory (tenant) ID. Default: `AZURE_TENANT_ID`, then the tenant the platform names. */
  readonly tenantId?: string | undefined;
  /** The Application (client) ID. Default: `AZURE_CLIENT_ID`, then the client the platform names. */
  readonly clientId?: string | undefined;
  /** Default: `AZURE_AUTHORITY_HOST`, then `https://login.microsoftonline.com`. */
  readonly authorityHost?: string | undefined;
  /** Where `AZURE_TENANT_ID`, `AZURE_CLIENT_ID` and `AZURE_AUTHORITY_HOST` are read. Default `process.env`. */
  readonly env?: NodeJS.ProcessEnv | undefined;
}

/**
 * What a platform says about the identity, from its provider's {@link Detection}: Azure Pipelines,
 * for one, names the service connection's tenant and client.
 *
 * @example
 * ```ts
 * const platform: PlatformIdentity = { name: "azure-pipelines", tenantId, clientId };
 * ```
 */
export interface PlatformIdentity {
  /** The provider's name, quoted when a value it gave is malformed. */
  readonly name: string;
  readonly tenantId?: string | undefined;
  readonly clientId?: string | undefined;
}

/**
 * The tenant, client and authority host a credential uses, validated. `tenantId` and `clientId` are
 * `undefined` when no source names them; the caller decides whether that is an error yet.
 *
 * @example
 * ```ts
 * const { tenantId, clientId, authorityHost } = resolveIdentity({ env: process.env });
 * ```
 */
export interface ResolvedIdentity {
  readonly tenantId: string | undefined;
  readonly clientId: string | undefined;
  /** An origin: `https://host[:port]`, lower case, no trailing slash. */
  readonly authorityHost: string;
}

/**
 * The one rule for who a credential authenticates as, used by `FederatedTokenCredential`,
 * `DefaultFederatedCredential` and the `azfed` CLI: each of tenant id, client id and authority host
 * is the option when given, else the environment variable (`AZURE_TENANT_ID`, `AZURE_CLIENT_ID`,
 * `AZURE_AUTHORITY_HOST`) when set and not empty, else what the platform names (tenant and client
 * only), else the public cloud's `https://login.microsoftonline.com` (authority host only).
 *
 * @throws {@link InvalidInputError} for a malformed value, naming where it came from, e.g.
 *   `tenantId (from AZURE_TENANT_ID)` or `clientId (from the azure-pipelines platform)`.
 *
 * @example
 * ```ts
 * const detection = await provider.detect?.(process.env);
 * const { tenantId, clientId, authorityHost } = resolveIdentity(
 *   { clientId: flags.clientId, env: process.env },
 *   detection?.available ? { name: provider.name, ...detection } : undefined,
 * );
 * ```
 */
export function resolveIdentity(options: IdentityOptions, platform?: PlatformIdentity): ResolvedIdentity {
  const env = options.env ?? process.env;
  /** The option when given, else the environment variable when set and not empty, else the platform's value. */
  const pick = (
    name: "tenantId" | "clientId" | "authorityHost",
    envName: string,
    fromPlatform?: string,
  ): { value: string; field: string } | undefined => {
    const option = options[name];
    if (option !== undefined) return { value: option, field: name };
    const fromEnv = env[envName];
    if (fromEnv !== undefined && fromEnv !== "")
      return { value: fromEnv, field: `${name} (from ${envName})` };
    if (fromPlatform !== undefined && fromPlatform !== "") {
      return { value: fromPlatform, field: `${name} (from the ${platform?.name ?? "platform"} platform)` };
    }
    return undefined;
  };
  const tenantId = pick("tenantId", "AZURE_TENANT_ID", platform?.tenantId);
  if (tenantId) checkTenantId(tenantId.field, tenantId.value);
  const clientId = pick("clientId", "AZURE_CLIENT_ID", platform?.clientId);
  if (clientId) checkClientId(clientId.field, clientId.value);
  const host = pick("authorityHost", "AZURE_AUTHORITY_HOST");
  return {
    tenantId: tenantId?.value,
    clientId: clientId?.value,
    authorityHost: host ? checkAuthorityHost(host.field, host.value) : KNOWN_CLOUDS.public.authorityHost,
  };
}

function checkClientId(field: string, clientId: unknown): void {
  if (typeof clientId !== "string" || clientId.length === 0 || /\s/.test(clientId)) {
    throw new InvalidInputError({
      field,
      value: clientId,
      expected: "the Application (client) ID, a GUID without spaces",
      fix: "copy the Application (client) ID from the app registration or managed identity's Overview page",
    });
  }
}

/**
 * An authority host must be an https origin: the token request carries the external token, which
 * must never travel in clear text. `@azure/msal-node` refuses any other scheme, loopback included.
 */
function checkAuthorityHost(field: string, value: unknown): string {
  const expected = 'an https origin such as "https://login.microsoftonline.com" (a trailing slash is fine)';
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new InvalidInputError({ field, value, expected, fix: "pass the authority host as a full URL" });
  }
  if (url.protocol !== "https:") {
    throw new InvalidInputError({
      field,
      value,
      expected,
      fix: "use https: the token request carries the external token and must be encrypted (even on loopback, MSAL requires https)",
    });
  }
  if (
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    url.pathname.replace(/(?<!\/)\/+$/, "") !== ""
  ) {
    throw new InvalidInputError({
      field,
      value,
      expected,
      fix: "pass only scheme, host and port; the tenant id goes in tenantId, not in the authority host",
    });
  }
  return url.origin;
}
