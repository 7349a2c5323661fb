import { awsFederatedCredential } from "@azfed/aws";
import { startAwsStsEmulator } from "@azfed/testing";
import type { PlatformScenario, ScenarioContext } from "../scenario";

/**
 * An AWS workload running as IAM role `azfed-example` in account 123456789012, whose STS (emulated,
 * with its token issuer) answers `GetWebIdentityToken`. The job names the provider
 * (`AZFED_PROVIDER=aws`): AWS is never detected. The emulator's variables keep the AWS SDK on
 * loopback: static test credentials, `AWS_EC2_METADATA_DISABLED=true`, no config files.
 *
 * @example
 * ```ts
 * const scenario = await startAwsScenario({ ca, entra, tenantId, clientId });
 * ```
 */
export async function startAwsScenario(context: ScenarioContext): Promise<PlatformScenario> {
  const sts = await startAwsStsEmulator({
    ca: context.ca,
    roleArn: "arn:aws:iam::123456789012:role/azfed-example",
    region: "eu-west-2",
  });
  return {
    platform: "aws",
    title: "AWS",
    runsIn: "an ECS task running as IAM role azfed-example in eu-west-2",
    workload: "job",
    services: [
      { name: "STS", url: sts.url },
      { name: "token issuer", url: sts.issuer },
    ],
    env: {
      ...sts.env(),
      AZFED_PROVIDER: "aws",
      AZURE_TENANT_ID: context.tenantId,
      AZURE_CLIENT_ID: context.clientId,
    },
    fic: awsFederatedCredential({ issuer: sts.issuer, roleArn: sts.roleArn }),
    // Another role of the same account: a credential made for the wrong role.
    mismatchedFic: awsFederatedCredential({
      issuer: sts.issuer,
      roleArn: "arn:aws:iam::123456789012:role/azfed-other",
    }),
    mismatch: "trusts another role (azfed-other)",
    close: () => sts.close(),
  };
}
