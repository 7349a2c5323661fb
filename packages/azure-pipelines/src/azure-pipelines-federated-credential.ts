import {
  type FederatedCredentialChoices,
  type FederatedIdentityCredential,
  InvalidInputError,
} from "@azfed/core";
import { assembleFederatedCredential, requireHttpsIssuer } from "@azfed/core/provider";
import {
  type AzurePipelinesEntraSubjectOptions,
  azurePipelinesEntraSubject,
} from "./azure-pipelines-entra-subject";
import { azurePipelinesEntraIssuer, azurePipelinesIssuer } from "./azure-pipelines-issuer";
import { type AzurePipelinesSubjectOptions, azurePipelinesSubject } from "./azure-pipelines-subject";

/**
 * What every {@link azurePipelinesFederatedCredential} call may add to the subject's parts.
 *
 * @example
 * ```ts
 * const common: AzurePipelinesFederatedCredentialCommonOptions = { name: "ado-prod", audience: "api://AzureADTokenExchange" };
 * ```
 */
export interface AzurePipelinesFederatedCredentialCommonOptions extends FederatedCredentialChoices {
  /**
   * The issuer, when it is not the one the format implies (Azure DevOps Server, or an emulator in
   * tests). An https URL.
   */
  readonly issuer?: string | undefined;
}

/**
 * Options of {@link azurePipelinesFederatedCredential}: the issuer format and its subject's parts.
 * `"entra"` (the default for new service connections) needs three GUIDs; `"legacy"` needs the names
 * and the organization id for its issuer.
 *
 * @example
 * ```ts
 * const entra: AzurePipelinesFederatedCredentialOptions = {
 *   format: "entra",
 *   tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
 *   organizationId: "7e3c3b0c-3d2a-4b55-9d0e-2f1a6c5b8e01",
 *   serviceConnectionId: "0c6b9a0e-8f3e-4a4d-9b53-1c2d3e4f5a6b",
 * };
 * ```
 */
export type AzurePipelinesFederatedCredentialOptions =
  | ({ readonly format: "entra" } & AzurePipelinesEntraSubjectOptions &
      AzurePipelinesFederatedCredentialCommonOptions)
  | ({ readonly format: "legacy"; readonly organizationId: string } & AzurePipelinesSubjectOptions &
      AzurePipelinesFederatedCredentialCommonOptions);

/**
 * A complete federated identity credential for an Azure Pipelines service connection, in either
 * issuer format: `"entra"` gives issuer `https://login.microsoftonline.com/{tenantId}/v2.0` and the
 * `/eid1/...` subject; `"legacy"` gives `https://vstoken.dev.azure.com/{organizationId}` and
 * `sc://{organization}/{project}/{serviceConnection}` (retired on 2027-07-01 for public-cloud
 * connections using single-tenant apps or managed identities).
 *
 * @example
 * ```ts
 * const fic = azurePipelinesFederatedCredential({
 *   format: "legacy",
 *   organization: "contoso",
 *   organizationId: "7e3c3b0c-3d2a-4b55-9d0e-2f1a6c5b8e01",
 *   project: "web",
 *   serviceConnection: "prod",
 * });
 * // { name: "azure-pipelines-contoso-web-prod", issuer: "https://vstoken.dev.azure.com/7e3c…",
 * //   subject: "sc://contoso/web/prod", audiences: ["api://AzureADTokenExchange"], description: "…" }
 * ```
 */
export function azurePipelinesFederatedCredential(
  options: AzurePipelinesFederatedCredentialOptions,
): FederatedIdentityCredential {
  if (options?.format !== "entra" && options?.format !== "legacy") {
    throw new InvalidInputError({
      field: "format",
      value: (options as { format?: unknown } | undefined)?.format,
      expected:
        '"entra" (issuer login.microsoftonline.com, the default for new connections) or "legacy" (vstoken.dev.azure.com)',
      fix: "check the issuer shown on the service connection's page",
    });
  }
  const entra = options.format === "entra";
  const subject = entra ? azurePipelinesEntraSubject(options) : azurePipelinesSubject(options);
  const issuer =
    options.issuer !== undefined
      ? requireHttpsIssuer("issuer", options.issuer, {
          fix: "leave issuer out to use the one the format implies",
        })
      : entra
        ? azurePipelinesEntraIssuer(options)
        : azurePipelinesIssuer(options);
  const summary = entra
    ? `Azure Pipelines service connection ${options.serviceConnectionId.toLowerCase()} (Entra issuer)`
    : `Azure Pipelines service connection ${options.serviceConnection} in ${options.organization}/${options.project} (Azure DevOps issuer)`;
  return assembleFederatedCredential({ platform: "azure-pipelines", issuer, subject, summary }, options);
}
