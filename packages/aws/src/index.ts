export { type AwsFederatedCredentialOptions, awsFederatedCredential } from "./aws-federated-credential";
export { awsIssuer } from "./aws-issuer";
export { type AwsAssertionProvider, type AwsOptions, type AwsStsClientConfig, aws } from "./aws-provider";
export { type AwsSubjectOptions, awsSubject } from "./aws-subject";
