import type { Dispatcher } from "undici";
import { requireClock } from "../clock";
import { cloudForAuthorityHost, DEFAULT_EXCHANGE_AUDIENCE, type EntraCloud } from "../clouds";
import { InvalidInputError } from "../errors/invalid-input-error";
import type { RetryOptions } from "../http/retry";
import {
  type AssertionCallback,
  type AssertionProvider,
  exchangeAudienceFor,
} from "../provider/assertion-provider";
import { checkProviderOptions } from "../provider/check-options";
import type { FederatedTokenCredentialOptions } from "./federated-token-credential-options";
import { isResolvedIdentity, type ResolvedIdentity, resolveIdentity } from "./resolve-identity";
import { checkTenantId } from "./tenant-id";

/** The default overall budget of one `getToken` exchange: assertion, discovery, token request and retries. */
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * A `FederatedTokenCredential`'s options after defaults and validation. The tenant and client ids
 * may still be missing: that is reported by `getToken` as a `CredentialUnavailableError`, after the
 * provider had its chance to name them.
 *
 * @example
 * ```ts
 * const resolved: ResolvedCredentialOptions = resolveCredentialOptions({ assertion: githubActions() });
 * resolved.audience; // "api://AzureADTokenExchange"
 * ```
 */
export interface ResolvedCredentialOptions {
  readonly tenantId: string | undefined;
  readonly clientId: string | undefined;
  readonly provider: AssertionProvider;
  /** The authority host as an origin: `https://host[:port]`, lower case, no trailing slash. */
  readonly authorityHost: string;
  /** The known cloud of the authority host; `undefined` for a custom host. */
  readonly cloud: EntraCloud | undefined;
  readonly audience: string;
  /** Whether `audience` is the user's choice (the option), not a default: only a default is retried on AADSTS700212. */
  readonly audienceChosen: boolean;
  readonly additionallyAllowedTenants: readonly string[];
  readonly disableInstanceDiscovery: boolean;
  readonly retry: RetryOptions | undefined;
  readonly timeoutMs: number;
  readonly dispatcher: Dispatcher | undefined;
  readonly clock: () => number;
  /** Where the provider's `detect` looks. */
  readonly env: NodeJS.ProcessEnv;
  /** The identity as resolved (checked): the platform's values are added to it after `detect`. */
  readonly identity: ResolvedIdentity;
  /** Whether the identity was handed over settled (the `identity` option): the provider's `detect` is not asked. */
  readonly settled: boolean;
}

/**
 * Applies the defaults of a `FederatedTokenCredential` (`AZURE_TENANT_ID`, `AZURE_CLIENT_ID`,
 * `AZURE_AUTHORITY_HOST`, the provider's default audience) and validates every option.
 *
 * @throws `InvalidInputError` naming the option (and the environment variable it came from).
 *
 * @example
 * ```ts
 * const resolved = resolveCredentialOptions(
 *   { assertion: () => readFileSync(tokenFile, "utf8") },
 *   { AZURE_TENANT_ID: "contoso.onmicrosoft.com", AZURE_CLIENT_ID: "00000000-0000-0000-0000-000000000001" },
 * );
 * resolved.authorityHost; // "https://login.microsoftonline.com"
 * ```
 */
export function resolveCredentialOptions(
  options: FederatedTokenCredentialOptions,
  env: NodeJS.ProcessEnv = options?.env ?? process.env,
): ResolvedCredentialOptions {
  const settings = checkSettings(options);
  const settled = options.identity !== undefined;
  const identity = settled ? settledIdentity(options) : resolveIdentity({ ...options, env });
  const { tenantId, clientId, authorityHost } = identity;
  const cloud = cloudForAuthorityHost(authorityHost);
  const provider = toProvider(options.assertion);
  const audience = exchangeAudienceFor(provider, cloud, options.audience);
  checkAudience(audience);
  return {
    ...settings,
    tenantId,
    clientId,
    provider,
    authorityHost,
    cloud,
    audience,
    audienceChosen: options.audience !== undefined,
    env,
    identity,
    settled,
  };
}

/** The `identity` option: an identity `resolveIdentity` settled, naming tenant and client, given alone. */
function settledIdentity(options: FederatedTokenCredentialOptions): ResolvedIdentity {
  const { identity } = options;
  const alsoGiven = (["tenantId", "clientId", "authorityHost"] as const).filter(
    (name) => options[name] !== undefined,
  );
  if (
    !isResolvedIdentity(identity) ||
    identity.tenantId === undefined ||
    identity.clientId === undefined ||
    alsoGiven.length > 0
  ) {
    throw new InvalidInputError({
      field: "identity",
      value: alsoGiven.length > 0 ? `given with ${alsoGiven.join(", ")}` : identity,
      expected:
        "an identity resolveIdentity() returned, naming a tenant and a client, and no tenantId, clientId or authorityHost beside it",
      fix: "pass tenantId, clientId and authorityHost instead, or identity: resolveIdentity({ ...options, env }, platform) alone",
    });
  }
  return identity;
}

/**
 * Validates the options a `FederatedTokenCredential` takes besides `assertion`, as given (the
 * environment is not read): `DefaultFederatedCredential` checks its options with it before any
 * platform is detected.
 *
 * @throws `InvalidInputError` naming the malformed option.
 *
 * @example
 * ```ts
 * checkCredentialOptions({ tenantId: "contoso tenant" }); // throws InvalidInputError (tenantId)
 * ```
 */
export function checkCredentialOptions(options: Omit<FederatedTokenCredentialOptions, "assertion">): void {
  checkSettings(options);
  // The identity options as given; the environment and the platform are read later.
  resolveIdentity({
    tenantId: options.tenantId,
    clientId: options.clientId,
    authorityHost: options.authorityHost,
    env: {},
  });
}

/** The options besides `assertion` and the identity, checked, with their defaults. */
function checkSettings(
  options: Omit<FederatedTokenCredentialOptions, "assertion">,
): Omit<
  ResolvedCredentialOptions,
  | keyof ResolvedIdentity
  | "provider"
  | "cloud"
  | "audience"
  | "audienceChosen"
  | "env"
  | "identity"
  | "settled"
> {
  if (typeof options !== "object" || options === null) {
    throw new InvalidInputError({
      field: "options",
      value: options,
      expected: "an options object with at least `assertion`",
      fix: "call new FederatedTokenCredential({ assertion: githubActions() })",
    });
  }
  if (options.audience !== undefined) checkAudience(options.audience);
  // The options a credential shares with every provider (env, dispatcher, retry, timeoutMs): one check.
  checkProviderOptions(options);
  return {
    additionallyAllowedTenants: checkAllowedTenants(options.additionallyAllowedTenants),
    disableInstanceDiscovery: options.disableInstanceDiscovery === true,
    retry: options.retry,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    dispatcher: options.dispatcher,
    clock: requireClock("clock", options.clock),
  };
}

function checkAudience(audience: unknown): void {
  if (typeof audience !== "string" || audience.length === 0 || /\s/.test(audience)) {
    throw new InvalidInputError({
      field: "audience",
      value: audience,
      expected: `a non-empty audience without whitespace, e.g. "${DEFAULT_EXCHANGE_AUDIENCE}"`,
      fix: `leave audience unset to use the cloud's exchange audience (${DEFAULT_EXCHANGE_AUDIENCE} in the public cloud)`,
    });
  }
}

function toProvider(assertion: unknown): AssertionProvider {
  if (typeof assertion === "function") {
    const callback = assertion as AssertionCallback;
    return { name: "assertion callback", getAssertion: async (ctx) => callback(ctx) };
  }
  if (
    typeof assertion === "object" &&
    assertion !== null &&
    typeof (assertion as AssertionProvider).getAssertion === "function"
  ) {
    return assertion as AssertionProvider;
  }
  throw new InvalidInputError({
    field: "assertion",
    value: assertion,
    expected: "an AssertionProvider (e.g. githubActions()) or a function returning the external OIDC token",
    fix: "pass assertion: githubActions() from @azfed/github, or assertion: async ({ audience }) => token",
  });
}

function checkAllowedTenants(tenants: unknown): readonly string[] {
  if (tenants === undefined) return [];
  if (!Array.isArray(tenants)) {
    throw new InvalidInputError({
      field: "additionallyAllowedTenants",
      value: tenants,
      expected: 'an array of tenant ids, or ["*"] for any tenant',
    });
  }
  tenants.forEach((tenant, index) => {
    if (tenant !== "*") checkTenantId(`additionallyAllowedTenants[${index}]`, tenant);
  });
  return Object.freeze([...tenants] as string[]);
}
