import { type GitLabJob, providerContract, startGitLabJob } from "@azfed/testing";
import { afterAll, beforeAll, describe, it } from "vitest";
import { gitlab } from "../src/index";

let job: GitLabJob;

beforeAll(async () => {
  job = await startGitLabJob({
    projectPath: "contoso/web",
    idTokens: { AZURE_ID_TOKEN: { aud: "api://AzureADTokenExchange" } },
  });
});
afterAll(() => job?.close());

describe("gitlab() keeps the provider contract", () => {
  for (const check of providerContract({
    name: "gitlab",
    create: (env) => gitlab({ env }),
    platformEnv: () => ({ ...job.env }),
    secretVariables: ["AZURE_ID_TOKEN"],
  })) {
    it(check.name, check.run);
  }
});
