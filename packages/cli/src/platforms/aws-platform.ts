import { type AwsFederatedCredentialOptions, awsFederatedCredential, awsSubject } from "@azfed/aws";
import { definePlatform } from "./define-platform";
import { textFlag } from "./platform-flags";

/**
 * AWS (IAM outbound identity federation) for `azfed subject aws` and `azfed fic aws` (builders from
 * `@azfed/aws`): the subject is the IAM role's ARN, the issuer the account's
 * `https://{id}.tokens.sts.global.api.aws`.
 *
 * @example
 * ```ts
 * awsPlatform.subject({ roleArn: "arn:aws:iam::123456789012:role/payments-api" });
 * // "arn:aws:iam::123456789012:role/payments-api"
 * ```
 */
export const awsPlatform = definePlatform<AwsFederatedCredentialOptions>({
  name: "aws",
  aliases: ["amazon"],
  provider: "aws",
  title: "AWS",
  subjectFlags: {
    roleArn: textFlag(
      "<arn>",
      "the IAM role's ARN, arn:aws:iam::<account>:role/<path><name> (aws iam get-role --role-name <name> --query Role.Arn)",
    ),
    account: textFlag("<id>", "the 12-digit AWS account ID (with --role-name, instead of --role-arn)"),
    roleName: textFlag("<name>", "the IAM role's name (with --account)"),
    path: textFlag("<path>", 'the role\'s path, e.g. "/apps/" (default "/")'),
    partition: textFlag("<name>", "aws, aws-cn, aws-us-gov, ... (default aws)"),
  },
  credentialFlags: {
    issuer: textFlag(
      "<url>",
      "the account's issuer, https://<id>.tokens.sts.global.api.aws (aws iam get-outbound-web-identity-federation-info)",
    ),
  },
  subject: awsSubject,
  federatedCredential: awsFederatedCredential,
  flexible: false,
  subjectExamples: [
    "azfed subject aws --role-arn arn:aws:iam::123456789012:role/payments-api",
    "azfed subject aws --account 123456789012 --role-name payments-api --path /apps/",
  ],
  credentialExamples: [
    "azfed fic aws --issuer https://<id>.tokens.sts.global.api.aws --role-arn arn:aws:iam::123456789012:role/payments-api --format az --identity deployer --resource-group rg-app",
    "azfed fic aws --issuer https://<id>.tokens.sts.global.api.aws --role-arn arn:aws:iam::123456789012:role/payments-api --format terraform",
  ],
});
