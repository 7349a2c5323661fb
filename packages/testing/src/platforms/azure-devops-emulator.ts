import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Dispatcher } from "undici";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import { type TestCertificateAuthority, testCertificateAuthority } from "../servers/certificate-authority";
import { FaultInjector } from "../servers/fault-injection";
import { type RunningServer, startHttpsServer } from "../servers/https-server";
import { readBody, sendJson } from "../servers/json-response";
import { checkSecretHeader } from "../servers/request-secret";
import { sendSignInChallenge, sendSignInPage, sendVssError } from "./azure-devops-answers";
import {
  type AzureDevOpsEmulatorOptions,
  type AzureDevOpsFault,
  type AzureDevOpsJobEnvOptions,
  type AzureDevOpsRecordedRequest,
  type AzureDevOpsServiceConnection,
  type AzureDevOpsSignInRequest,
  cannedFault,
  checkConnection,
  EXCHANGE_AUDIENCE,
  guidOption,
  jobVariables,
  pipelineTokenClaims,
  SIGN_IN_PATH,
  serviceConnectionSubject,
} from "./azure-devops-model";
import { type MintOptions, type OidcIssuer, startOidcIssuer } from "./oidc-issuer";

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
    options?: AzureDevOpsJobEnvOptions & { readonly idToken?: MintOptions | undefined },
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
  const facts = { organization, organizationId, project, projectId, pipeline };
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
    serviceConnectionSubject(connection, { name: organization, id: organizationId, project });
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
      ...pipelineTokenClaims(facts),
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
    const bearerAccepted =
      checkSecretHeader(request.headers.authorization, "Bearer", accessToken) === "valid";
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
      sendSignInChallenge(response, { suppressRedirect, signInUrl: signInUrl(), path: url.pathname });
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
    const job = { planId, jobId, oidcRequestUri: `${server.url}${oidcPath}`, accessToken };
    return jobVariables(facts, job, connection, envOptions);
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
