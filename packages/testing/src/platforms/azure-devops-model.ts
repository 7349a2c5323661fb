import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import type { TestCertificateAuthority } from "../servers/certificate-authority";
import type { InjectedFault } from "../servers/fault-injection";

// The Azure DevOps emulator's model: service connections, the subjects of their tokens, and Azure
// DevOps' error bodies and sign-in page. No sockets; the server in azure-devops-emulator.ts uses these.

export const EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";
export const AZURE_DEVOPS_APPLICATION_ID = "499b84ac-1321-427f-aa17-267ca6975798";
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const DOTNET_GUID_BYTE_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
export const SIGN_IN_PATH = "/_signin";
export const SIGN_IN_PAGE =
  '<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head><body><form method="post" action="/_signin"><p>Sign in to continue to Azure DevOps</p></form></body></html>';

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

export function guidOption(field: string, value: string | undefined): string {
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

export function checkConnection(
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
export function dotnetGuidBase64Url(guid: string): string {
  const bytes = Buffer.from(guid.replaceAll("-", ""), "hex");
  return Buffer.from(DOTNET_GUID_BYTE_ORDER.map((index) => bytes[index] as number)).toString("base64url");
}

/** Azure DevOps' error JSON: `$id`, `innerException`, `message`, `typeName`, `typeKey`, `errorCode`, `eventId`. */
export function vssErrorBody(message: string, typeKey: string): Record<string, unknown> {
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

export function cannedFault(fault: AzureDevOpsFault): InjectedFault {
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

/**
 * The subject of a service connection's tokens: `sc://{org}/{project}/{name}` for a legacy-issuer
 * connection, `/eid1/c/pub/t/{tenant}/a/{Azure DevOps app}/sc/{orgId}/{connectionId}` for an Entra-issuer one.
 */
export function serviceConnectionSubject(
  connection: Required<AzureDevOpsServiceConnection>,
  organization: { readonly name: string; readonly id: string; readonly project: string },
): string {
  return connection.issuer === "legacy"
    ? `sc://${organization.name}/${organization.project}/${connection.name}`
    : `/eid1/c/pub/t/${dotnetGuidBase64Url(connection.tenantId)}/a/${dotnetGuidBase64Url(AZURE_DEVOPS_APPLICATION_ID)}/sc/${organization.id}/${connection.id}`;
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

/** The claims of a pipeline's own token (no service connection): `p://{org}/{project}/{pipeline}`, without times. */
export function pipelineTokenClaims(pipeline: AzureDevOpsPipeline): Record<string, string> {
  const { organization, project } = pipeline;
  return {
    jti: randomUUID(),
    sub: `p://${organization}/${project}/${pipeline.pipeline}`,
    aud: EXCHANGE_AUDIENCE,
    org_id: pipeline.organizationId,
    prj_id: pipeline.projectId,
    def_id: "42",
    rpo_id: randomUUID(),
    rpo_uri: `https://dev.azure.com/${organization}/${encodeURIComponent(project)}/_git/${encodeURIComponent(project)}`,
    rpo_ver: randomBytes(20).toString("hex"),
    rpo_ref: "refs/heads/main",
    run_id: String(randomInt(1_000, 999_999)),
  };
}

/** What the emulator knows of its organization, project and pipeline. */
export interface AzureDevOpsPipeline {
  readonly organization: string;
  readonly organizationId: string;
  readonly project: string;
  readonly projectId: string;
  readonly pipeline: string;
}

/** The variables of a job of `pipeline` (`TF_BUILD`, `SYSTEM_*`, and the AzureCLI task's `AZURESUBSCRIPTION_*`). */
export function jobVariables(
  pipeline: AzureDevOpsPipeline,
  job: {
    readonly planId: string;
    readonly jobId: string;
    readonly oidcRequestUri: string;
    readonly accessToken: string;
  },
  connection: Required<AzureDevOpsServiceConnection> | undefined,
  envOptions: AzureDevOpsJobEnvOptions,
): Record<string, string> {
  const { organization, organizationId, project, projectId } = pipeline;
  const { planId, jobId, accessToken } = job;
  return {
    TF_BUILD: "True",
    AGENT_ID: "7",
    BUILD_BUILDID: String(randomInt(1_000, 999_999)),
    SYSTEM_COLLECTIONURI: `https://dev.azure.com/${organization}/`,
    SYSTEM_COLLECTIONID: organizationId,
    SYSTEM_TEAMPROJECT: project,
    SYSTEM_TEAMPROJECTID: projectId,
    SYSTEM_DEFINITIONNAME: pipeline.pipeline,
    SYSTEM_PLANID: planId,
    SYSTEM_JOBID: jobId,
    SYSTEM_OIDCREQUESTURI: job.oidcRequestUri,
    ...(envOptions.mapAccessToken === false ? {} : { SYSTEM_ACCESSTOKEN: accessToken }),
    ...(connection && envOptions.azureSubscriptionVariables !== false
      ? {
          AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: connection.id,
          AZURESUBSCRIPTION_CLIENT_ID: connection.clientId,
          AZURESUBSCRIPTION_TENANT_ID: connection.tenantId,
        }
      : {}),
  };
}
