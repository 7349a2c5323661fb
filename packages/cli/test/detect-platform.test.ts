import { DefaultFederatedCredential } from "@azfed/identity";
import { describe, expect, it } from "vitest";
import { detectPlatform } from "../src/doctor/detect-platform";

/**
 * `azfed doctor` and `azfed token` choose the platform with the function DefaultFederatedCredential
 * uses (identity's findProvider): the same order, the same AZFED_PROVIDER rule, the same time limit,
 * so they say the same thing. METADATA_SERVER_DETECTION=none keeps Google Cloud's probe off the network.
 */
const SCOPE = "https://management.azure.com/.default";

async function credentialMessage(env: NodeJS.ProcessEnv): Promise<string> {
  const error = await new DefaultFederatedCredential({ env })
    .getToken(SCOPE)
    .then(() => expect.unreachable("expected no platform"))
    .catch((caught: unknown) => caught);
  expect((error as Error).name).toBe("CredentialUnavailableError");
  return (error as Error).message;
}

describe("detectPlatform is DefaultFederatedCredential's choice", () => {
  it("on a laptop: the same message, every provider's reason", async () => {
    const env = { METADATA_SERVER_DETECTION: "none" };
    const found = await detectPlatform({ env }, undefined);
    if (found.selection) expect.unreachable(`detected ${found.selection.provider.name}`);
    expect(found.reports.map((report) => report.provider)).toEqual([
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
    expect(found.message).toBe(await credentialMessage(env));
  });

  it("with AZFED_PROVIDER naming a platform that is absent: the same message, that provider only", async () => {
    const env = { METADATA_SERVER_DETECTION: "none", AZFED_PROVIDER: "kubernetes" };
    const found = await detectPlatform({ env }, undefined);
    if (found.selection) expect.unreachable("kubernetes is not here");
    expect(found.reports.map((report) => report.provider)).toEqual(["kubernetes"]);
    expect(found.message).toBe(await credentialMessage(env));
  });

  it("--provider wins over AZFED_PROVIDER, as the provider option does", async () => {
    const env = { METADATA_SERVER_DETECTION: "none", AZFED_PROVIDER: "kubernetes" };
    const found = await detectPlatform({ env }, "gitlab");
    expect(found.reports.map((report) => report.provider)).toEqual(["gitlab"]);
  });
});
