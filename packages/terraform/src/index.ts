export {
  type TerraformFederatedCredentialOptions,
  type TerraformWorkspaceCredentialOptions,
  terraformFederatedCredential,
  terraformFederatedCredentials,
  terraformFlexibleFederatedCredential,
} from "./terraform-federated-credential";
export { HCP_TERRAFORM_HOSTS, type TerraformIssuerOptions, terraformIssuer } from "./terraform-issuer";
export { type TerraformOptions, terraform } from "./terraform-provider";
export {
  TERRAFORM_RUN_PHASES,
  type TerraformRunPhase,
  type TerraformSubjectOptions,
  terraformSubject,
} from "./terraform-subject";
export {
  TERRAFORM_AUDIENCE_VARIABLE,
  TERRAFORM_TOKEN_VARIABLE,
  terraformTokenVariable,
  terraformTokenVariables,
} from "./terraform-token-variable";
