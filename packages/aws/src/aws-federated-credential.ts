import type { FederatedCredentialChoices, FederatedIdentityCredential } from "@azfed/core";
import { assembleFederatedCredential, requireHttpsIssuer } from "@azfed/core/provider";
import { checkAwsIssuer } from "./aws-issuer";
import { type AwsSubjectOptions, awsSubject } from "./aws-subject";

/**
 * What {@link awsFederatedCredential} needs: the account's issuer and the role (as
 * {@link awsSubject} takes it).
 *
 * @example
 * ```ts
 * const options: AwsFederatedCredentialOptions = {
 *   issuer: "https://a124dc86-7fee-4e8e-a98d-640682d5143c.tokens.sts.global.api.aws",
 *   roleArn: "arn:aws:iam::123456789012:role/payments-api",
 * };
 * ```
 */
export type AwsFederatedCredentialOptions = AwsSubjectOptions &
  FederatedCredentialChoices & {
    /**
     * The account's issuer, `https://{id}.tokens.sts.global.api.aws`
     * (`aws iam get-outbound-web-identity-federation-info`). Another https URL is taken as is, for a
     * test issuer (such as `@azfed/testing`'s STS emulator); an STS endpoint (`…amazonaws.com`) is refused.
     */
    readonly issuer: string;
  };

const AWS_ISSUER_HOST = /\.tokens\.sts\.global\.api\.aws\/?$/;

/**
 * The federated identity credential that lets every session of an IAM role (a Lambda function,
 * ECS task, EKS pod or EC2 instance running as it) exchange its STS `GetWebIdentityToken` tokens:
 * issuer the account's, subject the role's ARN, audience `api://AzureADTokenExchange`.
 *
 * @see https://learn.microsoft.com/en-us/entra/agent-id/integrate-aws-agent (read 2026-12-07)
 * @example
 * ```ts
 * const fic = awsFederatedCredential({
 *   issuer: "https://a124dc86-7fee-4e8e-a98d-640682d5143c.tokens.sts.global.api.aws",
 *   roleArn: "arn:aws:iam::123456789012:role/payments-api",
 * });
 * // { name: "aws-123456789012-role-payments-api", issuer: "https://a124dc86-….tokens.sts.global.api.aws",
 * //   subject: "arn:aws:iam::123456789012:role/payments-api", audiences: ["api://AzureADTokenExchange"], description: ... }
 * ```
 */
export function awsFederatedCredential(options: AwsFederatedCredentialOptions): FederatedIdentityCredential {
  const subject = awsSubject(options);
  const issuer = credentialIssuer(options?.issuer);
  return assembleFederatedCredential(
    { platform: "aws", issuer, subject, summary: `AWS IAM role ${subject}` },
    options,
  );
}

/** The account's issuer, checked as {@link awsIssuer} does; another https URL (a test issuer) as is. */
function credentialIssuer(value: unknown): string {
  if (typeof value === "string" && (AWS_ISSUER_HOST.test(value) || /amazonaws\.com/i.test(value))) {
    return checkAwsIssuer("issuer", value);
  }
  return requireHttpsIssuer("issuer", value, {
    expected: "the account's issuer, https://{id}.tokens.sts.global.api.aws",
    fix: "run aws iam get-outbound-web-identity-federation-info and pass its IssuerIdentifier",
  });
}
