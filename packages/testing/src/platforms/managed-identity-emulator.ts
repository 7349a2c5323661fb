import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { EntraEmulator } from "../entra/entra-emulator";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import { EmulatorTraffic } from "../servers/emulator-traffic";
import type { InjectedFault } from "../servers/fault-injection";
import { sendJson } from "../servers/json-response";
import { listen } from "../servers/listening-server";

/**
 * A user-assigned managed identity attached to the emulated Azure resource.
 *
 * @example
 * ```ts
 * const identity: EmulatedManagedIdentity = {
 *   clientId: "aaaaaaaa-0000-0000-0000-000000000001",
 *   principalId: "bbbbbbbb-0000-0000-0000-000000000002",
 *   tenantId: "cccccccc-0000-0000-0000-000000000003",
 * };
 * ```
 */
export interface EmulatedManagedIdentity {
  /** The identity's client id (the token's `azp`); selects it with `client_id`. */
  readonly clientId: string;
  /** The identity's object (principal) id (the token's `sub` and `oid`); selects it with `object_id`. */
  readonly principalId: string;
  /** The identity's home tenant (the token's `tid`, and the tenant in its `iss`). */
  readonly tenantId: string;
  /**
   * The identity's Azure resource id; selects it with `msi_res_id` (IMDS) or `mi_res_id` (App
   * Service). Default `/subscriptions/…/resourceGroups/azfed-test/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{clientId}`.
   */
  readonly resourceId?: string | undefined;
}

/**
 * Options of {@link startManagedIdentityEmulator}.
 *
 * @example
 * ```ts
 * const options: ManagedIdentityEmulatorOptions = { entra, identities: [identity] };
 * ```
 */
export interface ManagedIdentityEmulatorOptions {
  /** The Entra emulator that signs the tokens (and verifies them when they come back as assertions). */
  readonly entra: EntraEmulator;
  /** The user-assigned identities attached to the resource. Default none (see `addIdentity`). */
  readonly identities?: readonly EmulatedManagedIdentity[] | undefined;
  /**
   * The resources of `api://` form this cloud knows; any other `api://` resource is refused with
   * AADSTS500011 (resource principal not found), as a cloud refuses another cloud's exchange audience.
   * Default `["api://AzureADTokenExchange"]` (the public cloud). `https://` resources are always known.
   */
  readonly knownApiResources?: readonly string[] | undefined;
}

/**
 * Which emulated endpoint a request went to: `imds` (`/metadata/identity/oauth2/token`, found through
 * `AZURE_POD_IDENTITY_AUTHORITY_HOST`), `app-service` (`IDENTITY_ENDPOINT` with `IDENTITY_HEADER`) or
 * `other`.
 *
 * @example
 * ```ts
 * const source: ManagedIdentitySource = "imds";
 * ```
 */
export type ManagedIdentitySource = "imds" | "app-service" | "other";

/**
 * One request the emulator received. The App Service secret header is never kept.
 *
 * @example
 * ```ts
 * const [first] = identityEndpoint.requests;
 * first?.resource; // "api://AzureADTokenExchange"
 * first?.selector; // { client_id: "aaaaaaaa-…" }
 * ```
 */
export interface ManagedIdentityTokenRequest {
  readonly source: ManagedIdentitySource;
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  readonly apiVersion: string | undefined;
  readonly resource: string | undefined;
  /** The identity selector sent: `client_id`, `object_id`, `msi_res_id` or `mi_res_id`, when any. */
  readonly selector: Readonly<Record<string, string>>;
  /** The status answered (0 for a dropped connection). */
  readonly status: number;
}

/**
 * A running emulator of the endpoints through which an Azure workload gets its managed identity's
 * tokens, over plain HTTP on 127.0.0.1 as the real ones are: IMDS and App Service (which msal-node's
 * `ManagedIdentityApplication` chooses from the environment).
 *
 * @example
 * ```ts
 * const endpoint = await startManagedIdentityEmulator({ entra, identities: [identity] });
 * Object.assign(process.env, endpoint.imdsEnv()); // or endpoint.appServiceEnv()
 * await endpoint.close();
 * ```
 */
export interface ManagedIdentityEmulator {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** The attached identities. */
  readonly identities: readonly EmulatedManagedIdentity[];
  /** Attaches another user-assigned identity. */
  addIdentity(identity: EmulatedManagedIdentity): void;
  /** The value App Service would put in `IDENTITY_HEADER` (a secret: requests must send it back). */
  readonly identityHeader: string;
  /** `{ AZURE_POD_IDENTITY_AUTHORITY_HOST: url }`: msal-node then sends IMDS requests here. */
  imdsEnv(): { AZURE_POD_IDENTITY_AUTHORITY_HOST: string };
  /** `{ IDENTITY_ENDPOINT: url + "/msi/token", IDENTITY_HEADER }`: msal-node then uses the App Service protocol. */
  appServiceEnv(): { IDENTITY_ENDPOINT: string; IDENTITY_HEADER: string };
  /** Every request received, oldest first. */
  readonly requests: readonly ManagedIdentityTokenRequest[];
  /** Requests received by one endpoint, or all. */
  count(source?: ManagedIdentitySource): number;
  /** The tokens issued, oldest first. */
  readonly issuedTokens: readonly string[];
  /** Makes the next `count` requests answer `fault` (a status with headers and body, or a dropped connection). */
  failNext(count: number, fault: InjectedFault): void;
  /** Waits `ms` before every answer; 0 turns it off. */
  setLatency(ms: number): void;
  /** Forgets the requests, issued tokens, queued faults and latency. */
  reset(): void;
  /** Stops the server and closes its open connections. */
  close(): Promise<void>;
}

/** @see https://github.com/AzureAD/microsoft-authentication-library-for-js/blob/dev/lib/msal-node/src/client/ManagedIdentitySources/Imds.ts */
const IMDS_PATH = "/metadata/identity/oauth2/token";
const APP_SERVICE_PATH = "/msi/token";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Starts an emulator of the managed identity endpoints on `http://127.0.0.1:PORT`:
 * - IMDS, `GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=…[&client_id|object_id|msi_res_id=…]`
 *   with `Metadata: true` (answers 400 without it, as IMDS does);
 * - App Service, `GET /msi/token?api-version=2019-08-01&resource=…[&client_id|object_id|mi_res_id=…]`
 *   with `X-IDENTITY-HEADER: {IDENTITY_HEADER}` (answers 401 without the right value).
 *
 * Tokens are signed by the Entra emulator as Entra signs a managed identity's ({@link EntraEmulator.issueManagedIdentityToken}):
 * `iss` `{entra.url}/{tenantId}/v2.0`, `sub` and `oid` the principal id, `azp` the client id, `tid`, `aud` the
 * resource. An unknown identity selector answers 400 "Identity not found"; without a selector and
 * with more than one identity attached, 400 too (the real endpoints do not guess). System-assigned
 * identities are not emulated: they cannot be a federated credential of an app.
 *
 * @see https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-use-vm-token#get-a-token-using-http
 * @see https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference
 * @see https://github.com/AzureAD/microsoft-authentication-library-for-js/blob/dev/lib/msal-node/src/client/ManagedIdentitySources/AppService.ts
 * @example
 * ```ts
 * const entra = await startEntraEmulator();
 * const endpoint = await startManagedIdentityEmulator({ entra, identities: [identity] });
 * entra.addApplication({
 *   clientId: appId,
 *   tenantId: identity.tenantId,
 *   federatedCredentials: [
 *     { name: "mi", issuer: entra.issuer(identity.tenantId), subject: identity.principalId, audiences: ["api://AzureADTokenExchange"] },
 *   ],
 * });
 * ```
 */
export async function startManagedIdentityEmulator(
  options: ManagedIdentityEmulatorOptions,
): Promise<ManagedIdentityEmulator> {
  const { entra } = options;
  if (typeof entra?.issueManagedIdentityToken !== "function") {
    throw new InvalidEmulatorOptionError({
      field: "entra",
      value: typeof entra,
      expected: "a running Entra emulator (startEntraEmulator())",
    });
  }
  if (options.identities !== undefined && !Array.isArray(options.identities)) {
    throw new InvalidEmulatorOptionError({
      field: "identities",
      value: options.identities,
      expected: "an array of user-assigned identities { clientId, principalId, tenantId }",
    });
  }
  const identities = (options.identities ?? []).map((identity, index) =>
    checkIdentity(identity, `identities[${index}]`),
  );
  const knownApiResources = new Set(options.knownApiResources ?? ["api://AzureADTokenExchange"]);
  const identityHeader = randomBytes(24).toString("base64url");
  const traffic = new EmulatorTraffic<ManagedIdentityTokenRequest>();

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    // msal-node normalises the endpoint URL with a trailing slash.
    const path = url.pathname.replace(/\/$/, "");
    const source: ManagedIdentitySource =
      path === IMDS_PATH ? "imds" : path === APP_SERVICE_PATH ? "app-service" : "other";
    const selector: Record<string, string> = {};
    for (const name of ["client_id", "object_id", "msi_res_id", "mi_res_id"]) {
      const value = url.searchParams.get(name);
      if (value !== null) selector[name] = value;
    }
    const resource = url.searchParams.get("resource") ?? undefined;
    const exchange = traffic.begin({
      source,
      method: request.method ?? "GET",
      path: url.pathname,
      apiVersion: url.searchParams.get("api-version") ?? undefined,
      resource,
      selector,
    });
    const record = exchange.answered;
    const refuse = (status: number, error: string, description: string): void => {
      record(status);
      sendJson(response, status, { error, error_description: description });
    };
    if (await traffic.servedFault(request, response, exchange)) return;
    if (source === "other") return refuse(404, "not_found", `no such endpoint: ${url.pathname}`);
    if (request.method !== "GET") return refuse(405, "invalid_request", "only GET is supported");
    if (source === "imds" && request.headers.metadata !== "true") {
      return refuse(400, "invalid_request", "Required metadata header not specified");
    }
    if (source === "app-service" && request.headers["x-identity-header"] !== identityHeader) {
      return refuse(401, "unauthorized", "X-IDENTITY-HEADER is missing or wrong");
    }
    const expectedVersion = source === "imds" ? "2018-02-01" : "2019-08-01";
    if (url.searchParams.get("api-version") !== expectedVersion) {
      return refuse(400, "invalid_request", `api-version must be ${expectedVersion}`);
    }
    if (!resource) return refuse(400, "invalid_request", "Required query variable 'resource' is missing");
    const identity = selectIdentity(identities, selector, source);
    if (identity === "ambiguous") {
      return refuse(
        400,
        "invalid_request",
        "Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request",
      );
    }
    if (!identity) return refuse(400, "invalid_request", "Identity not found");
    if (resource.startsWith("api://") && !knownApiResources.has(resource)) {
      return refuse(
        400,
        "invalid_resource",
        `AADSTS500011: The resource principal named ${resource} was not found in the tenant named ${identity.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      );
    }
    const lifetime = 86_399;
    const token = await entra.issueManagedIdentityToken(identity, resource, lifetime);
    exchange.issued(token);
    const now = Math.floor(Date.now() / 1000);
    record(200);
    sendJson(response, 200, {
      access_token: token,
      client_id: identity.clientId,
      expires_in: String(lifetime),
      expires_on: String(now + lifetime),
      ext_expires_in: String(lifetime),
      not_before: String(now),
      resource,
      token_type: "Bearer",
    });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) sendJson(response, 500, { error: "server_error" });
      else response.destroy();
    });
  });
  const listening = await listen(server, 0, "127.0.0.1");
  const url = `http://127.0.0.1:${listening.port}`;

  return {
    url,
    get identities() {
      return [...identities];
    },
    addIdentity(identity: EmulatedManagedIdentity): void {
      identities.push(checkIdentity(identity, "identity"));
    },
    identityHeader,
    imdsEnv: () => ({ AZURE_POD_IDENTITY_AUTHORITY_HOST: url }),
    appServiceEnv: () => ({
      IDENTITY_ENDPOINT: `${url}${APP_SERVICE_PATH}`,
      IDENTITY_HEADER: identityHeader,
    }),
    get requests() {
      return traffic.requests;
    },
    count(source?: ManagedIdentitySource): number {
      return source === undefined
        ? traffic.requestCount
        : traffic.requests.filter((entry) => entry.source === source).length;
    },
    get issuedTokens() {
      return traffic.issuedTokens;
    },
    failNext: (count: number, fault: InjectedFault) => traffic.failNext(count, fault),
    setLatency: (ms: number) => traffic.setLatency(ms),
    reset: () => traffic.reset(),
    close: () => listening.close(),
  };
}

function selectIdentity(
  identities: readonly Required<EmulatedManagedIdentity>[],
  selector: Readonly<Record<string, string>>,
  source: ManagedIdentitySource,
): Required<EmulatedManagedIdentity> | "ambiguous" | undefined {
  const resourceIdParameter = source === "imds" ? "msi_res_id" : "mi_res_id";
  const same = (a: string, b: string | undefined) => b !== undefined && a.toLowerCase() === b.toLowerCase();
  if (selector.client_id !== undefined)
    return identities.find((each) => same(each.clientId, selector.client_id));
  if (selector.object_id !== undefined) {
    return identities.find((each) => same(each.principalId, selector.object_id));
  }
  if (selector[resourceIdParameter] !== undefined) {
    return identities.find((each) => same(each.resourceId, selector[resourceIdParameter]));
  }
  if (Object.keys(selector).length > 0) return undefined;
  if (identities.length === 0) return undefined;
  return identities.length === 1 ? identities[0] : "ambiguous";
}

function checkIdentity(identity: EmulatedManagedIdentity, field: string): Required<EmulatedManagedIdentity> {
  for (const name of ["clientId", "principalId", "tenantId"] as const) {
    const value = identity?.[name];
    if (typeof value !== "string" || !GUID.test(value)) {
      throw new InvalidEmulatorOptionError({
        field: `${field}.${name}`,
        value,
        expected: "a GUID",
      });
    }
  }
  return {
    ...identity,
    resourceId:
      identity.resourceId ??
      `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/azfed-test/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${identity.clientId}`,
  };
}
