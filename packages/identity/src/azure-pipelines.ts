/**
 * `@azfed/identity/azure-pipelines`: the Azure Pipelines provider (`azurePipelines()`), its issuer and
 * subject builders and `azurePipelinesFederatedCredential()`, re-exported by name from `@azfed/azure-
 * pipelines` (a dependency of `@azfed/identity`). A subpath of its own, so importing `@azfed/identity`
 * loads no provider package: `DefaultFederatedCredential` imports the one it selects.
 *
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/identity";
 * import { azurePipelines } from "@azfed/identity/azure-pipelines";
 *
 * const credential = new FederatedTokenCredential({
 *   tenantId: process.env.AZURE_TENANT_ID,
 *   clientId: process.env.AZURE_CLIENT_ID,
 *   assertion: azurePipelines(),
 * });
 * ```
 *
 * @packageDocumentation
 */

export {
  AZURE_DEVOPS_APPLICATION_ID,
  type AzurePipelinesEntraIssuerOptions,
  type AzurePipelinesEntraSubjectOptions,
  type AzurePipelinesFederatedCredentialCommonOptions,
  type AzurePipelinesFederatedCredentialOptions,
  type AzurePipelinesIssuerOptions,
  type AzurePipelinesOptions,
  type AzurePipelinesSubjectFromEnvironmentOptions,
  type AzurePipelinesSubjectOptions,
  type AzurePipelinesSubjectsFromEnvironment,
  azurePipelines,
  azurePipelinesEntraIssuer,
  azurePipelinesEntraSubject,
  azurePipelinesFederatedCredential,
  azurePipelinesIssuer,
  azurePipelinesSubject,
  azurePipelinesSubjectFromEnvironment,
} from "@azfed/azure-pipelines";
