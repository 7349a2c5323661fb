import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { azurePipelines } from "@azfed/azure-pipelines";
import { buildkite } from "@azfed/buildkite";
import { GCP_ENVIRONMENT_HINTS, gcp, METADATA_SERVER_DETECTION_ENV } from "@azfed/gcp";
import { githubActions } from "@azfed/github";
import { gitlab } from "@azfed/gitlab";
import { kubernetes } from "@azfed/kubernetes";
import { MANAGED_IDENTITY_CLIENT_ID_ENV, managedIdentity } from "@azfed/managed-identity";
import { jenkins, oidcToken, spacelift } from "@azfed/oidc-token";
import { spiffe } from "@azfed/spiffe";
import {
  type ProviderEnvironmentSubject,
  providerEnvironmentContract,
  startAzureDevOpsEmulator,
  startBuildkiteAgentEmulator,
  startEntraEmulator,
  startGcpMetadataEmulator,
  startGitHubActionsEmulator,
  startGitLabJob,
  startJenkinsBuild,
  startKubernetesTokenFile,
  startManagedIdentityEmulator,
  startSpaceliftRun,
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
  const agent = await startBuildkiteAgentEmulator();
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
    () => agent.close(),
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
  subjects.set("buildkite", {
    create: (env) => buildkite({ ...(env ? { env } : {}), dispatcher: agent.dispatcher }),
    present: agent.env(),
  });
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
  const spaceliftRun = await startSpaceliftRun();
  const jenkinsBuild = await startJenkinsBuild();
  closers.push(
    () => spaceliftRun.close(),
    () => jenkinsBuild.close(),
  );
  subjects.set("spacelift", { create: (env) => spacelift(env ? { env } : {}), present: spaceliftRun.env });
  const named = { ...jenkinsBuild.env, AZFED_OIDC_TOKEN_VARIABLE: "AZURE_ID_TOKEN" };
  subjects.set("jenkins", { create: (env) => jenkins(env ? { env } : {}), present: named });
  subjects.set("oidc-token", { create: (env) => oidcToken(env ? { env } : {}), present: named });
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
  "buildkite",
  "kubernetes",
  "spiffe",
  "gcp",
  "managed-identity",
  "spacelift",
  "jenkins",
  "oidc-token",
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
