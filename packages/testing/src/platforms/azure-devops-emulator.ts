import { randomBytes, randomInt, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Dispatcher } from "undici";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import { type TestCertificateAuthority, testCertificateAuthority } from "../servers/certificate-authority";
import { FaultInjector, type InjectedFault } from "../servers/fault-injection";
import { type RunningServer, startHttpsServer } from "../servers/https-server";
import { readBody, sendJson } from "../servers/json-response";
import { type MintOptions, type OidcIssuer, startOidcIssuer } from "./oidc-issuer";

/**
 * A service connection the emulated organization has.
 *
 * @example
 * ```ts
 * const connection: AzureDevOpsServiceConnection = {
 *   id: "0c6b9a0e-8f3e-4a4d-9b53-1c2d3e4f5a6b",
 *   name: "prod-subscription",
 *   issuer: "entra",
 *   clientId: "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
 * };
 * ```
 */
export interface AzureDevOpsServiceConnection {
  /** The connection's id (its `resourceId`), a GUID. */
  readonly id: string;
  /** Its name, the last part of the legacy subject `sc://{org}/{project}/{name}`. */
  readonly name: string;
  /** Which issuer its tokens carry: `"entra"` (default, as for new connections) or `"legacy"`. */
  readonly issuer?: "entra" | "legacy";
  /** The app or managed identity it uses (`AZURESUBSCRIPTION_CLIENT_ID`). Default a random GUID. */
  readonly clientId?: string;
  /** The tenant of that identity. Default the emulator's `tenantId`. */
  readonly tenantId?: string;
  /**
   * Whether a task input in the running stage references it. Azure DevOps answers "No service
   * connection found" for one that is not referenced. Default true.
   */
  readonly referenced?: boolean;
}

/**
 * A canned failure of the OIDC endpoint: Azure DevOps' sign-in page with 203, an empty 200, a 500
 * with Azure DevOps' error JSON; or any {@link InjectedFault}.
 *
 * @example
 * ```ts
 * devops.failNext(1, "html-203");
 * devops.failNext(2, { status: 503, headers: { "retry-after": "0" } });
 * ```
 */
export type AzureDevOpsFault = "html-203" | "empty-body" | "server-error" | InjectedFault;

/**
 * One request the OIDC endpoint received, without any secret: whether a bearer token came and was
 * the job's, never the token itself.
 *
 * @example
 * ```ts
 * const [first] = devops.requests;
 * expect(first?.query["api-version"]).toBe("7.1");
 * ```
 */
export interface AzureDevOpsRecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly contentType: string | undefined;
  /** An `Authorization: Bearer …` header was present. */
  readonly bearer: boolean;
  /** It carried the job's access token. */
  readonly bearerAccepted: boolean;
  /** `X-TFS-FedAuthRedirect: Suppress` was present. */
  readonly suppressRedirect: boolean;
}

/**
 * A request that reached the sign-in page, and whether it carried an `Authorization` header (it
 * must not, when the page is on another origin).
 *
 * @example
 * ```ts
 * expect(devops.signInRequests.every((request) => !request.authorization)).toBe(true);
 * ```
 */
export interface AzureDevOpsSignInRequest {
  readonly url: string;
  readonly authorization: boolean;
}

/**
 * Options of {@link startAzureDevOpsEmulator}.
 *
 * @example
 * ```ts
 * const options: AzureDevOpsEmulatorOptions = {
 *   organization: "contoso",
 *   project: "Web Platform",
 *   serviceConnections: [{ id: randomUUID(), name: "prod", issuer: "legacy" }],
 * };
 * ```
 */
export interface AzureDevOpsEmulatorOptions {
  /** The organization's name. Default `contoso`. */
  readonly organization?: string;
  /** The organization's id (`System.CollectionId`). Default a random GUID. */
  readonly organizationId?: string;
  /** The project's name. Default `web`. */
  readonly project?: string;
  /** The project's id. Default a random GUID. */
  readonly projectId?: string;
  /** The pipeline's name (the `p://` subject of tokens asked for without a service connection). Default `web-ci`. */
  readonly pipeline?: string;
  /** The default tenant of service connections' identities. Default a random GUID. */
  readonly tenantId?: string;
  /** The organization's service connections. Default one Entra-issuer connection named `azure-prod`. */
  readonly serviceConnections?: readonly AzureDevOpsServiceConnection[];
  /** The job's access token (`System.AccessToken`). Default an opaque random string. */
  readonly accessToken?: string;
  /** Token lifetime in seconds. Default 600; `nbf` is 600 s before `iat`, as Azure DevOps does. */
  readonly tokenLifetimeSeconds?: number;
  /** Where the sign-in page lives: the endpoint's origin (default) or another one (`"other"`). */
  readonly signInPage?: "same-origin" | "other-origin";
  /** The CA that signs every server's certificate. Default the process's test CA. */
  readonly ca?: TestCertificateAuthority;
}

/**
 * Options of {@link AzureDevOpsEmulator.env}.
 *
 * @example
 * ```ts
 * const env = devops.env({ serviceConnectionId: connection.id, mapAccessToken: false });
 * ```
 */
export interface AzureDevOpsJobEnvOptions {
  /** The connection the `AZURESUBSCRIPTION_*` variables describe. Default the first one. */
  readonly serviceConnectionId?: string;
  /** Whether the step maps `SYSTEM_ACCESSTOKEN: $(System.AccessToken)`. Default true. */
  readonly mapAccessToken?: boolean;
  /** Whether an Azure task set the `AZURESUBSCRIPTION_*` variables. Default true. */
  readonly azureSubscriptionVariables?: boolean;
}

/**
 * An emulated Azure DevOps organization's OIDC token endpoint over HTTPS, with the issuers its
 * tokens name.
 *
 * @example
 * ```ts
 * const devops = await startAzureDevOpsEmulator();
 * const token = await azurePipelines({ env: devops.env(), dispatcher: devops.dispatcher }).getAssertion({
 *   audience: "api://AzureADTokenExchange",
 * });
 * await devops.close();
 * ```
 */
export interface AzureDevOpsEmulator {
  /** `https://127.0.0.1:PORT`, the emulated `dev.azure.com`. */
  readonly url: string;
  readonly ca: TestCertificateAuthority;
  /** An undici dispatcher trusting {@link AzureDevOpsEmulator.ca}. */
  readonly dispatcher: Dispatcher;
  readonly organization: string;
  readonly organizationId: string;
  readonly project: string;
  readonly projectId: string;
  readonly tenantId: string;
  /** `SYSTEM_OIDCREQUESTURI`: `{url}/{org}/{projectId}/_apis/distributedtask/hubs/build/plans/{planId}/jobs/{jobId}/oidctoken`. */
  readonly oidcRequestUri: string;
  /** `SYSTEM_ACCESSTOKEN`. */
  readonly accessToken: string;
  /** The sign-in page a refused request without the suppress header is redirected to. */
  readonly signInUrl: string;
  /** The legacy issuer, standing for `https://vstoken.dev.azure.com/{organizationId}`. */
  readonly legacyIssuer: OidcIssuer;
  /** The service connections, as configured. */
  readonly serviceConnections: readonly AzureDevOpsServiceConnection[];
  /** The `iss` of a service connection's tokens. */
  issuerOf(serviceConnectionId: string): string;
  /** The `sub` of a service connection's tokens, as Azure DevOps writes it for its issuer format. */
  subjectOf(serviceConnectionId: string): string;
  /** Adds a service connection (starting its tenant's Entra-format issuer if needed). */
  addServiceConnection(connection: AzureDevOpsServiceConnection): Promise<void>;
  /** Mints a service connection's token directly (e.g. expired), as the endpoint would. */
  mintServiceConnectionToken(serviceConnectionId: string, options?: MintOptions): Promise<string>;
  /** A job step's variables: `TF_BUILD`, `SYSTEM_*`, the `AZURESUBSCRIPTION_*` of one connection. */
  env(options?: AzureDevOpsJobEnvOptions): Record<string, string>;
  /**
   * An AzureCLI@2 step's variables with `addSpnToEnvironment: true`: `idToken`, `servicePrincipalId`,
   * `tenantId`, plus {@link AzureDevOpsEmulator.env}'s (without `SYSTEM_ACCESSTOKEN` unless mapped).
   */
  azureCliStepEnv(
    options?: AzureDevOpsJobEnvOptions & { readonly idToken?: MintOptions },
  ): Promise<Record<string, string>>;
  /** Requests the OIDC endpoint received (faults included). */
  readonly requests: readonly AzureDevOpsRecordedRequest[];
  /** Requests the sign-in page received. */
  readonly signInRequests: readonly AzureDevOpsSignInRequest[];
  /** How many tokens the endpoint issued. */
  readonly tokensIssued: number;
  /** Makes the next `count` OIDC requests fail. */
  failNext(count: number, fault: AzureDevOpsFault): void;
  /** Adds latency before every OIDC answer. */
  setLatency(ms: number): void;
  /** Forgets recorded requests and queued faults. */
  reset(): void;
  /** Stops the server and closes its open connections. */
  close(): Promise<void>;
}

const EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";
const AZURE_DEVOPS_APPLICATION_ID = "499b84ac-1321-427f-aa17-267ca6975798";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOTNET_GUID_BYTE_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
const SIGN_IN_PATH = "/_signin";
const SIGN_IN_PAGE =
  '<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head><body><form method="post" action="/_signin"><p>Sign in to continue to Azure DevOps</p></form></body></html>';

/**
 * Starts an emulated Azure DevOps OIDC endpoint. `POST {oidcRequestUri}?api-version=7.1&serviceConnectionId={id}`
 * with `Authorization: Bearer {accessToken}` answers `{ oidcToken }`. A missing or wrong token gets
 * `401` when `X-TFS-FedAuthRedirect: Suppress` is sent, else a `302` to an HTML sign-in page; an unknown
 * or unreferenced connection gets `400` with Azure DevOps' error JSON ("No service connection found
 * with identifier …"); no `serviceConnectionId` gets a pipeline token (`p://{org}/{project}/{pipeline}`).
 * Tokens of Entra-issuer connections are signed by an issuer at `/{tenantId}/v2.0` with the
 * `/eid1/c/pub/t/…/a/…/sc/{orgId}/{connectionId}` subject; legacy ones by an issuer at
 * `/{organizationId}` with `sc://{org}/{project}/{name}`. Both issuers serve discovery and keys over
 * HTTPS, so the Entra emulator can verify the tokens.
 *
 * @example
 * ```ts
 * const connection = { id: randomUUID(), name: "prod", issuer: "legacy" as const };
 * const devops = await startAzureDevOpsEmulator({ serviceConnections: [connection] });
 * entra.addApplication({
 *   clientId,
 *   tenantId,
 *   federatedCredentials: [
 *     { name: "ado", issuer: devops.issuerOf(connection.id), subject: devops.subjectOf(connection.id), audiences: ["api://AzureADTokenExchange"] },
 *   ],
 * });
 * ```
 */
export async function startAzureDevOpsEmulator(
  options: AzureDevOpsEmulatorOptions = {},
): Promise<AzureDevOpsEmulator> {
  const organization = options.organization ?? "contoso";
  if (typeof organization !== "string" || !/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(organization)) {
    throw new InvalidEmulatorOptionError({
      field: "organization",
      value: organization,
      expected: 'an organization name of letters, digits and "-"',
    });
  }
  const organizationId = guidOption("organizationId", options.organizationId);
  const projectId = guidOption("projectId", options.projectId);
  const tenantId = guidOption("tenantId", options.tenantId);
  const project = options.project ?? "web";
  const pipeline = options.pipeline ?? "web-ci";
  const lifetime = options.tokenLifetimeSeconds ?? 600;
  if (!Number.isInteger(lifetime) || lifetime <= 0) {
    throw new InvalidEmulatorOptionError({
      field: "tokenLifetimeSeconds",
      value: lifetime,
      expected: "a positive integer number of seconds",
    });
  }
  const accessToken = options.accessToken ?? randomBytes(32).toString("base64url");
  const ca = options.ca ?? (await testCertificateAuthority());
  const connections = new Map<string, Required<AzureDevOpsServiceConnection>>();
  const entraIssuers = new Map<string, OidcIssuer>();
  const requests: AzureDevOpsRecordedRequest[] = [];
  const signInRequests: AzureDevOpsSignInRequest[] = [];
  const faults = new FaultInjector();
  let tokensIssued = 0;

  const legacyIssuer = await startOidcIssuer({ path: `/${organizationId}`, ca });
  const entraIssuerFor = async (tenant: string): Promise<OidcIssuer> => {
    let issuer = entraIssuers.get(tenant);
    if (!issuer) {
      issuer = await startOidcIssuer({ path: `/${tenant}/v2.0`, ca });
      entraIssuers.set(tenant, issuer);
    }
    return issuer;
  };
  const addServiceConnection = async (connection: AzureDevOpsServiceConnection): Promise<void> => {
    const checked = checkConnection(connection, tenantId);
    if (checked.issuer === "entra") await entraIssuerFor(checked.tenantId);
    connections.set(checked.id, checked);
  };
  for (const connection of options.serviceConnections ?? [{ id: randomUUID(), name: "azure-prod" }]) {
    await addServiceConnection(connection);
  }

  const connectionOf = (id: string): Required<AzureDevOpsServiceConnection> => {
    const connection = connections.get(id.toLowerCase());
    if (!connection) {
      throw new InvalidEmulatorOptionError({
        field: "serviceConnectionId",
        value: id,
        expected: `one of the emulator's service connections (${[...connections.keys()].join(", ")})`,
      });
    }
    return connection;
  };
  const issuerOfConnection = (connection: Required<AzureDevOpsServiceConnection>): OidcIssuer =>
    connection.issuer === "legacy" ? legacyIssuer : (entraIssuers.get(connection.tenantId) as OidcIssuer);
  const subjectOfConnection = (connection: Required<AzureDevOpsServiceConnection>): string =>
    connection.issuer === "legacy"
      ? `sc://${organization}/${project}/${connection.name}`
      : `/eid1/c/pub/t/${dotnetGuidBase64Url(connection.tenantId)}/a/${dotnetGuidBase64Url(AZURE_DEVOPS_APPLICATION_ID)}/sc/${organizationId}/${connection.id}`;
  const timing = (mintOptions: MintOptions = {}) => {
    let issuedAt = mintOptions.issuedAt ?? Math.floor(Date.now() / 1000);
    if (mintOptions.expired) issuedAt -= 2 * lifetime + 600;
    if (mintOptions.notYetValid) issuedAt += 2 * lifetime;
    return { iat: issuedAt, nbf: issuedAt - 600, exp: issuedAt + (mintOptions.lifetimeSeconds ?? lifetime) };
  };
  const mintServiceConnectionToken = async (id: string, mintOptions: MintOptions = {}): Promise<string> => {
    const connection = connectionOf(id);
    return issuerOfConnection(connection).mint(
      {
        jti: randomUUID(),
        sub: subjectOfConnection(connection),
        aud: EXCHANGE_AUDIENCE,
        ...timing(mintOptions),
      },
      { wrongKey: mintOptions.wrongKey, kid: mintOptions.kid },
    );
  };
  const mintPipelineToken = (): Promise<string> =>
    legacyIssuer.mint({
      jti: randomUUID(),
      sub: `p://${organization}/${project}/${pipeline}`,
      aud: EXCHANGE_AUDIENCE,
      org_id: organizationId,
      prj_id: projectId,
      def_id: "42",
      rpo_id: randomUUID(),
      rpo_uri: `https://dev.azure.com/${organization}/${encodeURIComponent(project)}/_git/${encodeURIComponent(project)}`,
      rpo_ver: randomBytes(20).toString("hex"),
      rpo_ref: "refs/heads/main",
      run_id: String(randomInt(1_000, 999_999)),
      ...timing(),
    });

  let signInServer: RunningServer | undefined;
  if (options.signInPage === "other-origin") {
    signInServer = await startHttpsServer(
      (request, response) => {
        signInRequests.push({
          url: request.url ?? "/",
          authorization: request.headers.authorization !== undefined,
        });
        sendSignInPage(response, 200);
      },
      { ca },
    );
  }

  const planId = randomUUID();
  const jobId = randomUUID();
  const oidcPath = `/${organization}/${projectId}/_apis/distributedtask/hubs/build/plans/${planId}/jobs/${jobId}/oidctoken`;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "https://localhost");
    if (url.pathname === SIGN_IN_PATH) {
      signInRequests.push({
        url: request.url ?? "/",
        authorization: request.headers.authorization !== undefined,
      });
      sendSignInPage(response, 200);
      return;
    }
    if (url.pathname !== oidcPath) {
      sendVssError(
        response,
        404,
        `The resource ${url.pathname} cannot be found.`,
        "ResourceNotFoundException",
      );
      return;
    }
    await readBody(request);
    const authorization = request.headers.authorization ?? "";
    const bearerAccepted = authorization === `Bearer ${accessToken}`;
    const suppressRedirect = /^suppress$/i.test(String(request.headers["x-tfs-fedauthredirect"] ?? ""));
    requests.push({
      method: request.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType: request.headers["content-type"],
      bearer: /^bearer\s/i.test(authorization),
      bearerAccepted,
      suppressRedirect,
    });
    await faults.delay();
    if (faults.serveNext(response)) return;
    if (request.method !== "POST") {
      sendVssError(
        response,
        405,
        "The requested resource does not support http method 'GET'.",
        "HttpMethodNotAllowed",
      );
      return;
    }
    if (!bearerAccepted) {
      if (suppressRedirect) {
        response.writeHead(401, { "www-authenticate": "Bearer", "content-length": 0 }).end();
      } else {
        const signIn = `${signInUrl()}?realm=dev.azure.com&reply_to=${encodeURIComponent(`https://dev.azure.com${url.pathname}`)}`;
        response.writeHead(302, { location: signIn, "content-type": "text/html; charset=utf-8" });
        response.end(
          `<html><head><title>Object moved</title></head><body><h2>Object moved to <a href="${signIn}">here</a>.</h2></body></html>`,
        );
      }
      return;
    }
    const apiVersion = url.searchParams.get("api-version");
    if (apiVersion === null) {
      sendVssError(
        response,
        400,
        "No api-version was supplied for the POST request.",
        "VssVersionNotSpecifiedException",
      );
      return;
    }
    if (!/^7\.1(-preview(\.1)?)?$/.test(apiVersion)) {
      sendVssError(
        response,
        400,
        `The requested REST API version of ${apiVersion} is not supported by this resource.`,
        "VssInvalidPreviewVersionException",
      );
      return;
    }
    const serviceConnectionId = url.searchParams.get("serviceConnectionId");
    let oidcToken: string;
    if (serviceConnectionId === null) {
      oidcToken = await mintPipelineToken();
    } else {
      const connection = connections.get(serviceConnectionId.toLowerCase());
      if (!connection?.referenced) {
        sendVssError(
          response,
          400,
          `No service connection found with identifier ${serviceConnectionId}.`,
          "InvalidRequestException",
        );
        return;
      }
      oidcToken = await mintServiceConnectionToken(connection.id);
    }
    tokensIssued++;
    sendJson(response, 200, { oidcToken });
  };
  const server = await startHttpsServer(handle, { ca });
  const signInUrl = () => `${signInServer?.url ?? server.url}${SIGN_IN_PATH}`;

  const envFor = (envOptions: AzureDevOpsJobEnvOptions = {}): Record<string, string> => {
    const connection =
      envOptions.serviceConnectionId !== undefined
        ? connectionOf(envOptions.serviceConnectionId)
        : connections.values().next().value;
    return {
      TF_BUILD: "True",
      AGENT_ID: "7",
      BUILD_BUILDID: String(randomInt(1_000, 999_999)),
      SYSTEM_COLLECTIONURI: `https://dev.azure.com/${organization}/`,
      SYSTEM_COLLECTIONID: organizationId,
      SYSTEM_TEAMPROJECT: project,
      SYSTEM_TEAMPROJECTID: projectId,
      SYSTEM_DEFINITIONNAME: pipeline,
      SYSTEM_PLANID: planId,
      SYSTEM_JOBID: jobId,
      SYSTEM_OIDCREQUESTURI: `${server.url}${oidcPath}`,
      ...(envOptions.mapAccessToken === false ? {} : { SYSTEM_ACCESSTOKEN: accessToken }),
      ...(connection && envOptions.azureSubscriptionVariables !== false
        ? {
            AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: connection.id,
            AZURESUBSCRIPTION_CLIENT_ID: connection.clientId,
            AZURESUBSCRIPTION_TENANT_ID: connection.tenantId,
          }
        : {}),
    };
  };

  return {
    url: server.url,
    ca,
    dispatcher: ca.dispatcher,
    organization,
    organizationId,
    project,
    projectId,
    tenantId,
    oidcRequestUri: `${server.url}${oidcPath}`,
    accessToken,
    signInUrl: signInUrl(),
    legacyIssuer,
    get serviceConnections() {
      return [...connections.values()];
    },
    issuerOf: (id) => issuerOfConnection(connectionOf(id)).issuer,
    subjectOf: (id) => subjectOfConnection(connectionOf(id)),
    addServiceConnection,
    mintServiceConnectionToken,
    env: envFor,
    async azureCliStepEnv(stepOptions = {}) {
      const env = envFor({ mapAccessToken: false, ...stepOptions });
      const connection = connectionOf(
        env.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID ?? stepOptions.serviceConnectionId ?? "",
      );
      return {
        ...env,
        idToken: await mintServiceConnectionToken(connection.id, stepOptions.idToken),
        servicePrincipalId: connection.clientId,
        tenantId: connection.tenantId,
      };
    },
    requests,
    signInRequests,
    get tokensIssued() {
      return tokensIssued;
    },
    failNext(count: number, fault: AzureDevOpsFault): void {
      faults.failNext(count, cannedFault(fault));
    },
    setLatency: (ms: number) => faults.setLatency(ms),
    reset(): void {
      requests.length = 0;
      signInRequests.length = 0;
      faults.reset();
    },
    async close(): Promise<void> {
      await Promise.all([
        server.close(),
        signInServer?.close(),
        legacyIssuer.close(),
        ...[...entraIssuers.values()].map((issuer) => issuer.close()),
      ]);
    },
  };
}

function guidOption(field: string, value: string | undefined): string {
  if (value === undefined) return randomUUID();
  if (typeof value !== "string" || !GUID.test(value)) {
    throw new InvalidEmulatorOptionError({
      field,
      value,
      expected: "a GUID such as 499b84ac-1321-427f-aa17-267ca6975798",
    });
  }
  return value.toLowerCase();
}

function checkConnection(
  connection: AzureDevOpsServiceConnection,
  defaultTenantId: string,
): Required<AzureDevOpsServiceConnection> {
  if (typeof connection?.name !== "string" || connection.name === "") {
    throw new InvalidEmulatorOptionError({
      field: "serviceConnections[].name",
      value: connection?.name,
      expected: "a name",
    });
  }
  if (connection.issuer !== undefined && connection.issuer !== "entra" && connection.issuer !== "legacy") {
    throw new InvalidEmulatorOptionError({
      field: "serviceConnections[].issuer",
      value: connection.issuer,
      expected: '"entra" or "legacy"',
    });
  }
  return {
    id: guidOption("serviceConnections[].id", connection.id),
    name: connection.name,
    issuer: connection.issuer ?? "entra",
    clientId: guidOption("serviceConnections[].clientId", connection.clientId),
    tenantId: guidOption("serviceConnections[].tenantId", connection.tenantId ?? defaultTenantId),
    referenced: connection.referenced ?? true,
  };
}

/** A GUID's bytes in .NET `Guid.ToByteArray()` order, base64url without padding. */
function dotnetGuidBase64Url(guid: string): string {
  const bytes = Buffer.from(guid.replaceAll("-", ""), "hex");
  return Buffer.from(DOTNET_GUID_BYTE_ORDER.map((index) => bytes[index] as number)).toString("base64url");
}

/** Azure DevOps' error JSON: `$id`, `innerException`, `message`, `typeName`, `typeKey`, `errorCode`, `eventId`. */
function vssErrorBody(message: string, typeKey: string): Record<string, unknown> {
  return {
    $id: "1",
    innerException: null,
    message,
    typeName: `Microsoft.TeamFoundation.DistributedTask.WebApi.${typeKey}, Microsoft.TeamFoundation.DistributedTask.WebApi`,
    typeKey,
    errorCode: 0,
    eventId: 3000,
  };
}

function sendVssError(response: ServerResponse, status: number, message: string, typeKey: string): void {
  sendJson(response, status, vssErrorBody(message, typeKey));
}

function sendSignInPage(response: ServerResponse, status: number): void {
  response.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(SIGN_IN_PAGE),
  });
  response.end(SIGN_IN_PAGE);
}

function cannedFault(fault: AzureDevOpsFault): InjectedFault {
  switch (fault) {
    case "html-203":
      return { status: 203, headers: { "content-type": "text/html; charset=utf-8" }, body: SIGN_IN_PAGE };
    case "empty-body":
      return { status: 200, headers: { "content-type": "application/json; charset=utf-8" }, body: "" };
    case "server-error":
      return {
        status: 500,
        body: JSON.stringify(
          vssErrorBody("TF400898: An Internal Error Occurred.", "InternalServerErrorException"),
        ),
      };
    default:
      return fault;
  }
}
