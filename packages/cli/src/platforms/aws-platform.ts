import {
  type AwsFederatedCredentialOptions,
  type AwsSubjectOptions,
  awsFederatedCredential,
  awsSubject,
} from "@azfed/aws";
import { Option } from "commander";
import type { CliPlatform } from "./cli-platform";

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
export const awsPlatform: CliPlatform = {
  name: "aws",
  aliases: ["amazon"],
  provider: "aws",
  title: "AWS",
  subjectOptions: () => [
    new Option(
      "--role-arn <arn>",
      "the IAM role's ARN, arn:aws:iam::<account>:role/<path><name> (aws iam get-role --role-name <name> --query Role.Arn)",
    ),
    new Option("--account <id>", "the 12-digit AWS account ID (with --role-name, instead of --role-arn)"),
    new Option("--role-name <name>", "the IAM role's name (with --account)"),
    new Option("--path <path>", 'the role\'s path, e.g. "/apps/" (default "/")'),
    new Option("--partition <name>", "aws, aws-cn, aws-us-gov, ... (default aws)"),
  ],
  credentialOptions: () => [
    new Option(
      "--issuer <url>",
      "the account's issuer, https://<id>.tokens.sts.global.api.aws (aws iam get-outbound-web-identity-federation-info)",
    ),
  ],
  subject: (values) => awsSubject(values as unknown as AwsSubjectOptions),
  federatedCredential: (values) => awsFederatedCredential(values as unknown as AwsFederatedCredentialOptions),
  flexible: false,
  subjectExamples: [
    "azfed subject aws --role-arn arn:aws:iam::123456789012:role/payments-api",
    "azfed subject aws --account 123456789012 --role-name payments-api --path /apps/",
  ],
  credentialExamples: [
    "azfed fic aws --issuer https://<id>.tokens.sts.global.api.aws --role-arn arn:aws:iam::123456789012:role/payments-api --format az --identity deployer --resource-group rg-app",
    "azfed fic aws --issuer https://<id>.tokens.sts.global.api.aws --role-arn arn:aws:iam::123456789012:role/payments-api --format terraform",
  ],
};
