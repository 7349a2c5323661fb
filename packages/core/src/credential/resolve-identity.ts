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
 * @throws `InvalidInputError` for a malformed value, naming where it came from, e.g.
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
  /** The option when given, else the environment variable when set and not empty. */
  const pick = (
    name: "tenantId" | "clientId" | "authorityHost",
    envName: string,
  ): { value: string; field: string } | undefined => {
    const option = options[name];
    if (option !== undefined) return { value: option, field: name };
    const fromEnv = env[envName];
    if (fromEnv !== undefined && fromEnv !== "")
      return { value: fromEnv, field: `${name} (from ${envName})` };
    return undefined;
  };
  const tenantId = pick("tenantId", "AZURE_TENANT_ID");
  if (tenantId) checkTenantId(tenantId.field, tenantId.value);
  const clientId = pick("clientId", "AZURE_CLIENT_ID");
  if (clientId) checkClientId(clientId.field, clientId.value);
  const host = pick("authorityHost", "AZURE_AUTHORITY_HOST");
  const configured = {
    tenantId: tenantId?.value,
    clientId: clientId?.value,
    authorityHost: host ? checkAuthorityHost(host.field, host.value) : KNOWN_CLOUDS.public.authorityHost,
  };
  return withPlatformIdentity(resolved(configured), platform);
}

/** Every identity {@link resolveIdentity} and {@link withPlatformIdentity} returned: checked already. */
const RESOLVED = new WeakSet<ResolvedIdentity>();

function resolved(identity: ResolvedIdentity): ResolvedIdentity {
  const frozen = Object.freeze({ ...identity });
  RESOLVED.add(frozen);
  return frozen;
}

/**
 * An identity {@link resolveIdentity} settled, with the platform's values filled in where neither
 * the options nor the environment named the tenant or client. Only the values taken from the
 * platform are checked: the others were checked when `identity` was resolved, so each value is
 * checked once (`FederatedTokenCredential` resolves at construction and fills in after `detect`).
 *
 * @throws `InvalidInputError` for a malformed value the platform gave, e.g.
 *   `tenantId (from the azure-pipelines platform)`.
 *
 * @example
 * ```ts
 * const configured = resolveIdentity({ env: process.env }); // at construction
 * const detection = await provider.detect?.(process.env);
 * const { tenantId, clientId } = withPlatformIdentity(
 *   configured,
 *   detection?.available ? { name: provider.name, ...detection } : undefined,
 * );
 * ```
 */
export function withPlatformIdentity(
  identity: ResolvedIdentity,
  platform: PlatformIdentity | undefined,
): ResolvedIdentity {
  const from = (
    name: "tenantId" | "clientId",
    check: (field: string, value: unknown) => void,
  ): string | undefined => {
    const value = platform?.[name];
    if (value === undefined || value === "") return undefined;
    check(`${name} (from the ${platform?.name ?? "platform"} platform)`, value);
    return value;
  };
  // An identity not resolved here is checked whole.
  if (!RESOLVED.has(identity)) {
    const { tenantId, clientId, authorityHost } = identity;
    return resolveIdentity({ tenantId, clientId, authorityHost, env: {} }, platform);
  }
  return resolved({
    tenantId: identity.tenantId ?? from("tenantId", checkTenantId),
    clientId: identity.clientId ?? from("clientId", checkClientId),
    authorityHost: identity.authorityHost,
  });
}

/**
 * Whether `value` is an identity {@link resolveIdentity} (or {@link withPlatformIdentity}) returned,
 * so its values were checked; `FederatedTokenCredential` takes such an identity without checking or
 * resolving it again.
 *
 * @example
 * ```ts
 * isResolvedIdentity(resolveIdentity({ env: process.env })); // true
 * isResolvedIdentity({ tenantId: "t", clientId: "c", authorityHost: "https://x" }); // false
 * ```
 */
export function isResolvedIdentity(value: unknown): value is ResolvedIdentity {
  return typeof value === "object" && value !== null && RESOLVED.has(value as ResolvedIdentity);
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
