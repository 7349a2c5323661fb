import { type BuildkiteAgentEmulator, providerContract, startBuildkiteAgentEmulator } from "@azfed/testing";
import { afterAll, beforeAll, describe, it } from "vitest";
import { buildkite } from "../src/index";

let agent: BuildkiteAgentEmulator;

beforeAll(async () => {
  agent = await startBuildkiteAgentEmulator();
});
afterAll(() => agent?.close());

describe("buildkite() keeps the provider contract", () => {
  for (const check of providerContract({
    name: "buildkite",
    create: (env) => buildkite({ env, dispatcher: agent.dispatcher, retry: { maxRetries: 0 } }),
    platformEnv: () => agent.env(),
    secretVariables: ["BUILDKITE_AGENT_ACCESS_TOKEN"],
    secrets: () => [agent.accessToken, ...agent.issuedTokens],
  })) {
    it(check.name, check.run);
  }
});
