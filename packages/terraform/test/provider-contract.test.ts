import {
  providerContract,
  providerEnvironmentContract,
  startTerraformRun,
  type TerraformRun,
} from "@azfed/testing";
import { afterAll, beforeAll, describe, it } from "vitest";
import { terraform } from "../src/index";

let run: TerraformRun;

beforeAll(async () => {
  run = await startTerraformRun({ audiences: { "": "api://AzureADTokenExchange" } });
});
afterAll(() => run?.close());

describe("terraform() keeps the provider contract", () => {
  for (const check of providerContract({
    name: "terraform",
    create: (env) => terraform({ env }),
    platformEnv: () => ({ ...run.env }),
    secretVariables: ["TFC_WORKLOAD_IDENTITY_TOKEN"],
  })) {
    it(check.name, check.run);
  }
});

describe("terraform() reads options.env, else the env detect is passed, else process.env at the call", () => {
  for (const { name, run: check } of providerEnvironmentContract(() => ({
    create: (env) => terraform(env ? { env } : {}),
    present: run.env,
  }))) {
    it(name, check);
  }
});
