import { type GitHubActionsEmulator, providerContract, startGitHubActionsEmulator } from "@azfed/testing";
import { afterAll, beforeAll, describe, it } from "vitest";
import { githubActions } from "../src/index";

let github: GitHubActionsEmulator;

beforeAll(async () => {
  github = await startGitHubActionsEmulator({
    job: { repository: "contoso/webapp", ref: "refs/heads/main" },
  });
});
afterAll(() => github?.close());

describe("githubActions() keeps the provider contract", () => {
  for (const check of providerContract({
    name: "github-actions",
    create: (env) => githubActions({ env, dispatcher: github.dispatcher, retry: { maxRetries: 0 } }),
    platformEnv: () => github.env(),
    secretVariables: ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"],
    secrets: () => [github.requestToken, ...github.issuedTokens],
  })) {
    it(check.name, check.run);
  }
});
