import { InvalidInputError } from "@azfed/core";
import { azurePipelinesEntraSubject } from "./azure-pipelines-entra-subject";
import { azurePipelinesSubject } from "./azure-pipelines-subject";
import { serviceConnectionIdFrom } from "./service-connection-id";

/**
 * Options of {@link azurePipelinesSubjectFromEnvironment}.
 *
 * @example
 * ```ts
 * const options: AzurePipelinesSubjectFromEnvironmentOptions = { serviceConnection: "prod-subscription" };
 * ```
 */
export interface AzurePipelinesSubjectFromEnvironmentOptions {
  /** The service connection's name, which no job variable carries; needed for the legacy subject. */
  readonly serviceConnection?: string | undefined;
  /** The service connection's id, when no variable carries it. */
  readonly serviceConnectionId?: string | undefined;
  /** The tenant of the connection's identity, when `AZURESUBSCRIPTION_TENANT_ID` is not set. */
  readonly tenantId?: string | undefined;
}

/**
 * The subjects an Azure Pipelines job's service connection can present, as far as its variables tell.
 * Which one it presents depends on the connection's issuer setting, which no variable shows.
 *
 * @example
 * ```ts
 * const { entra, legacy, unknown } = azurePipelinesSubjectFromEnvironment(process.env);
 * for (const sentence of unknown) console.log(sentence);
 * ```
 */
export interface AzurePipelinesSubjectsFromEnvironment {
  /** The organization's name, from `SYSTEM_COLLECTIONURI`. */
  readonly organization: string;
  /** The project's name, from `SYSTEM_TEAMPROJECT`. */
  readonly project: string;
  /** The Entra-issuer subject, when tenant, organization id and service connection id are known. */
  readonly entra?: string | undefined;
  /** The legacy subject `sc://…`, when the service connection's name was passed. */
  readonly legacy?: string | undefined;
  /** One sentence for each thing the variables could not tell. */
  readonly unknown: readonly string[];
}

/**
 * The subjects this Azure Pipelines job's service connection may present, from its variables:
 * organization from `SYSTEM_COLLECTIONURI` (`https://dev.azure.com/{org}/` or
 * `https://{org}.visualstudio.com/`), project from `SYSTEM_TEAMPROJECT`, organization id from
 * `SYSTEM_COLLECTIONID`, and tenant and service connection id from the `AZURESUBSCRIPTION_*`
 * variables that Azure tasks set for their own script only (run it inside an AzureCLI@2 script, or
 * pass them). The service connection's *name* is in no variable: pass
 * `serviceConnection` for the legacy subject; `unknown` says what is missing.
 *
 * @example
 * ```ts
 * const subjects = azurePipelinesSubjectFromEnvironment(process.env, { serviceConnection: "prod" });
 * subjects.legacy; // "sc://contoso/web/prod"
 * subjects.entra; // "/eid1/c/pub/t/…/a/rISbSSETf0KqFyZ8ppdXmA/sc/…/…" when the task set the variables
 * ```
 */
export function azurePipelinesSubjectFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  options: AzurePipelinesSubjectFromEnvironmentOptions = {},
): AzurePipelinesSubjectsFromEnvironment {
  const organization = organizationFrom(env.SYSTEM_COLLECTIONURI);
  const project = env.SYSTEM_TEAMPROJECT;
  if (!project) {
    throw new InvalidInputError({
      field: "SYSTEM_TEAMPROJECT",
      value: project,
      expected: "the project's name, which Azure Pipelines sets in every job",
      fix: "run this inside an Azure Pipelines job, or build the subject with azurePipelinesSubject()",
    });
  }
  const unknown: string[] = [];
  let legacy: string | undefined;
  if (options.serviceConnection !== undefined) {
    legacy = azurePipelinesSubject({ organization, project, serviceConnection: options.serviceConnection });
  } else {
    unknown.push(
      "The service connection's name is in no job variable, so the legacy subject sc://{organization}/{project}/{name} needs serviceConnection: the name shown in Project settings > Service connections.",
    );
  }
  const tenantId = options.tenantId ?? (env.AZURESUBSCRIPTION_TENANT_ID || undefined);
  const organizationId = env.SYSTEM_COLLECTIONID || undefined;
  const serviceConnectionId = options.serviceConnectionId ?? serviceConnectionIdFrom(env)?.value;
  const missing = [
    tenantId ? undefined : "the tenant id (AZURESUBSCRIPTION_TENANT_ID or the tenantId option)",
    organizationId ? undefined : "the organization id (SYSTEM_COLLECTIONID)",
    serviceConnectionId
      ? undefined
      : "the service connection id (AZURESUBSCRIPTION_SERVICE_CONNECTION_ID, set by Azure tasks such as AzureCLI@2, or the serviceConnectionId option)",
  ].filter((item): item is string => item !== undefined);
  let entra: string | undefined;
  if (missing.length === 0) {
    entra = azurePipelinesEntraSubject({
      tenantId: tenantId as string,
      organizationId: organizationId as string,
      serviceConnectionId: serviceConnectionId as string,
    });
  } else {
    unknown.push(`The Entra-issuer subject needs ${missing.join(", ")}.`);
  }
  return { organization, project, ...(entra ? { entra } : {}), ...(legacy ? { legacy } : {}), unknown };
}

function organizationFrom(collectionUri: string | undefined): string {
  const match =
    collectionUri === undefined
      ? null
      : (/^https:\/\/dev\.azure\.com\/([^/]+)\/?$/i.exec(collectionUri) ??
        /^https:\/\/([^./]+)\.visualstudio\.com\/?$/i.exec(collectionUri));
  if (!match?.[1]) {
    throw new InvalidInputError({
      field: "SYSTEM_COLLECTIONURI",
      value: collectionUri,
      expected:
        "https://dev.azure.com/{organization}/ or https://{organization}.visualstudio.com/, set by Azure Pipelines",
      fix: "run this inside an Azure Pipelines job (Azure DevOps Services), or build the subject with azurePipelinesSubject()",
    });
  }
  return decodeURIComponent(match[1]);
}
