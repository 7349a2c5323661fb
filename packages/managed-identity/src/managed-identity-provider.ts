import {
  type AssertionContext,
  AssertionFetchError,
  type AssertionProvider,
  CredentialUnavailableError,
  DEFAULT_EXCHANGE_AUDIENCE,
  type Detection,
  decodeAssertion,
  type EntraCloud,
  HttpRequestError,
  type ProviderOptions,
} from "@azfed/core";
import {
  checkProviderOptions,
  MsalNetworkClient,
  networkErrorCode,
  providerEnvironment,
} from "@azfed/core/provider";
import type { ManagedIdentityApplication } from "@azure/msal-node";
import {
  createManagedIdentityApplication,
  MANAGED_IDENTITY_SOURCES,
  scrubSecrets,
  withNetwork,
} from "./managed-identity-endpoint";
import {
  describeManagedIdentityId,
  MANAGED_IDENTITY_CLIENT_ID_ENV,
  type ManagedIdentityId,
  resolveManagedIdentityId,
} from "./managed-identity-id";

/**
 * Options of {@link managedIdentity}. Name the user-assigned identity by one of `clientId`,
 * `resourceId` or `objectId`; without any, `AZFED_MANAGED_IDENTITY_CLIENT_ID` names it.
 *
 * @example
 * ```ts
 * const options: ManagedIdentityOptions = { clientId: "aaaaaaaa-0000-0000-0000-000000000001", timeoutMs: 10_000 };
 * ```
 */
export interface ManagedIdentityOptions extends ProviderOptions {
  /** The user-assigned identity's client id. */
  readonly clientId?: string | undefined;
  /** The user-assigned identity's Azure resource id. */
  readonly resourceId?: string | undefined;
  /** The user-assigned identity's object (principal) id. */
  readonly objectId?: string | undefined;
  /**
   * Where `AZFED_MANAGED_IDENTITY_CLIENT_ID` is read. Default `process.env`, read at call time.
   * The identity endpoint itself (IMDS, App Service, ...) is chosen by msal-node from `process.env`.
   */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /**
   * An undici dispatcher for the identity endpoint. The endpoints are plain HTTP on a link-local or
   * loopback address: keep them out of any proxy (`NO_PROXY=169.254.169.254,localhost`).
   */
  readonly dispatcher?: ProviderOptions["dispatcher"] | undefined;
}

/**
 * The provider {@link managedIdentity} returns.
 *
 * @example
 * ```ts
 * const provider: ManagedIdentityAssertionProvider = managedIdentity({ clientId });
 * provider.defaultAudience(KNOWN_CLOUDS.usgov); // "api://AzureADTokenExchangeUSGov"
 * ```
 */
export interface ManagedIdentityAssertionProvider extends AssertionProvider {
  readonly name: "managed-identity";
  /** Whether an identity is named, and which endpoint msal-node will ask; never probes the network. */
  detect(env?: NodeJS.ProcessEnv): Promise<Detection>;
  /** The cloud's own exchange audience: the managed identity's token is issued by Entra itself. */
  defaultAudience(cloud: EntraCloud | undefined): string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** Entra's access tokens are a few kilobytes; anything far larger did not come from Entra. */
const MAX_TOKEN_CHARS = 16_384;
const MAX_DESCRIPTION_CHARS = 300;

/**
 * The managed identity provider: the assertion is the access token of a **user-assigned** managed
 * identity for the exchange audience (`api://AzureADTokenExchange`, or the cloud's own:
 * `…USGov`, `…China`), got through `@azure/msal-node`'s `ManagedIdentityApplication`, which chooses
 * the endpoint from the environment (App Service, Azure Arc, Cloud Shell, Service Fabric, Azure
 * Machine Learning, else IMDS). The app registration trusts the identity through a federated
 * credential ({@link managedIdentityFederatedCredential}); the token can then be asked for in any
 * tenant where the app is provisioned. msal-node caches the identity's token (it lives about a day)
 * until five minutes before it expires.
 *
 * Never chosen by detection: a CI runner on an Azure VM has an IMDS that answers, so guessing would
 * pick the runner's identity. Name it: `AZFED_PROVIDER=managed-identity`, or pass it yourself.
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity
 * @see https://github.com/AzureAD/microsoft-authentication-library-for-js/blob/dev/lib/msal-node/src/client/ManagedIdentityApplication.ts
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/core";
 * import { managedIdentity } from "@azfed/managed-identity";
 *
 * const credential = new FederatedTokenCredential({
 *   tenantId: "customer-tenant-id", // any tenant where the multi-tenant app is provisioned
 *   clientId: "app-client-id",
 *   assertion: managedIdentity({ clientId: "managed-identity-client-id" }),
 * });
 * ```
 */
export function managedIdentity(options: ManagedIdentityOptions = {}): ManagedIdentityAssertionProvider {
  // Options are checked at once; the variable, at use.
  checkProviderOptions(options);
  resolveManagedIdentityId(options, {});
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const applications = new Map<string, Promise<ManagedIdentityApplication>>();
  const application = (id: ManagedIdentityId): Promise<ManagedIdentityApplication> => {
    // One application per identity, for its cost only: msal-node's token cache is static (one per
    // process), so a second application for the same identity reads the same tokens.
    // Stryker disable next-line MethodExpression: GUIDs and resource ids in either case name one identity; only reuse depends on it
    const key = `${id.kind}:${id.value.toLowerCase()}`;
    let app = applications.get(key);
    // Stryker disable next-line ConditionalExpression: a new application each call reads the same static cache
    if (!app) {
      app = createManagedIdentityApplication(id);
      applications.set(key, app);
      // Stryker disable next-line ArrowFunction: only a failed msal-node import rejects, which no test can cause
      app.catch(() => applications.delete(key));
    }
    return app;
  };
  const requireId = (env: NodeJS.ProcessEnv): ManagedIdentityId => {
    const id = resolveManagedIdentityId(options, env);
    if (!id) throw new CredentialUnavailableError(`managed-identity: ${NO_IDENTITY}`);
    return id;
  };

  return {
    name: "managed-identity",
    defaultAudience: (cloud) => cloud?.exchangeAudience ?? DEFAULT_EXCHANGE_AUDIENCE,
    async detect(env?: NodeJS.ProcessEnv): Promise<Detection> {
      let id: ManagedIdentityId;
      let source: string;
      try {
        id = requireId(providerEnvironment(options, env));
        source = (await application(id)).getManagedIdentitySource();
      } catch (error) {
        return { available: false, reason: error instanceof Error ? error.message : String(error) };
      }
      if (source === "CloudShell") {
        return {
          available: false,
          reason: `${MANAGED_IDENTITY_SOURCES.CloudShell} offers no user-assigned identities, and only they can be a federated credential of an app`,
        };
      }
      return {
        available: true,
        reason: `user-assigned managed identity ${describeManagedIdentityId(id)} through ${MANAGED_IDENTITY_SOURCES[source] ?? source}`,
      };
    },
    async getAssertion(context: AssertionContext): Promise<string> {
      // msal-node may answer from its cache without a request: a caller that gave up gets no token.
      context.signal?.throwIfAborted();
      const id = requireId(providerEnvironment(options));
      const app = await application(id);
      const network = new MsalNetworkClient({
        signal: context.signal,
        deadline: Date.now() + timeoutMs,
        retry: options.retry,
        dispatcher: options.dispatcher,
        caller: "managed-identity",
      });
      const acquire = async (forceRefresh: boolean): Promise<EndpointAnswer> => {
        let result: { readonly accessToken: string; readonly fromCache: boolean };
        try {
          result = await withNetwork(network, () =>
            app.acquireToken({ resource: context.audience, forceRefresh }),
          );
          // msal-node takes an error answer without an `error` field for a success with no token.
          if (network.lastFailedResponse) throw new Error("the identity endpoint refused");
        } catch (error) {
          if (context.signal?.aborted) throw context.signal.reason;
          throw await toProviderError(error, network, id, app);
        }
        return { token: checkToken(result.accessToken, context.audience, id), fromCache: result.fromCache };
      };
      // msal-node keeps what the endpoint answered until the endpoint's `expires_on` (99999999999: for
      // good), whatever the token holds. A kept token refused here, and any token near its own `exp`,
      // is asked for again past the cache; an expired one is never handed out.
      let answer = await acquire(false);
      if (answer.token instanceof AssertionFetchError ? answer.fromCache : expiresSoon(answer.token.exp)) {
        answer = await acquire(true);
      }
      const { token } = answer;
      if (token instanceof AssertionFetchError) throw token;
      if (token.exp * 1000 <= Date.now()) {
        throw new AssertionFetchError({
          provider: "managed-identity",
          message: `the identity endpoint answered 200 with a token that expired at ${new Date(token.exp * 1000).toISOString()}, even when asked again past msal-node's cache; its clock or its expires_on is wrong`,
        });
      }
      return token.token;
    },
  };
}

const NO_IDENTITY = `no user-assigned managed identity is named: set ${MANAGED_IDENTITY_CLIENT_ID_ENV} to its client id, or pass clientId, resourceId or objectId (system-assigned identities cannot be a federated credential of an app)`;

async function toProviderError(
  error: unknown,
  network: MsalNetworkClient,
  id: ManagedIdentityId,
  app: ManagedIdentityApplication,
): Promise<Error> {
  const failed = network.lastFailedResponse;
  const source = sourceOf(app);
  if (failed) {
    const said = describeErrorBody(failed.body);
    const notAssigned = /identity not found/i.test(said);
    return new AssertionFetchError({
      provider: "managed-identity",
      statusCode: failed.status,
      message: `${source} answered ${failed.status}${said ? ` (${said})` : ""}${
        notAssigned
          ? `: the identity with ${describeManagedIdentityId(id)} is not assigned to this Azure resource; assign it (az vm identity assign / az webapp identity assign --identities <its resource id>) or name another`
          : ""
      }`,
    });
  }
  const unreachable = network.lastError;
  // An endpoint that answered (too much, throttling, an untrusted certificate) was reached: say what it
  // did, as an error a chain does not pass over. Only silence means there is no identity endpoint here.
  if (unreachable instanceof HttpRequestError && !ENDPOINT_ABSENT.has(unreachable.reason)) {
    return new AssertionFetchError({
      provider: "managed-identity",
      statusCode: unreachable.statusCode,
      message: `${source}: ${unreachable.message}`,
      cause: unreachable,
    });
  }
  if (unreachable instanceof HttpRequestError) {
    return new CredentialUnavailableError(
      `managed-identity: ${source} ${
        unreachable.reason === "timeout"
          ? "did not answer in time"
          : `could not be reached (${networkErrorCode(unreachable) ?? "network error"})`
      } after ${unreachable.attempts} attempt(s): this is not an Azure resource with a managed identity, or its identity endpoint is not reachable from here`,
      { cause: unreachable },
    );
  }
  // msal-node's own refusals (a malformed IDENTITY_ENDPOINT, Cloud Shell asked for a user-assigned
  // identity, ...): only the redacted message, which begins with msal-node's error code, is kept, never
  // the error object.
  const message = error instanceof Error ? error.message : String(error);
  return new AssertionFetchError({
    provider: "managed-identity",
    message: `msal-node could not get the identity's token from ${source}: ${bounded(message)}`,
  });
}

/** The failures that mean no identity endpoint answered at all. */
const ENDPOINT_ABSENT: ReadonlySet<string> = new Set(["network", "timeout"]);

function sourceOf(app: ManagedIdentityApplication): string {
  try {
    const name = app.getManagedIdentitySource();
    return MANAGED_IDENTITY_SOURCES[name] ?? name;
  } catch {
    return "the managed identity endpoint";
  }
}

/** The endpoint's own words (`error_description`, `message`, or `error`), bounded and redacted. */
function describeErrorBody(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.slice(0, 65_536));
  } catch {
    return "";
  }
  // A JSON string, number or array has none of these fields; only null cannot be destructured.
  const { error, error_description: description, message } = (parsed ?? {}) as Record<string, unknown>;
  const said = [
    description,
    message,
    typeof error === "string" ? error : (error as { message?: unknown })?.message,
  ].find((value): value is string => typeof value === "string" && value !== "");
  return said ? bounded(said) : "";
}

function bounded(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const flat = scrubSecrets(text).replace(/[\u0000-\u001f\u007f]+/g, " ");
  return flat.length > MAX_DESCRIPTION_CHARS ? `${flat.slice(0, MAX_DESCRIPTION_CHARS)}…` : flat;
}

/** A token is asked for again when it has less than this left (it would expire on its way to Entra). */
const MIN_REMAINING_MS = 60_000;

/** The identity's token and its `exp` (epoch seconds), read from the token itself; `Infinity` without one. */
interface CheckedToken {
  readonly token: string;
  readonly exp: number;
}

/** What one `acquireToken` gave: the token as checked (or why it is refused), and whether msal-node had kept it. */
interface EndpointAnswer {
  readonly token: CheckedToken | AssertionFetchError;
  readonly fromCache: boolean;
}

function expiresSoon(exp: number): boolean {
  return exp * 1000 - Date.now() < MIN_REMAINING_MS;
}

/** A token of Entra's shape, for the audience asked (what Entra will be shown as the assertion), or why not. */
function checkToken(
  token: string,
  audience: string,
  id: ManagedIdentityId,
): CheckedToken | AssertionFetchError {
  const fail = (what: string): AssertionFetchError =>
    new AssertionFetchError({
      provider: "managed-identity",
      message: `the identity endpoint answered 200 but ${what}`,
    });
  if (token === "") return fail("without an access token");
  if (token.length > MAX_TOKEN_CHARS)
    return fail(`with a token of ${token.length} characters (at most ${MAX_TOKEN_CHARS} expected)`);
  let audiences: string[];
  let exp: number;
  try {
    const claims = decodeAssertion(token);
    audiences = typeof claims.aud === "string" ? [claims.aud] : claims.aud;
    exp = claims.exp ?? Number.POSITIVE_INFINITY;
  } catch {
    return fail("the access token is not a JWT");
  }
  if (!audiences.includes(audience)) {
    return fail(
      `with a token for ${JSON.stringify(audiences.join(", ").slice(0, 200))}, not for ${audience} (the identity with ${describeManagedIdentityId(id)})`,
    );
  }
  return { token, exp };
}
