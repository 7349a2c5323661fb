import { describe, expect, it } from "vitest";
import { DEFAULT_PROVIDER_NAMES, defaultProviders } from "../src/default-providers";

describe("defaultProviders", () => {
  it("lists the built-in providers in the documented detection order", () => {
    expect(defaultProviders().map((provider) => provider.name)).toEqual([
      "azure-pipelines",
      "github-actions",
      "gitlab",
      "terraform",
      "buildkite",
      "bitbucket-pipelines",
      "circleci",
      "kubernetes",
      "spiffe",
      "spacelift",
      "gcp",
    ]);
    // The detection list is the providers, plus the two platforms explained as not matchable.
    expect([...DEFAULT_PROVIDER_NAMES]).toEqual(
      defaultProviders()
        .map((provider) => provider.name)
        .filter((name) => name !== "bitbucket-pipelines" && name !== "circleci"),
    );
  });

  it("hands the shared env to every provider, so each detects from it rather than from what detect is passed", async () => {
    const env = {
      SYSTEM_OIDCREQUESTURI:
        "https://dev.azure.com/contoso/_apis/distributedtask/hubs/build/plans/p/jobs/j/oidctoken",
      SYSTEM_ACCESSTOKEN: "access-token",
      AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: "0c6b9a0e-8f3e-4a4d-9b53-1c2d3e4f5a6b",
      ACTIONS_ID_TOKEN_REQUEST_URL: "https://token.actions.githubusercontent.com/x?api-version=2.0",
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "request-token",
    };
    const [azurePipelines, github, ...others] = defaultProviders({ env });
    expect(await azurePipelines?.detect?.({})).toMatchObject({ available: true });
    expect(await github?.detect?.({})).toMatchObject({ available: true });
    for (const provider of defaultProviders({ env: {} }).slice(0, 2)) {
      expect(await provider.detect?.(env), provider.name).toMatchObject({ available: false });
    }
    expect(others.map((provider) => provider.name)).toEqual([
      "gitlab",
      "terraform",
      "buildkite",
      "bitbucket-pipelines",
      "circleci",
      "kubernetes",
      "spiffe",
      "spacelift",
      "gcp",
    ]);
  });

  it("answers for Buildkite from its signal alone: no BUILDKITE=true, not detected", async () => {
    const buildkite = defaultProviders({ env: {} }).find((provider) => provider.name === "buildkite");
    expect(await buildkite?.detect?.({})).toEqual({
      available: false,
      reason: 'Not running in a Buildkite job: BUILDKITE is not "true".',
    });
    const inJob = defaultProviders({ env: { BUILDKITE: "true" } }).find(
      (provider) => provider.name === "buildkite",
    );
    expect(await inJob?.detect?.({})).toMatchObject({
      available: false,
      reason: expect.stringContaining("BUILDKITE_AGENT_ACCESS_TOKEN and BUILDKITE_JOB_ID are not set"),
    });
  });
});
