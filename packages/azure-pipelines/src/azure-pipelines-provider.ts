import {
  type AssertionContext,
  type AssertionProvider,
  CredentialUnavailableError,
  DEFAULT_EXCHANGE_AUDIENCE,
  type Detection,
  type ProviderOptions,
} from "@azfed/core";
import {
  type Clock,
  checkProviderOptions,
  environmentSignal,
  escapeControlCharacters,
  GUID_PATTERN,
  logger,
  type PlatformTokenRefusal,
  presentTokenVariable,
  providerEnvironment,
  readPlatformToken,
  readTokenVariable,
  requireClock,
  requireSubjectPart,
  scrubAndShorten,
  type TokenFacts,
} from "@azfed/core/provider";
import { requireGuid } from "./guid";
import { SERVICE_CONNECTION_ID_VARIABLES, serviceConnectionIdFrom } from "./service-connection-id";
import { tokenExpiry } from "./token-expiry";

/**
 * Options of {@link azurePipelines}.
 *
 * @example
 * ```ts
 * const options: AzurePipelinesOptions = {
 *   serviceConnectionId: "0c6b9a0e-8f3e-4a4d-9b53-1c2d3e4f5a6b",
 *   timeoutMs: 10_000,
 * };
 * ```
 */
export interface AzurePipelinesOptions extends ProviderOptions {
  /**
   * The service connection's id (its `resourceId`). Default: `AZURESUBSCRIPTION_SERVICE_CONNECTION_ID`,
   * then `ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID`, then `ARM_OIDC_AZURE_SERVICE_CONNECTION_ID`. The
   * `AZURESUBSCRIPTION_*` variables exist only inside the script an AzureCLI@2 (or AzurePowerShell@5)
   * task runs: the task sets them for its own script's process, so later steps never see them; there,
   * pass the id (or map it under the step's `env:`).
   */
  readonly serviceConnectionId?: string | undefined;
  /**
   * Reported by `detect()`. Default `AZURESUBSCRIPTION_CLIENT_ID` (or AzureCLI@2's `servicePrincipalId`),
   * both set only inside an AzureCLI@2 task's own script.
   */
  readonly clientId?: string | undefined;
  /**
   * Reported by `detect()`. Default `AZURESUBSCRIPTION_TENANT_ID` (or AzureCLI@2's `tenantId`), both
   * set only inside an AzureCLI@2 task's own script.
   */
  readonly tenantId?: string | undefined;
  /**
   * The current time in epoch milliseconds, against which the `exp` of an AzureCLI@2 step's
   * `idToken` is checked. Default `Date.now`. Tests pass their own to see a token expire without waiting.
   *
   * @example
   * ```ts
   * let now = Date.now();
   * const provider = azurePipelines({ clock: () => now });
   * now += 3_600_000; // an hour later: the step's idToken has expired and is not presented
   * ```
   */
  readonly clock?: Clock | undefined;
}

const PROVIDER = "azure-pipelines";
const PIPELINE_SIGNAL = environmentSignal("azure-pipelines");
const API_VERSION = "7.1";
const ACCESS_TOKEN_YAML = "env:\n  SYSTEM_ACCESSTOKEN: $(System.AccessToken)";
const ACCESS_TOKEN_FIX = `map it into the step that runs this code:\n${ACCESS_TOKEN_YAML}\n(the value is the predefined variable System.AccessToken in macro syntax)`;

interface PipelineSettings {
  readonly requestUri?: string | undefined;
  readonly accessToken?: string | undefined;
  readonly serviceConnection?: { readonly variable: string; readonly value: string } | undefined;
  /** The ready token AzureCLI@2 sets with `addSpnToEnvironment: true`. */
  readonly cliIdToken?: string | undefined;
  readonly tenantId?: string | undefined;
  readonly clientId?: string | undefined;
}

/**
 * The Azure Pipelines assertion provider. Each call asks the job's OIDC endpoint for a fresh token
 * for the service connection: `POST {SYSTEM_OIDCREQUESTURI}?api-version=7.1&serviceConnectionId={id}`
 * with `SYSTEM_ACCESSTOKEN` as bearer and `X-TFS-FedAuthRedirect: Suppress`, reading `{ oidcToken }`.
 * Inside an AzureCLI@2 step with `addSpnToEnvironment: true` and no mapped access token, it presents
 * the `idToken` that task set, until it expires. Every failure says what to change in the pipeline;
 * the access token never leaves the endpoint's origin and never appears in a message.
 *
 * @see https://github.com/microsoft/azure-pipelines-tasks/blob/master/Tasks/AzureCLIV2/azureclitask.ts (the task passes the connection's variables in the `env` of the script it runs)
 *
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/core";
 * import { azurePipelines } from "@azfed/azure-pipelines";
 *
 * // In the script of an AzureCLI@2 task (which sets AZURESUBSCRIPTION_* for that script only),
 * // with env: SYSTEM_ACCESSTOKEN: $(System.AccessToken). In any other step, pass serviceConnectionId.
 * const provider = azurePipelines();
 * const detection = provider.detect?.(process.env); // { available: true, tenantId, clientId }
 * const credential = new FederatedTokenCredential({ assertion: provider });
 * ```
 */
export function azurePipelines(options: AzurePipelinesOptions = {}): AssertionProvider {
  checkProviderOptions(options);
  const serviceConnectionId =
    options.serviceConnectionId === undefined
      ? undefined
      : requireGuid(
          "serviceConnectionId",
          options.serviceConnectionId,
          "use the resourceId in the service connection page's URL (Project settings > Service connections)",
        );
  const tenantId =
    options.tenantId === undefined ? undefined : requireSubjectPart("tenantId", options.tenantId);
  const clientId =
    options.clientId === undefined ? undefined : requireSubjectPart("clientId", options.clientId);
  const clock = requireClock("clock", options.clock);

  const settingsOf = (env: NodeJS.ProcessEnv): PipelineSettings => ({
    requestUri: env.SYSTEM_OIDCREQUESTURI || undefined,
    accessToken: env.SYSTEM_ACCESSTOKEN || undefined,
    serviceConnection:
      serviceConnectionId !== undefined
        ? { variable: "the serviceConnectionId option", value: serviceConnectionId }
        : serviceConnectionIdFrom(env),
    cliIdToken: env.idToken || undefined,
    tenantId: tenantId ?? (env.AZURESUBSCRIPTION_TENANT_ID || env.tenantId || undefined),
    clientId: clientId ?? (env.AZURESUBSCRIPTION_CLIENT_ID || env.servicePrincipalId || undefined),
  });

  return {
    name: PROVIDER,
    // Azure DevOps' OIDC endpoint takes no audience: its tokens carry api://AzureADTokenExchange
    // (the audience of the credentials it creates), so that is the one to ask Entra to match.
    defaultAudience: () => DEFAULT_EXCHANGE_AUDIENCE,
    detect(detectEnv?: NodeJS.ProcessEnv): Detection {
      const env = providerEnvironment(options, detectEnv);
      // TF_BUILD, SYSTEM_OIDCREQUESTURI or an AzureCLI@2 step's idToken (core's platform table owns the names).
      if (PIPELINE_SIGNAL.find(env) === undefined)
        return { available: false, reason: PIPELINE_SIGNAL.absent };
      const settings = settingsOf(env);
      const endpoint = checkEndpoint(env, settings);
      if ("problem" in endpoint) {
        if (settings.cliIdToken === undefined) return { available: false, reason: endpoint.problem };
        if (cliIdTokenExpired(settings.cliIdToken, clock())) {
          return {
            available: false,
            reason: `the idToken an AzureCLI@2 step set has expired and a fresh one cannot be fetched: ${endpoint.problem}`,
          };
        }
      }
      return {
        available: true,
        reason:
          "problem" in endpoint
            ? "the idToken variable of an AzureCLI@2 step (addSpnToEnvironment: true) is set"
            : `SYSTEM_OIDCREQUESTURI, SYSTEM_ACCESSTOKEN and a service connection id (${endpoint.serviceConnection.variable}) are set`,
        ...(settings.tenantId ? { tenantId: settings.tenantId } : {}),
        ...(settings.clientId ? { clientId: settings.clientId } : {}),
      };
    },
    async getAssertion(context: AssertionContext): Promise<string> {
      const env = providerEnvironment(options);
      const settings = settingsOf(env);
      const endpoint = checkEndpoint(env, settings);
      if (!("problem" in endpoint)) return requestOidcToken(endpoint, context, options);
      if (settings.cliIdToken !== undefined) return presentCliIdToken(env, endpoint.problem, clock());
      throw new CredentialUnavailableError(`${PROVIDER}: ${endpoint.problem}`);
    },
  };
}

/** The OIDC endpoint's settings, or why it cannot be asked (one sentence a person can act on). */
type Endpoint = Required<Pick<PipelineSettings, "requestUri" | "accessToken" | "serviceConnection">>;

function checkEndpoint(env: NodeJS.ProcessEnv, settings: PipelineSettings): Endpoint | { problem: string } {
  const { requestUri, accessToken, serviceConnection } = settings;
  if (requestUri === undefined) {
    return {
      problem:
        env.TF_BUILD === "True"
          ? "SYSTEM_OIDCREQUESTURI is not set: this Azure Pipelines agent or server does not offer OIDC tokens (Azure DevOps Services does)"
          : PIPELINE_SIGNAL.absent,
    };
  }
  if (accessToken === undefined) {
    return {
      problem: `SYSTEM_ACCESSTOKEN is not set: Azure Pipelines gives the job's access token to a step only when asked; ${ACCESS_TOKEN_FIX}`,
    };
  }
  if (serviceConnection === undefined) {
    return {
      problem: `no service connection id: pass serviceConnectionId (the connection's resourceId) or set one of ${SERVICE_CONNECTION_ID_VARIABLES.join(", ")} (AzureCLI@2 and AzurePowerShell@5 set the first)`,
    };
  }
  if (!GUID_PATTERN.test(serviceConnection.value)) {
    return {
      problem: `${serviceConnection.variable} is not a GUID (got ${JSON.stringify(serviceConnection.value.slice(0, 60))}): it must hold the service connection's id, not its name`,
    };
  }
  return { requestUri, accessToken, serviceConnection };
}

async function requestOidcToken(
  settings: Endpoint,
  context: AssertionContext,
  options: AzurePipelinesOptions,
): Promise<string> {
  let url: URL;
  try {
    url = new URL(settings.requestUri);
  } catch {
    throw new CredentialUnavailableError(
      `${PROVIDER}: SYSTEM_OIDCREQUESTURI is not a URL; it should be the $(System.OidcRequestUri) Azure Pipelines sets`,
    );
  }
  url.searchParams.set("api-version", API_VERSION);
  url.searchParams.set("serviceConnectionId", settings.serviceConnection.value);
  const token = await readPlatformToken({
    provider: PROVIDER,
    service: "the OIDC endpoint",
    url,
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${settings.accessToken}`,
      "x-tfs-fedauthredirect": "Suppress",
    },
    requestToken: settings.accessToken,
    field: "oidcToken",
    signal: context.signal,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    dispatcher: options.dispatcher,
    advice: (refusal) => advice(refusal, settings.serviceConnection),
  });
  logger.verbose(`${PROVIDER}: got an OIDC token for service connection ${settings.serviceConnection.value}`);
  return token;
}

/**
 * How Azure DevOps says a service connection is not referenced where the job runs: "No service
 * connection found with identifier …", or (since 2026) "There is no explicit reference to service
 * connection … from current stage …".
 */
const UNREFERENCED_CONNECTION = /no service connection found|no explicit reference to service connection/i;

/** What to change in the pipeline when the OIDC endpoint answers without a token. */
function advice(
  { problem, status, html, said, fields }: PlatformTokenRefusal,
  serviceConnection: Endpoint["serviceConnection"],
): string | undefined {
  if (UNREFERENCED_CONNECTION.test(said ?? "")) {
    return `Azure DevOps issues tokens only for a service connection that a task input references in the same stage: reference it, e.g. azureSubscription: <connection name> on an AzureCLI@2 step, and check that ${serviceConnection.variable} (${serviceConnection.value}) is the connection's resourceId`;
  }
  if (problem === "redirect") {
    return `Azure DevOps redirects to its sign-in page when it does not accept the access token: SYSTEM_ACCESSTOKEN is missing, expired or not the job's token; ${ACCESS_TOKEN_FIX}`;
  }
  if (html) {
    return `This is Azure DevOps' sign-in page${status === 203 ? ", served with 203 Non-Authoritative Information" : ""}: the access token was not accepted. Make sure SYSTEM_ACCESSTOKEN holds $(System.AccessToken); ${ACCESS_TOKEN_FIX}`;
  }
  if (status === 401 || status === 203) {
    return `The access token was refused: SYSTEM_ACCESSTOKEN must be the job's $(System.AccessToken), unaltered and not expired; ${ACCESS_TOKEN_FIX}`;
  }
  return typeof fields.typeKey === "string"
    ? `Azure DevOps' error type: ${scrubAndShorten(escapeControlCharacters(fields.typeKey), 100)}`
    : undefined;
}

/** Whether the step's token has an `exp` that `nowMs` has reached; one that is not a JWT is refused when presented. */
function cliIdTokenExpired(idToken: string, nowMs: number): boolean {
  return (tokenExpiry(idToken) ?? Number.POSITIVE_INFINITY) <= Math.floor(nowMs / 1000);
}

/**
 * The `idToken` an AzureCLI@2 step set, through core's token-variable reader (a JWT, not expired: it
 * cannot be refreshed, and the OIDC endpoint that would give a fresh one cannot be asked).
 */
function presentCliIdToken(env: NodeJS.ProcessEnv, endpointProblemText: string, nowMs: number): string {
  const facts: TokenFacts = {
    provider: PROVIDER,
    token: "the step's OIDC token",
    writer: "an AzureCLI@2 step with addSpnToEnvironment: true",
    setting: "idToken",
    whenMissing: "run azfed inside the step's script",
    whenExpired: `a fresh one cannot be fetched: ${endpointProblemText}`,
  };
  return presentTokenVariable(readTokenVariable("idToken", env, facts), { nowMs }, facts);
}
