import type { AuthenticationResult } from "@azure/msal-node";
import type { Dispatcher } from "undici";
import { abortable } from "../async/abortable";
import { cacheUntilRejected } from "../async/cache-until-rejected";
import { scrubAndShorten } from "../bounded-text";
import { type EntraCloud, otherExchangeAudience } from "../clouds";
import { AuthenticationError, type EntraRefusal } from "../diagnosis/authentication-error";
import { diagnoseEntraError } from "../diagnosis/diagnose-entra-error";
import type { RetryOptions } from "../http/retry";
import { routeDispatcher, type TokenRequestRoute } from "../http/token-request-route";
import { logger } from "../logger";
import type { AssertionProvider } from "../provider/assertion-provider";
import { type AuthorityMetadata, discoverAuthority, knownCloudMetadata } from "./authority-metadata";
import { parseEntraErrorBody } from "./entra-error-body";
import { audienceToRetry, firstAudience, presentedAudiences, rememberAudience } from "./exchange-audience";
import { fetchAssertion } from "./fetch-assertion";
import { requireMsal } from "./load-msal";
import { MsalNetworkClient } from "./msal-network-client";

type Msal = ReturnType<typeof requireMsal>;

/**
 * msal-node, loaded once, at the first exchange (see {@link requireMsal}), one turn of the event
 * loop after the exchange started its requests (the discovery's connection, the assertion's file or
 * HTTP request): compiling msal-node takes tens of milliseconds of the main thread, during which they
 * travel instead of waiting for it. A failure to load rejects this exchange; the next one tries again.
 */
const loadMsal = cacheUntilRejected(() =>
  new Promise<void>((resolve) => setImmediate(resolve)).then((): Msal => requireMsal()),
);

/**
 * The fixed part of every exchange a credential makes.
 *
 * @example
 * ```ts
 * const settings: MsalExchangeSettings = {
 *   clientId, tenantId, provider: githubActions(), authorityHost: "https://login.microsoftonline.com",
 *   cloud: KNOWN_CLOUDS.public, audience: "api://AzureADTokenExchange", audienceChosen: false, disableInstanceDiscovery: false,
 *   timeoutMs: 30_000, clock: Date.now,
 * };
 * ```
 */
export interface MsalExchangeSettings {
  readonly clientId: string;
  /** The credential's own tenant (custom authority hosts are discovered with it). */
  readonly tenantId: string;
  readonly provider: AssertionProvider;
  readonly authorityHost: string;
  /** `undefined` for a custom authority host, which is then discovered once. */
  readonly cloud: EntraCloud | undefined;
  /** The audience asked first; see {@link MsalExchangeSettings.audienceChosen}. */
  readonly audience: string;
  /**
   * Whether the user chose the audience (the `audience` option). When not, and the cloud has two
   * conventions, AADSTS700212 makes the exchange ask once for the other one.
   */
  readonly audienceChosen: boolean;
  readonly disableInstanceDiscovery: boolean;
  readonly retry?: RetryOptions | undefined;
  readonly dispatcher?: Dispatcher | undefined;
  readonly timeoutMs: number;
  readonly clock: () => number;
}

/**
 * One token request: for these scopes in this tenant, with or without CAE, possibly with a claims
 * challenge.
 *
 * @example
 * ```ts
 * const request: TokenExchangeRequest = {
 *   scopes: ["https://storage.azure.com/.default"], tenantId, enableCae: true, signal, deadline: Date.now() + 30_000,
 * };
 * ```
 */
export interface TokenExchangeRequest {
  readonly scopes: readonly string[];
  readonly tenantId: string;
  readonly enableCae: boolean;
  /** A CAE claims challenge (JSON), sent as the `claims` parameter. */
  readonly claims?: string | undefined;
  /** Aborts the assertion fetch, the discovery wait and the token request. */
  readonly signal: AbortSignal;
  /** Epoch ms (real time): no request or retry wait goes past it. */
  readonly deadline: number;
}

/**
 * What an exchange returns: the token and how long it lives, measured from when its request was sent.
 *
 * @example
 * ```ts
 * const { accessToken, expiresInMs } = await exchange(request);
 * ```
 */
export interface ExchangedToken {
  readonly accessToken: string;
  /** When the token request was sent, epoch ms (real time); the lifetimes count from there. */
  readonly sentAt: number;
  /** Entra's `expires_in`. */
  readonly expiresInMs: number;
  /** Entra's `refresh_in`, when it sent one. */
  readonly refreshInMs: number | undefined;
  /** The `client-request-id` sent, which Entra echoes as its correlation id. */
  readonly correlationId: string;
}

/**
 * Exchanges an external OIDC token for a Microsoft Entra access token.
 *
 * @example
 * ```ts
 * const token = await exchange({ scopes, tenantId, enableCae: false, signal, deadline });
 * ```
 */
export type TokenExchange = (request: TokenExchangeRequest) => Promise<ExchangedToken>;

/**
 * A token exchange through `@azure/msal-node`'s confidential client with a client-assertion callback.
 * - msal-node is required at the first exchange, once its requests (discovery, the assertion) started.
 * - The assertion is fetched fresh for each exchange, with the request's abort signal.
 * - Known clouds come with their authority metadata, so the first token costs one HTTP request;
 *   a custom authority host is discovered once (the result is reused by every later exchange).
 * - Every request goes through an {@link MsalNetworkClient} (dispatcher, retries, deadline, abort);
 *   MSAL's own retries are off and its token cache is skipped (the credential caches in front).
 * - Entra's refusals become an {@link AuthenticationError} with a diagnosis built from Entra's JSON
 *   and the decoded (never printed) assertion.
 * - When the user chose no audience and Entra answers AADSTS700212 in a cloud with two audience
 *   conventions, a new assertion for the other one is fetched and presented once; the one that
 *   matched is remembered for the process (per authority host and client id) and logged.
 *
 * @example
 * ```ts
 * const exchange = createMsalTokenExchange(settings);
 * const { accessToken } = await exchange({ scopes: ["https://vault.azure.net/.default"], tenantId, enableCae: false, signal, deadline });
 * ```
 */
export function createMsalTokenExchange(settings: MsalExchangeSettings): TokenExchange {
  // A failed discovery is not remembered: the next exchange tries again.
  const discover = cacheUntilRejected(() => discoverAuthority({ ...settings }));
  const metadata = (): Promise<AuthorityMetadata> =>
    settings.cloud ? Promise.resolve(knownCloudMetadata(settings.authorityHost)) : discover();

  const exchangeOnce = async (
    request: TokenExchangeRequest,
    audience: string,
    presented: { assertion?: string | undefined; mustCarryAudience?: boolean | undefined },
  ): Promise<ExchangedToken> => {
    const { signal } = request;
    const correlationId = process.getBuiltinModule("node:crypto").randomUUID();
    const started = performance.now();
    let assertion: string | undefined;
    const alternateAudience = settings.audienceChosen
      ? undefined
      : otherExchangeAudience(settings.cloud, audience);
    const assertionFetched = fetchAssertion(settings.provider, audience, signal, alternateAudience).then(
      (value) => {
        assertion = value;
        presented.assertion = value;
        return value;
      },
    );
    let loaded: [Msal, AuthorityMetadata, TokenRequestRoute | undefined];
    try {
      // The requests first, msal-node last (it compiles while they travel).
      const [authority, route, , msal] = await abortable(
        Promise.all([metadata(), settings.provider.tokenRequestRoute?.(), assertionFetched, loadMsal()]),
        signal,
      );
      loaded = [msal, authority, route];
    } catch (error) {
      assertionFetched.catch(() => undefined);
      throw signal.aborted ? signal.reason : error;
    }
    const [{ ConfidentialClientApplication, LogLevel }, authority, route] = loaded;
    if (presented.mustCarryAudience && !presentedAudiences(assertion).includes(audience)) {
      // A retry whose provider could not change the audience (fixed outside azfed): not sent again.
      throw new AudienceNotPresentedError();
    }
    const assertionMs = Math.round(performance.now() - started);

    const network = new MsalNetworkClient({
      dispatcher: settings.dispatcher,
      retry: settings.retry,
      signal,
      deadline: request.deadline,
      caller: "FederatedTokenCredential token request",
      ...(route ? { route, routeDispatcher: await routeDispatcher(route) } : {}),
    });
    if (route) logger.verbose(`FederatedTokenCredential: the token request goes to ${route.description}`);
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: settings.clientId,
        authority: `${settings.authorityHost}/${request.tenantId}`,
        clientAssertion: async () => assertionFetched,
        cloudDiscoveryMetadata: authority.cloudDiscoveryMetadata,
        authorityMetadata: authority.authorityMetadata,
        clientCapabilities: request.enableCae ? ["cp1"] : [],
      },
      system: {
        networkClient: network,
        disableInternalRetries: true,
        loggerOptions: {
          logLevel: LogLevel.Warning,
          piiLoggingEnabled: false,
          loggerCallback: (_level, message) => {
            // App tokens never carry client info; MSAL warns about it on every exchange.
            if (!message.includes("No client info in response")) {
              logger.verbose(
                `msal: ${scrubAndShorten(message, 2000, [assertion, ...network.receivedTokens])}`,
              );
            }
          },
        },
      },
    });

    const requested = performance.now();
    let result: AuthenticationResult | null;
    try {
      result = await app.acquireTokenByClientCredential({
        scopes: [...request.scopes],
        skipCache: true,
        correlationId,
        ...(request.claims ? { claims: request.claims } : {}),
      });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw toExchangeError(error, network, { ...settings, audience }, request, assertion, correlationId);
    }
    // Every successful reply passed readTokenReply on its way to MSAL (lastTokenLifetime): its checked
    // expires_in and refresh_in are used, never MSAL's expiresOn/refreshOn, which skip those checks.
    const lifetime = network.lastTokenLifetime;
    if (!result?.accessToken || lifetime === undefined) {
      throw toExchangeError(undefined, network, { ...settings, audience }, request, assertion, correlationId);
    }
    logger.verbose(
      `FederatedTokenCredential: tenant ${request.tenantId}: assertion and setup ${assertionMs} ms, ` +
        `token request ${Math.round(performance.now() - requested)} ms (correlation id ${correlationId})`,
    );
    return {
      accessToken: result.accessToken,
      sentAt: lifetime.sentAt,
      expiresInMs: lifetime.expiresInSeconds * 1000,
      refreshInMs: lifetime.refreshInSeconds === undefined ? undefined : lifetime.refreshInSeconds * 1000,
      correlationId,
    };
  };

  return async (request) => {
    const audience = firstAudience(settings);
    const presented: { assertion?: string | undefined } = {};
    try {
      return await exchangeOnce(request, audience, presented);
    } catch (error) {
      const retryWith = request.signal.aborted
        ? undefined
        : audienceToRetry(error, settings, audience, presented.assertion);
      if (retryWith === undefined) throw error;
      logger.info(
        `FederatedTokenCredential: Entra has no federated credential for audience ${audience} (AADSTS700212); ` +
          `asking ${settings.provider.name} once for ${retryWith}, the other audience convention of the cloud`,
      );
      const retried: { assertion?: string | undefined; mustCarryAudience: boolean } = {
        mustCarryAudience: true,
      };
      let exchanged: ExchangedToken;
      try {
        exchanged = await exchangeOnce(request, retryWith, retried);
      } catch (retryError) {
        // The provider could not present that audience (fixed outside azfed): the first refusal,
        // whose diagnosis names both fixes, is the one to show.
        if (
          !request.signal.aborted &&
          (retried.assertion === undefined || retryError instanceof AudienceNotPresentedError)
        ) {
          logger.info(
            `FederatedTokenCredential: ${settings.provider.name} has no token for ${retryWith} (its audience is fixed outside azfed); no second token request`,
          );
          throw error;
        }
        throw retryError;
      }
      rememberAudience(settings, retryWith);
      return exchanged;
    }
  };
}

/** A retry's assertion that does not carry the audience the retry is for. */
class AudienceNotPresentedError extends Error {
  override readonly name = "AudienceNotPresentedError";
}

/** The error a failed exchange throws: Entra's answer when there was one, else the network's error. */
function toExchangeError(
  error: unknown,
  network: MsalNetworkClient,
  settings: MsalExchangeSettings,
  request: TokenExchangeRequest,
  assertion: string | undefined,
  correlationId: string,
): unknown {
  let refusal: EntraRefusal;
  const secrets = [assertion, ...network.receivedTokens];
  if (network.lastFailedResponse) {
    refusal = parseEntraErrorBody(
      network.lastFailedResponse.status,
      network.lastFailedResponse.body,
      secrets,
    );
  } else if (network.lastError) {
    return network.lastError;
  } else {
    const msalError = error as { errorCode?: unknown; message?: unknown } | undefined;
    refusal = {
      statusCode: undefined,
      errorCode:
        typeof msalError?.errorCode === "string" && msalError.errorCode
          ? msalError.errorCode
          : "client_error",
      errorDescription: `MSAL could not complete the token request: ${typeof msalError?.message === "string" ? scrubAndShorten(msalError.message, 2000, secrets) : "it returned no access token"}`,
      aadsts: [],
      correlationId,
      traceId: undefined,
      timestamp: undefined,
    };
  }
  logger.info(
    `FederatedTokenCredential: token request for tenant ${request.tenantId}, client id ${settings.clientId} failed: ` +
      `${refusal.statusCode ?? "no answer"} ${refusal.errorCode}${refusal.aadsts.length ? ` (AADSTS${refusal.aadsts.join(", AADSTS")})` : ""}` +
      ` correlation id ${refusal.correlationId ?? correlationId}`,
  );
  const diagnosis = diagnoseEntraError({
    aadsts: refusal.aadsts,
    errorDescription: refusal.errorDescription,
    ...(assertion ? { assertion } : {}),
    tenantId: request.tenantId,
    clientId: settings.clientId,
    authorityHost: settings.authorityHost,
    audience: settings.audience,
    now: settings.clock(),
  });
  return new AuthenticationError(refusal, diagnosis);
}
