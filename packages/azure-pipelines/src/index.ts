export {
  AZURE_DEVOPS_APPLICATION_ID,
  type AzurePipelinesEntraSubjectOptions,
  azurePipelinesEntraSubject,
} from "./azure-pipelines-entra-subject";
export {
  type AzurePipelinesFederatedCredentialCommonOptions,
  type AzurePipelinesFederatedCredentialOptions,
  azurePipelinesFederatedCredential,
} from "./azure-pipelines-federated-credential";
export {
  type AzurePipelinesEntraIssuerOptions,
  type AzurePipelinesIssuerOptions,
  azurePipelinesEntraIssuer,
  azurePipelinesIssuer,
} from "./azure-pipelines-issuer";
export { type AzurePipelinesOptions, azurePipelines } from "./azure-pipelines-provider";
export { type AzurePipelinesSubjectOptions, azurePipelinesSubject } from "./azure-pipelines-subject";
export {
  type AzurePipelinesSubjectFromEnvironmentOptions,
  type AzurePipelinesSubjectsFromEnvironment,
  azurePipelinesSubjectFromEnvironment,
} from "./azure-pipelines-subject-from-environment";
