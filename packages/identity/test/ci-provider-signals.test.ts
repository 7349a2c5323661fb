import { azurePipelines } from "@azfed/azure-pipelines";
import { buildkite } from "@azfed/buildkite";
import type { AssertionProvider } from "@azfed/core";
import { githubActions } from "@azfed/github";
import { gitlab } from "@azfed/gitlab";
import { spacelift } from "@azfed/oidc-token";
import { spiffe } from "@azfed/spiffe";
import { terraform } from "@azfed/terraform";
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
 * Environments at each edge of the signals: none set, each variable alone, the values that do not
 * count ("false", "1", ""), and the job variables without the platform's own.
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
  { TFC_WORKLOAD_IDENTITY_TOKEN: JWT },
  { TFC_WORKLOAD_IDENTITY_TOKEN: "" },
  { TFC_WORKLOAD_IDENTITY_TOKEN_AZURE: JWT },
  { "TFC_WORKLOAD_IDENTITY_TOKEN_NOT-A-TAG": JWT },
  { TFC_WORKLOAD_IDENTITY_AUDIENCE: "api://AzureADTokenExchange" },
  { BUILDKITE: "true" },
  { BUILDKITE: "1", BUILDKITE_AGENT_ACCESS_TOKEN: "agent-token", BUILDKITE_JOB_ID: "job" },
  { SPIFFE_ENDPOINT_SOCKET: "unix:///nonexistent/azfed/agent.sock" },
  { SPIFFE_ENDPOINT_SOCKET: "" },
  { SPACELIFT_OIDC_TOKEN: JWT },
  { TF_VAR_spacelift_run_id: "01JKZAHVAQHFM8CC3EA5HWRMP1" },
  { TF_VAR_spacelift_account_name: "example.app.spacelift.io" },
];

/** Every provider detection recognises by a signal in core's platform table, made by its own package. */
const PACKAGES: Readonly<Record<string, () => AssertionProvider>> = {
  "azure-pipelines": () => azurePipelines(),
  "github-actions": () => githubActions(),
  gitlab: () => gitlab(),
  terraform: () => terraform(),
  buildkite: () => buildkite(),
  spiffe: () => spiffe(),
  spacelift: () => spacelift(),
};

/** The environment for a test's name, the JWT shortened. */
function shown(env: Record<string, string>): string {
  return JSON.stringify(env, (_key, value: unknown) => (value === JWT ? "<jwt>" : value));
}

describe("the CI providers' detection signals", () => {
  const lazy = defaultProviders().filter((provider) => provider.name in PACKAGES);

  it("covers every provider with a signal, in detection order", () => {
    expect(lazy.map((provider) => provider.name)).toEqual([
      "azure-pipelines",
      "github-actions",
      "gitlab",
      "terraform",
      "buildkite",
      "spiffe",
      "spacelift",
    ]);
  });

  for (const env of ENVIRONMENTS) {
    it(`give the provider's own answer for ${shown(env)}`, async () => {
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
      "TFC_WORKLOAD_IDENTITY_TOKEN is not set: not an HCP Terraform plan or apply with a workload identity token (a workspace asks for one with the environment variable TFC_WORKLOAD_IDENTITY_AUDIENCE; set it to api://AzureADTokenExchange)",
      'Not running in a Buildkite job: BUILDKITE is not "true".',
      "SPIFFE_ENDPOINT_SOCKET is not set",
      "SPACELIFT_OIDC_TOKEN and TF_VAR_spacelift_run_id are not set: this is not a Spacelift run",
    ]);
  });
});
