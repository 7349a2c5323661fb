import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { azurePipelines } from "@azfed/azure-pipelines";
import { GCP_ENVIRONMENT_HINTS, gcp, METADATA_SERVER_DETECTION_ENV } from "@azfed/gcp";
import { githubActions } from "@azfed/github";
import { gitlab } from "@azfed/gitlab";
import { kubernetes } from "@azfed/kubernetes";
import { MANAGED_IDENTITY_CLIENT_ID_ENV, managedIdentity } from "@azfed/managed-identity";
import { spiffe } from "@azfed/spiffe";
import {
  type ProviderEnvironmentSubject,
  providerEnvironmentContract,
  startAzureDevOpsEmulator,
  startEntraEmulator,
  startGcpMetadataEmulator,
  startGitHubActionsEmulator,
  startGitLabJob,
  startKubernetesTokenFile,
  startManagedIdentityEmulator,
  startSpireWorkloadApi,
} from "@azfed/testing";
import { afterAll, beforeAll, describe, it, vi } from "vitest";

/**
 * Every built-in provider reads its environment by one rule (core's providerEnvironment): the env
 * option, else the environment detect is passed, else process.env at the call. One contract, run
 * against each provider's real token service emulator (managed identity's: IMDS, emulated).
 */
const closers: (() => Promise<void> | void)[] = [];
const identity = { clientId: randomUUID(), principalId: randomUUID(), tenantId: randomUUID() };
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
  const spire = await startSpireWorkloadApi();
  closers.push(() => spire.close());
  subjects.set("spiffe", { create: (env) => spiffe(env ? { env } : {}), present: spire.env() });
  const entra = await startEntraEmulator();
  const imds = await startManagedIdentityEmulator({ entra, identities: [identity] });
  closers.push(
    () => devops.close(),
    () => github.close(),
    () => gitlabJob.close(),
    () => tokenFile.close(),
    () => metadata.close(),
    () => imds.close(),
    () => entra.close(),
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
  // Managed identity reads only the variable naming the identity by this rule; msal-node picks the
  // identity endpoint from process.env once per process (here the emulated IMDS, for the whole file).
  for (const variable of [
    "IDENTITY_ENDPOINT",
    "IDENTITY_HEADER",
    "MSI_ENDPOINT",
    "MSI_SECRET",
    "IMDS_ENDPOINT",
  ]) {
    vi.stubEnv(variable, undefined);
  }
  vi.stubEnv("AZURE_POD_IDENTITY_AUTHORITY_HOST", imds.imdsEnv().AZURE_POD_IDENTITY_AUTHORITY_HOST);
  subjects.set("managed-identity", {
    create: (env) => managedIdentity({ ...(env ? { env } : {}), retry: { maxRetries: 0 } }),
    present: { [MANAGED_IDENTITY_CLIENT_ID_ENV]: identity.clientId },
  });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  for (const close of closers) await close();
});

for (const name of [
  "azure-pipelines",
  "github-actions",
  "gitlab",
  "kubernetes",
  "spiffe",
  "gcp",
  "managed-identity",
]) {
  describe(`${name} reads options.env, else the env detect is passed, else process.env at the call`, () => {
    const subject = (): ProviderEnvironmentSubject => {
      const found = subjects.get(name);
      if (!found) throw new Error(`no subject for ${name}`);
      return found;
    };
    for (const { name: title, run } of providerEnvironmentContract(subject)) it(title, run);
  });
}
