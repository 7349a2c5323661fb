import { type KubernetesTokenFile, providerContract, startKubernetesTokenFile } from "@azfed/testing";
import { afterAll, beforeAll, describe, it } from "vitest";
import { kubernetes } from "../src/index";

let tokenFile: KubernetesTokenFile;

beforeAll(async () => {
  tokenFile = await startKubernetesTokenFile({ autoRotate: false });
});
afterAll(() => tokenFile?.close());

describe("kubernetes() keeps the provider contract", () => {
  for (const check of providerContract({
    name: "kubernetes",
    create: (env) => kubernetes({ env }),
    platformEnv: () => tokenFile.env(),
    secretVariables: [],
    secrets: () => tokenFile.history.map((written) => written.token),
  })) {
    it(check.name, check.run);
  }
});
