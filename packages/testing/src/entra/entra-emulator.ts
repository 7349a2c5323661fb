import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Dispatcher } from "undici";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import type { JwtClaims } from "../jwt-claims";
import { type TestCertificateAuthority, testCertificateAuthority } from "../servers/certificate-authority";
import { FaultInjector, type InjectedFault } from "../servers/fault-injection";
import { startHttpsServer } from "../servers/https-server";
import { readBody, sendJson } from "../servers/json-response";
import { AccessTokenIssuer } from "./access-token-issuer";
import {
  type EntraApplicationRegistration,
  EntraDirectory,
  type FederatedIdentityCredentialRecord,
  readApplicationsFile,
} from "./entra-directory";
import { EntraRefusal, entraErrorBody, refuse } from "./entra-error";
import {
  checkTenant,
  entraIssuerTenant,
  instanceDiscovery,
  issuerOf,
  openIdConfiguration,
  routeOf,
} from "./entra-metadata";
import { ExternalIssuerKeys } from "./external-issuer-keys";
import {
  type EntraEndpoint,
  type RecordedRequest,
  redactedFields,
  redactedHeaders,
  redactedPath,
} from "./request-log";
import { exchangeClientAssertion } from "./token-exchange";
import { checkLifetime, checkRefreshIn } from "./token-lifetime";

/**
 * A running emulator of Microsoft Entra ID's token service over HTTPS on 127.0.0.1: discovery,
 * instance discovery, keys, and the client-credentials token endpoint with federated client assertions.
 *
 * @example
 * ```ts
 * const entra = await startEntraEmulator();
 * const issuer = await startOidcIssuer();
 * entra.addApplication({
 *   clientId,
 *   tenantId,
 *   federatedCredentials: [{ name: "ci", issuer: issuer.issuer, subject: "ci-job", audiences: ["api://AzureADTokenExchange"] }],
 * });
 * // point the code under test at entra.url (authority host) with entra.dispatcher (or NODE_EXTRA_CA_CERTS=entra.ca.certificatePath)
 * await entra.close();
 * ```
 */
export interface EntraEmulator {
  /** The authority host, `https://127.0.0.1:PORT` (no trailing slash). */
  readonly url: string;
  /** The CA that signed the emulator's certificate. */
  readonly ca: TestCertificateAuthority;
  /** An undici dispatcher that trusts {@link EntraEmulator.ca}. */
  readonly dispatcher: Dispatcher;
  /** Registers (or replaces) an application or user-assigned managed identity. */
  addApplication(application: EntraApplicationRegistration): void;
  /**
   * Verifies the tokens whose `iss` is `issuer` (a public issuer such as
   * `https://token.actions.githubusercontent.com`, which the emulator never contacts) with the keys of
   * the issuer served at `location` (e.g. a `startOidcIssuer()` issuer's `issuer`): what a flexible
   * credential needs, since Entra accepts one only for the issuers it documents. Without it, the
   * emulator fetches keys only from loopback and refuses any other issuer's tokens (AADSTS90061).
   *
   * @example
   * ```ts
   * const github = "https://token.actions.githubusercontent.com";
   * entra.locateIssuer(github, issuer.issuer);
   * const assertion = await issuer.mint({ iss: github, sub: "repo:contoso/app:ref:refs/heads/main", repository_id: "42" });
   * ```
   */
  locateIssuer(issuer: string, location: string): void;
  /** Adds a federated identity credential to a registered application. */
  addFederatedCredential(clientId: string, credential: FederatedIdentityCredentialRecord): void;
  /** Every request answered since start or {@link EntraEmulator.reset}, secrets redacted. */
  readonly requests: readonly RecordedRequest[];
  /** How many requests an endpoint has received (injected faults included). */
  count(endpoint: EntraEndpoint): number;
  /**
   * Makes the next `count` requests to the token endpoint (or to `endpoint`, or to any endpoint with
   * `"any"`) answer `response`: a status with optional headers and body (e.g. 429 with
   * `Retry-After`), or `{ drop: true }` to close the connection without an answer.
   */
  failNext(count: number, response: InjectedFault, endpoint?: EntraEndpoint | "any"): void;
  /** Waits `ms` before every answer. */
  setLatency(ms: number): void;
  /** The lifetime of access tokens issued from now on. */
  setTokenLifetime(seconds: number): void;
  /** The `refresh_in` (s) of every token from now on, even one Entra would not send; `undefined`: Entra's rule. */
  setRefreshIn(seconds: number | undefined): void;
  /**
   * The issuer of the tokens this emulator issues as Entra for `tenantId`, `{url}/{tenantId}/v2.0`
   * (Entra's is `https://login.microsoftonline.com/{tenantId}/v2.0`): what a federated identity
   * credential trusting a managed identity of that tenant names. Its discovery document and keys are
   * served, so the emulator verifies such tokens as it verifies any external issuer's.
   *
   * @example
   * ```ts
   * entra.issuer("11111111-1111-1111-1111-111111111111"); // "https://127.0.0.1:PORT/11111111-1111-1111-1111-111111111111/v2.0"
   * ```
   */
  issuer(tenantId: string): string;
  /**
   * Signs a managed identity's access token as Entra would (v2: `iss` {@link EntraEmulator.issuer}
   * of its tenant, `sub` and `oid` its principal id, `azp` its client id, `tid`, `aud` the resource);
   * `@azfed/testing`'s managed identity endpoints serve these.
   *
   * @example
   * ```ts
   * const token = await entra.issueManagedIdentityToken(
   *   { clientId, principalId, tenantId },
   *   "api://AzureADTokenExchange",
   * );
   * ```
   */
  issueManagedIdentityToken(
    identity: {
      readonly clientId: string;
      readonly principalId: string;
      readonly tenantId: string;
      readonly resourceId?: string | undefined;
    },
    resource: string,
    lifetimeSeconds?: number,
  ): Promise<string>;
  /** Verifies an access token the emulator issued and returns its claims. */
  verifyAccessToken(token: string): Promise<JwtClaims>;
  /** Clears the request log, counts, queued faults, latency, cached issuer keys and a `refresh_in` set (not applications or the lifetime). */
  reset(): void;
  /** Stops the server and closes its open connections. */
  close(): Promise<void>;
}

/**
 * Options of {@link startEntraEmulator}.
 *
 * @example
 * ```ts
 * const options: EntraEmulatorOptions = { tokenLifetimeSeconds: 3599, configFile: "test/entra-apps.json" };
 * ```
 */
export interface EntraEmulatorOptions {
  /** Default 0: a free port. */
  readonly port?: number | undefined;
  /** Lifetime of issued access tokens. Default 3599 seconds. */
  readonly tokenLifetimeSeconds?: number | undefined;
  /** A JSON file of applications: `{ "applications": [ { clientId, tenantId?, federatedCredentials } ] }`. */
  readonly configFile?: string | undefined;
  readonly applications?: readonly EntraApplicationRegistration[] | undefined;
  /** Default: {@link testCertificateAuthority}(); the issuers whose tokens are exchanged must use the same CA. */
  readonly ca?: TestCertificateAuthority | undefined;
}

const DEFAULT_TOKEN_LIFETIME_SECONDS = 3599;
/** What IMDS answers for a managed identity's token: `expires_in` 86399 (about a day). */
const MANAGED_IDENTITY_TOKEN_LIFETIME_SECONDS = 86_399;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Starts the Entra emulator. It serves `/{tenant}/v2.0/.well-known/openid-configuration`,
 * `/common/discovery/instance`, `/{tenant}/discovery/v2.0/keys` and `POST /{tenant}/oauth2/v2.0/token`.
 * Token requests are validated as Entra does: the client assertion's issuer discovery document and
 * JWKS are fetched over HTTPS (trusting the test CA), its signature, `exp` and `nbf` checked, and its
 * issuer, subject and audience matched exactly against the application's federated credentials;
 * refusals carry Entra's JSON error body and AADSTS codes.
 *
 * @example
 * ```ts
 * import { fetch } from "undici";
 * const entra = await startEntraEmulator({ applications: [{ clientId, tenantId, federatedCredentials: [fic] }] });
 * const response = await fetch(`${entra.url}/${tenantId}/oauth2/v2.0/token`, {
 *   method: "POST",
 *   dispatcher: entra.dispatcher,
 *   body: new URLSearchParams({
 *     grant_type: "client_credentials",
 *     client_id: clientId,
 *     scope: "https://management.azure.com/.default",
 *     client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
 *     client_assertion: await issuer.mint({ sub: fic.subject, aud: "api://AzureADTokenExchange" }),
 *   }),
 * });
 * const { access_token } = await response.json();
 * ```
 */
export async function startEntraEmulator(options: EntraEmulatorOptions = {}): Promise<EntraEmulator> {
  let tokenLifetimeSeconds = checkLifetime(options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS);
  let refreshInSeconds: number | undefined;
  const ca = options.ca ?? (await testCertificateAuthority());
  const directory = new EntraDirectory();
  if (options.configFile !== undefined) {
    const { applications, field } = readApplicationsFile(options.configFile);
    applications.forEach((application, index) => {
      directory.add(application, `${field}[${index}]`);
    });
  }
  (options.applications ?? []).forEach((application, index) => {
    directory.add(application, `applications[${index}]`);
  });
  const accessTokens = await AccessTokenIssuer.create();
  const issuerKeys = new ExternalIssuerKeys(ca.dispatcher);
  const faults = new FaultInjector<EntraEndpoint>();
  let log: RecordedRequest[] = [];
  let counts = emptyCounts();
  let url = "";
  let hosts: string[] = [];

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const requestUrl = new URL(request.url ?? "/", "https://emulator.invalid");
    const route = routeOf(requestUrl.pathname);
    const headerCorrelation = request.headers["client-request-id"];
    const entry = {
      method: request.method ?? "GET",
      path: redactedPath(requestUrl),
      endpoint: route.endpoint,
      headers: redactedHeaders(request.headers),
      form: {} as Record<string, string>,
      assertionClaims: undefined as JwtClaims | undefined,
      status: 0,
      errorCode: undefined as number | undefined,
      injected: false as boolean,
      correlationId:
        typeof headerCorrelation === "string" && GUID.test(headerCorrelation)
          ? headerCorrelation
          : randomUUID(),
      receivedAt: new Date(),
    } satisfies RecordedRequest;
    log.push(entry);
    if (route.endpoint) counts[route.endpoint]++;
    const traceId = randomUUID();
    const baseHeaders = {
      "client-request-id": entry.correlationId,
      "x-ms-request-id": traceId,
      "x-ms-ests-server": "azfed-entra-emulator",
    };

    const body = request.method === "POST" ? await readBody(request) : "";
    if (route.endpoint === "token") entry.form = redactedFields(new URLSearchParams(body));
    await faults.delay();

    const fault = faults.serveNext(response, route.endpoint, body);
    if (fault) {
      entry.injected = true;
      entry.status = "drop" in fault ? 0 : (fault.status ?? 200);
      return;
    }

    const refuseWith = (refusal: EntraRefusal): void => {
      entry.status = refusal.status;
      entry.errorCode = refusal.code;
      sendJson(
        response,
        refusal.status,
        entraErrorBody(refusal, {
          traceId,
          correlationId: entry.correlationId,
          now: new Date(),
          authorityHost: url,
        }),
        { ...baseHeaders, pragma: "no-cache", "cache-control": "no-store, no-cache" },
      );
    };
    const answer = (status: number, json: unknown, extraHeaders: Record<string, string> = {}): void => {
      entry.status = status;
      sendJson(response, status, json, { ...baseHeaders, ...extraHeaders });
    };

    try {
      switch (route.endpoint) {
        case "openid-configuration":
          checkTenant(route.tenant);
          return answer(200, openIdConfiguration(url, route.tenant), {
            "cache-control": "max-age=86400, private",
          });
        case "keys":
          checkTenant(route.tenant);
          return answer(200, accessTokens.jwks(route.v2 ? issuerOf(url, route.tenant) : undefined), {
            "cache-control": "max-age=86400, private",
          });
        case "instance-discovery":
          return answer(200, instanceDiscovery(url, hosts, requestUrl.searchParams));
        case "token": {
          checkTenant(route.tenant);
          if (request.method !== "POST") throw refuse.postOnly(request.method ?? "GET");
          const result = await exchangeClientAssertion(
            route.tenant,
            new URLSearchParams(body),
            {
              directory,
              issuerKeys,
              accessTokens,
              tokenLifetimeSeconds,
              refreshInSeconds,
              entraIssuerTenant: (issuer) => entraIssuerTenant(url, issuer),
            },
            (claims) => {
              entry.assertionClaims = claims;
            },
          );
          return answer(200, result.response, { pragma: "no-cache", "cache-control": "no-store, no-cache" });
        }
        default:
          entry.status = 404;
          response.writeHead(404, { ...baseHeaders, "content-type": "text/plain; charset=utf-8" });
          response.end("Not Found");
          return;
      }
    } catch (error) {
      if (error instanceof EntraRefusal) return refuseWith(error);
      entry.status = 500;
      throw error;
    }
  };

  const server = await startHttpsServer(handle, { ca, port: options.port });
  url = server.url;
  hosts = [`127.0.0.1:${server.port}`, `localhost:${server.port}`];

  return {
    url,
    ca,
    dispatcher: ca.dispatcher,
    addApplication(application: EntraApplicationRegistration): void {
      directory.add(application);
    },
    addFederatedCredential(clientId: string, credential: FederatedIdentityCredentialRecord): void {
      directory.addFederatedCredential(clientId, credential);
    },
    locateIssuer(issuer: string, location: string): void {
      issuerKeys.locate(issuer, location);
    },
    get requests(): readonly RecordedRequest[] {
      return Object.freeze(log.map((entry) => Object.freeze({ ...entry })));
    },
    count(endpoint: EntraEndpoint): number {
      if (!(endpoint in counts)) {
        throw new InvalidEmulatorOptionError({
          field: "endpoint",
          value: endpoint,
          expected: '"token", "openid-configuration", "instance-discovery" or "keys"',
        });
      }
      return counts[endpoint];
    },
    failNext(count: number, response: InjectedFault, endpoint: EntraEndpoint | "any" = "token"): void {
      if (endpoint !== "any" && !(endpoint in counts)) {
        throw new InvalidEmulatorOptionError({
          field: "endpoint",
          value: endpoint,
          expected: '"token", "openid-configuration", "instance-discovery", "keys" or "any"',
        });
      }
      faults.failNext(count, response, endpoint === "any" ? undefined : endpoint);
    },
    setLatency(ms: number): void {
      faults.setLatency(ms);
    },
    setTokenLifetime(seconds: number): void {
      tokenLifetimeSeconds = checkLifetime(seconds);
    },
    setRefreshIn(seconds: number | undefined): void {
      refreshInSeconds = checkRefreshIn(seconds);
    },
    issuer: (tenantId: string) => `${url}/${tenantId}/v2.0`,
    issueManagedIdentityToken: (
      identity,
      resource,
      lifetimeSeconds = MANAGED_IDENTITY_TOKEN_LIFETIME_SECONDS,
    ) =>
      accessTokens.issueManagedIdentityToken(url, {
        tenantId: identity.tenantId,
        clientId: identity.clientId,
        principalId: identity.principalId,
        ...(identity.resourceId ? { resourceId: identity.resourceId } : {}),
        resource,
        lifetimeSeconds: checkLifetime(lifetimeSeconds),
      }),
    verifyAccessToken: (token: string) => accessTokens.verify(token),
    reset(): void {
      log = [];
      counts = emptyCounts();
      faults.reset();
      issuerKeys.clear();
      refreshInSeconds = undefined;
    },
    close: () => server.close(),
  };
}

function emptyCounts(): Record<EntraEndpoint, number> {
  return { token: 0, "openid-configuration": 0, "instance-discovery": 0, keys: 0 };
}
