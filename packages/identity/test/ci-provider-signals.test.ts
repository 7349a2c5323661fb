import { azurePipelines } from "@azfed/azure-pipelines";
import type { AssertionProvider } from "@azfed/core";
import { githubActions } from "@azfed/github";
import { gitlab } from "@azfed/gitlab";
import { describe, expect, it } from "vitest";
import { defaultProviders } from "../src/default-providers";

/** A JWT-shaped value with iss and aud, as GitLab's id_tokens and AzureCLI@2's idToken hold. */
const JWT = [
  Buffer.from('{"alg":"RS256"}').toString("base64url"),
  Buffer.from('{"iss":"https://gitlab.com","aud":"api://AzureADTokenExchange","exp":4102444800}').toString(
    "base64url",
  ),
  "signature",
].join(".");

/**
 * Environments at each edge of the three signals: none set, each variable alone, the values that do
 * not count ("false", "1"), and the job variables without the platform's own.
 */
const ENVIRONMENTS: readonly Record<string, string>[] = [
  {},
  { GITHUB_ACTIONS: "true" },
  { GITHUB_ACTIONS: "false" },
  { ACTIONS_ID_TOKEN_REQUEST_URL: "https://token.actions.githubusercontent.com/x?api-version=2.0" },
  { ACTIONS_ID_TOKEN_REQUEST_TOKEN: "request-token" },
  {
    ACTIONS_ID_TOKEN_REQUEST_URL: "https://token.actions.githubusercontent.com/x?api-version=2.0",
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: "request-token",
  },
  { GITLAB_CI: "true" },
  { GITLAB_CI: "1", AZURE_ID_TOKEN: JWT },
  { TF_BUILD: "True" },
  { TF_BUILD: "true" },
  { SYSTEM_OIDCREQUESTURI: "https://dev.azure.com/contoso/_apis/oidctoken" },
  { idToken: JWT },
  { SYSTEM_ACCESSTOKEN: "access-token", AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: "not-a-guid" },
];

const PACKAGES: Readonly<Record<string, () => AssertionProvider>> = {
  "azure-pipelines": () => azurePipelines(),
  "github-actions": () => githubActions(),
  gitlab: () => gitlab(),
};

describe("the CI providers' detection signals", () => {
  const lazy = defaultProviders().filter((provider) => provider.name in PACKAGES);

  it("covers azure-pipelines, github-actions and gitlab", () => {
    expect(lazy.map((provider) => provider.name)).toEqual(["azure-pipelines", "github-actions", "gitlab"]);
  });

  for (const env of ENVIRONMENTS) {
    it(`give the provider's own answer for ${JSON.stringify(Object.keys(env))} ${JSON.stringify(env.GITHUB_ACTIONS ?? env.GITLAB_CI ?? env.TF_BUILD ?? "")}`, async () => {
      for (const provider of lazy) {
        const own = PACKAGES[provider.name]?.();
        expect(await provider.detect?.(env), provider.name).toEqual(await own?.detect?.(env));
      }
    });
  }

  it("say why when no variable is set, in the provider's own words", async () => {
    const reasons = await Promise.all(lazy.map(async (provider) => (await provider.detect?.({}))?.reason));
    expect(reasons).toEqual([
      'TF_BUILD is not "True" and SYSTEM_OIDCREQUESTURI is not set: this is not an Azure Pipelines job',
      'Not running in GitHub Actions: GITHUB_ACTIONS is not "true", and ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not both set.',
      'GITLAB_CI is not "true": this is not a GitLab CI job',
    ]);
  });
});
