import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { azurePipelines } from "@azfed/azure-pipelines";
import { GCP_ENVIRONMENT_HINTS, gcp, METADATA_SERVER_DETECTION_ENV } from "@azfed/gcp";
import { githubActions } from "@azfed/github";
import { gitlab } from "@azfed/gitlab";
import { kubernetes } from "@azfed/kubernetes";
import {
  type ProviderEnvironmentSubject,
  providerEnvironmentContract,
  startAzureDevOpsEmulator,
  startGcpMetadataEmulator,
  startGitHubActionsEmulator,
  startGitLabJob,
  startKubernetesTokenFile,
} from "@azfed/testing";
import { afterAll, beforeAll, describe, it } from "vitest";

/**
 * Every built-in provider reads its environment by one rule (core's providerEnvironment): the env
 * option, else the environment detect is passed, else process.env at the call. One contract, run
 * against each provider's real token service emulator.
 */
const closers: (() => Promise<void> | void)[] = [];
const subjects = new Map<string, ProviderEnvironmentSubject>();

/** A port where nothing listens: a metadata request or probe there is refused at once. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  const connection = { id: randomUUID(), name: "azure-prod", issuer: "entra" as const };
  const devops = await startAzureDevOpsEmulator({ serviceConnections: [connection] });
  const github = await startGitHubActionsEmulator({
    job: { repository: "contoso/webapp", ref: "refs/heads/main" },
  });
  const gitlabJob = await startGitLabJob({ projectPath: "contoso/web" });
  const tokenFile = await startKubernetesTokenFile({
    namespace: "payments",
    serviceAccount: "api",
    autoRotate: false,
  });
  const metadata = await startGcpMetadataEmulator();
  closers.push(
    () => devops.close(),
    () => github.close(),
    () => gitlabJob.close(),
    () => tokenFile.close(),
    () => metadata.close(),
  );
  const nowhere = `127.0.0.1:${await unusedPort()}`;

  subjects.set("azure-pipelines", {
    create: (env) => azurePipelines({ ...(env ? { env } : {}), dispatcher: devops.dispatcher }),
    present: devops.env({ serviceConnectionId: connection.id }),
  });
  subjects.set("github-actions", {
    create: (env) => githubActions({ ...(env ? { env } : {}), dispatcher: github.dispatcher }),
    present: github.env(),
  });
  subjects.set("gitlab", { create: (env) => gitlab(env ? { env } : {}), present: gitlabJob.env });
  subjects.set("kubernetes", {
    create: (env) => kubernetes(env ? { env } : {}),
    present: tokenFile.env(),
    alsoClear: ["KUBERNETES_SERVICE_HOST"],
  });
  subjects.set("gcp", {
    create: (env) =>
      gcp({ ...(env ? { env } : {}), probeHosts: [nowhere], probeTimeoutMs: 300, retry: { maxRetries: 0 } }),
    present: metadata.env(),
    absent: { GCE_METADATA_HOST: nowhere, [METADATA_SERVER_DETECTION_ENV]: "none" },
    alsoClear: GCP_ENVIRONMENT_HINTS.map(([name]) => name),
  });
});
afterAll(async () => {
  for (const close of closers) await close();
});

for (const name of ["azure-pipelines", "github-actions", "gitlab", "kubernetes", "gcp"]) {
  describe(`${name} reads options.env, else the env detect is passed, else process.env at the call`, () => {
    const subject = (): ProviderEnvironmentSubject => {
      const found = subjects.get(name);
      if (!found) throw new Error(`no subject for ${name}`);
      return found;
    };
    for (const { name: title, run } of providerEnvironmentContract(subject)) it(title, run);
  });
}
