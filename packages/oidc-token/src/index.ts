export {
  type JenkinsFederatedCredentialOptions,
  jenkinsFederatedCredential,
} from "./jenkins-federated-credential";
export { type JenkinsIssuerOptions, jenkinsIssuer } from "./jenkins-issuer";
export { type JenkinsOptions, jenkins } from "./jenkins-provider";
export { type JenkinsSubjectOptions, jenkinsSubject } from "./jenkins-subject";
export { OidcTokenError, type OidcTokenProblem } from "./oidc-token-error";
export { type OidcTokenOptions, oidcToken } from "./oidc-token-provider";
export { SPACELIFT_ENV, SPACELIFT_TOKEN_FILE } from "./spacelift-environment";
export {
  type SpaceliftFederatedCredentialOptions,
  spaceliftFederatedCredential,
} from "./spacelift-federated-credential";
export { type SpaceliftIssuerOptions, spaceliftIssuer } from "./spacelift-issuer";
export { type SpaceliftOptions, spacelift } from "./spacelift-provider";
export { type SpaceliftRunType, type SpaceliftSubjectOptions, spaceliftSubject } from "./spacelift-subject";
export { OIDC_TOKEN_ENV, type TokenProviderOptions } from "./token-provider";
export type { OidcTokenSource } from "./token-source";
