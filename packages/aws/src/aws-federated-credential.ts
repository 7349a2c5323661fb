import {
  DEFAULT_EXCHANGE_AUDIENCE,
  deriveFederatedCredentialName,
  type FederatedIdentityCredential,
  InvalidInputError,
  requireFederatedCredentialName,
  requireFicFieldLength,
  requireSubjectPart,
} from "@azfed/core";
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
export type AwsFederatedCredentialOptions = AwsSubjectOptions & {
  /**
   * The account's issuer, `https://{id}.tokens.sts.global.api.aws`
   * (`aws iam get-outbound-web-identity-federation-info`). Another https URL is taken as is, for a
   * test issuer (such as `@azfed/testing`'s STS emulator); an STS endpoint (`…amazonaws.com`) is refused.
   */
  readonly issuer: string;
  /** The audience the workload asks STS for. Default `api://AzureADTokenExchange`. */
  readonly audience?: string | undefined;
  /** The credential's name (immutable once created). Default `aws-{account}-role-{path}-{name}`. */
  readonly name?: string | undefined;
  /** Default: a sentence naming the role's ARN. */
  readonly description?: string | undefined;
};

const AWS_ISSUER_HOST = /\.tokens\.sts\.global\.api\.aws\/?$/;
const HTTPS_URL = /^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;

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
  const issuer = requireFicFieldLength("issuer", credentialIssuer(options?.issuer));
  const audience = requireFicFieldLength(
    "audience",
    requireSubjectPart("audience", options.audience ?? DEFAULT_EXCHANGE_AUDIENCE, {
      expected: "the audience the workload asks STS for, e.g. api://AzureADTokenExchange",
    }),
  );
  const name =
    options.name === undefined
      ? deriveFederatedCredentialName(["aws", subject.replace(/^arn:[^:]+:iam::/, "")])
      : requireFederatedCredentialName(options.name);
  return {
    name,
    issuer,
    subject,
    audiences: [audience],
    description: options.description ?? `AWS IAM role ${subject}`,
  };
}

function credentialIssuer(value: unknown): string {
  const issuer = requireSubjectPart("issuer", value, {
    expected: "the account's issuer, https://{id}.tokens.sts.global.api.aws",
    fix: "run aws iam get-outbound-web-identity-federation-info and pass its IssuerIdentifier",
  });
  if (AWS_ISSUER_HOST.test(issuer) || /amazonaws\.com/i.test(issuer)) return checkAwsIssuer("issuer", issuer);
  if (!HTTPS_URL.test(issuer)) {
    throw new InvalidInputError({
      field: "issuer",
      value: issuer,
      expected: "the account's issuer, https://{id}.tokens.sts.global.api.aws",
      fix: "run aws iam get-outbound-web-identity-federation-info and pass its IssuerIdentifier",
    });
  }
  return issuer;
}
