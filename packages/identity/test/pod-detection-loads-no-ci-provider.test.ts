import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityEntry, providerPackagesLoadedBy } from "./provider-packages-loaded";

let directory: string;
/** The Azure Workload Identity webhook's variables, as it injects them into a pod. */
let podEnv: Record<string, string>;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "azfed-pod-detection-"));
  const tokenFile = join(directory, "azure-identity-token");
  await writeFile(tokenFile, "header.payload.signature");
  podEnv = {
    AZURE_CLIENT_ID: "11111111-2222-3333-4444-555555555555",
    AZURE_TENANT_ID: "66666666-7777-8888-9999-000000000000",
    AZURE_FEDERATED_TOKEN_FILE: tokenFile,
    AZURE_AUTHORITY_HOST: "https://login.microsoftonline.com/",
  };
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/**
 * In a fresh process, DefaultFederatedCredential's detection (selectProvider over defaultProviders)
 * with `env` given explicitly, so a CI runner's own variables do not count: the provider chosen and
 * the provider packages the process loaded.
 */
async function detectIn(env: Record<string, string>): Promise<{ chosen: string; loaded: string[] }> {
  const { packages, printed } = await providerPackagesLoadedBy(`
    const { defaultProviders, selectProvider } = await import(${JSON.stringify(identityEntry("index"))});
    const env = ${JSON.stringify(env)};
    const { provider } = await selectProvider(defaultProviders({ env }), { env });
    console.log(provider.name);`);
  return { chosen: printed.at(-1) ?? "", loaded: packages };
}

describe("detection in a Kubernetes pod", () => {
  it("chooses kubernetes without loading @azfed/azure-pipelines, @azfed/github or @azfed/gitlab", async () => {
    expect(await detectIn(podEnv)).toEqual({ chosen: "kubernetes", loaded: ["kubernetes"] });
  }, 60_000);

  it("still imports a CI provider whose variable is set, and asks its own detect", async () => {
    // GITHUB_ACTIONS without the token service: @azfed/github's detect says why it is unavailable.
    expect(await detectIn({ ...podEnv, GITHUB_ACTIONS: "true", GITLAB_CI: "true" })).toEqual({
      chosen: "kubernetes",
      loaded: ["github", "gitlab", "kubernetes"],
    });
  }, 60_000);
});
