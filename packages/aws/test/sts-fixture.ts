import { Agent } from "node:https";
import { type AwsStsEmulator, startAwsStsEmulator } from "@azfed/testing";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type AwsOptions, aws } from "../src/index";

/**
 * An STS emulator for a test file, and `process.env` pointed at it for the file's life: the AWS SDK
 * reads its credential chain and instance-metadata switches from `process.env` whatever `env` says,
 * so every test keeps it on loopback (static credentials, `AWS_EC2_METADATA_DISABLED=true`, config
 * files that do not exist).
 */
export function useSts(): {
  readonly sts: () => AwsStsEmulator;
  readonly provider: (options?: AwsOptions) => ReturnType<typeof aws>;
} {
  let sts: AwsStsEmulator | undefined;
  let saved: Record<string, string | undefined> = {};
  beforeAll(async () => {
    sts = await startAwsStsEmulator({
      region: "eu-west-2",
      roleArn: "arn:aws:iam::123456789012:role/apps/payments-api",
    });
    const env = sts.env();
    saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
    Object.assign(process.env, env);
  });
  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await sts?.close();
  });
  beforeEach(() => sts?.reset());
  const current = (): AwsStsEmulator => {
    if (!sts) throw new Error("the STS emulator is not started");
    return sts;
  };
  return {
    sts: current,
    provider: (options: AwsOptions = {}) =>
      aws({
        env: current().env(),
        clientConfig: { requestHandler: { httpsAgent: new Agent({ ca: current().ca.certificatePem }) } },
        ...options,
      }),
  };
}
