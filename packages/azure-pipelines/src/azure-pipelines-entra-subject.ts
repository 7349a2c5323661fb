import { requireFicFieldLength } from "@azfed/core/provider";
import { guidToBase64Url, requireGuid } from "./guid";

/**
 * Azure DevOps' application id in Microsoft Entra, the `a` part of Entra-issuer subjects (encoded
 * there as `rISbSSETf0KqFyZ8ppdXmA`).
 *
 * @example
 * ```ts
 * AZURE_DEVOPS_APPLICATION_ID; // "499b84ac-1321-427f-aa17-267ca6975798"
 * ```
 */
export const AZURE_DEVOPS_APPLICATION_ID = "499b84ac-1321-427f-aa17-267ca6975798";

/**
 * What an Entra-issuer service connection subject is made of: three GUIDs.
 *
 * @example
 * ```ts
 * const options: AzurePipelinesEntraSubjectOptions = {
 *   tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
 *   organizationId: "7e3c3b0c-3d2a-4b55-9d0e-2f1a6c5b8e01",
 *   serviceConnectionId: "0c6b9a0e-8f3e-4a4d-9b53-1c2d3e4f5a6b",
 * };
 * ```
 */
export interface AzurePipelinesEntraSubjectOptions {
  /** The Entra tenant of the service connection's identity (`AZURESUBSCRIPTION_TENANT_ID`). */
  readonly tenantId: string;
  /** The organization's id (`System.CollectionId`). */
  readonly organizationId: string;
  /** The service connection's id (its `resourceId`; `AZURESUBSCRIPTION_SERVICE_CONNECTION_ID`). */
  readonly serviceConnectionId: string;
}

/**
 * The subject of a service connection's token under the Entra issuer:
 * `/eid1/c/pub/t/{T}/a/{A}/sc/{organizationId}/{serviceConnectionId}`, where `T` is the tenant id
 * and `A` Azure DevOps' application id (`499b84ac-1321-427f-aa17-267ca6975798`), each as its 16
 * bytes in .NET `Guid.ToByteArray()` order (first three groups little-endian), base64url without
 * padding. GUIDs are written in lower case. It pairs with {@link azurePipelinesEntraIssuer}.
 *
 * The `/eid1/c/pub` prefix is the public cloud's. Service connections in other clouds (Azure
 * Government, Azure operated by 21Vianet, Azure Stack) keep the Azure DevOps issuer
 * (`https://vstoken.dev.azure.com/{organizationId}` with `sc://…` subjects), so use
 * {@link azurePipelinesIssuer} and `azurePipelinesSubject` there.
 *
 * @see https://learn.microsoft.com/en-us/azure/devops/pipelines/release/convert-service-connections ("Service connections that target non-public clouds, such as Azure Government, Azure operated by 21Vianet, or Azure Stack … The Azure DevOps issuer continues to be supported for those scenarios.")
 *
 * @example
 * ```ts
 * azurePipelinesEntraSubject({
 *   tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
 *   organizationId: "7e3c3b0c-3d2a-4b55-9d0e-2f1a6c5b8e01",
 *   serviceConnectionId: "0c6b9a0e-8f3e-4a4d-9b53-1c2d3e4f5a6b",
 * });
 * // "/eid1/c/pub/t/v4j5cvGGr0GRqy180BHbRw/a/rISbSSETf0KqFyZ8ppdXmA/sc/7e3c3b0c-3d2a-4b55-9d0e-2f1a6c5b8e01/0c6b9a0e-8f3e-4a4d-9b53-1c2d3e4f5a6b"
 * ```
 */
export function azurePipelinesEntraSubject(options: AzurePipelinesEntraSubjectOptions): string {
  const tenantId = requireGuid(
    "tenantId",
    options?.tenantId,
    "use the Directory (tenant) ID GUID of the identity the service connection uses",
  );
  const organizationId = requireGuid(
    "organizationId",
    options?.organizationId,
    "use the job's SYSTEM_COLLECTIONID",
  );
  const serviceConnectionId = requireGuid(
    "serviceConnectionId",
    options?.serviceConnectionId,
    "use the resourceId in the service connection page's URL",
  );
  const t = guidToBase64Url(tenantId);
  const a = guidToBase64Url(AZURE_DEVOPS_APPLICATION_ID);
  return requireFicFieldLength(
    "subject",
    `/eid1/c/pub/t/${t}/a/${a}/sc/${organizationId}/${serviceConnectionId}`,
  );
}
