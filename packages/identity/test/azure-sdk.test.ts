import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { awsFederatedCredential } from "@azfed/aws";
import { azurePipelinesFederatedCredential } from "@azfed/azure-pipelines";
import { buildkiteFederatedCredential } from "@azfed/buildkite";
import type { FederatedIdentityCredential } from "@azfed/core";
import { gcpFederatedCredential } from "@azfed/gcp";
import { githubFederatedCredential } from "@azfed/github";
import { gitlabFederatedCredential } from "@azfed/gitlab";
import { kubernetesFederatedCredential } from "@azfed/kubernetes";
import {
  blobServiceClientTrusting,
  type EntraEmulator,
  type RunningAzurite,
  startAwsStsEmulator,
  startAzureDevOpsEmulator,
  startAzurite,
  startBuildkiteAgentEmulator,
  startEntraEmulator,
  startGcpMetadataEmulator,
  startGitHubActionsEmulator,
  startGitLabJob,
  startKubernetesTokenFile,
  type TestCertificateAuthority,
  testCertificateAuthority,
} from "@azfed/testing";
import { ChainedTokenCredential, EnvironmentCredential } from "@azure/identity";
import * as storageBlob from "@azure/storage-blob";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DefaultFederatedCredential } from "../src/index";
import { closedLoopbackHost, withLoopbackGcp } from "./support";

const PACKAGE_DIRECTORY = fileURLToPath(new URL("../", import.meta.url));
const STORAGE_SCOPE = "https://storage.azure.com/.default";

/** One emulated platform: the job's variables, and the federated credential that trusts it. */
interface Platform {
  readonly env: NodeJS.ProcessEnv;
  readonly fic: FederatedIdentityCredential;
  readonly clientId: string;
  close(): Promise<void>;
}

let ca: TestCertificateAuthority;
let entra: EntraEmulator;
let azurite: RunningAzurite;
let noMetadataHost: string;
const tenantId = randomUUID();
const platforms = new Map<string, Platform>();

const starters: Record<string, (clientId: string) => Promise<Platform>> = {
  "azure-pipelines": async (clientId) => {
    const connection = { id: randomUUID(), name: "storage", issuer: "entra" as const, clientId, tenantId };
    const devops = await startAzureDevOpsEmulator({ ca, tenantId, serviceConnections: [connection] });
    return {
      clientId,
      // No AZURE_TENANT_ID / AZURE_CLIENT_ID: the task's AZURESUBSCRIPTION_* variables name them.
      env: devops.env({ serviceConnectionId: connection.id }),
      fic: azurePipelinesFederatedCredential({
        format: "entra",
        tenantId,
        organizationId: devops.organizationId,
        serviceConnectionId: connection.id,
        issuer: devops.issuerOf(connection.id),
      }),
      close: () => devops.close(),
    };
  },
  "github-actions": async (clientId) => {
    const github = await startGitHubActionsEmulator({
      ca,
      job: { repository: "contoso/app", ref: "refs/heads/main", environment: "production" },
    });
    return {
      clientId,
      env: { ...github.env(), AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: clientId },
      fic: githubFederatedCredential({
        repository: "contoso/app",
        environment: "production",
        issuer: github.issuer,
      }),
      close: () => github.close(),
    };
  },
  gitlab: async (clientId) => {
    const job = await startGitLabJob({ ca, projectPath: "contoso/platform/app", tag: "v1.2.0" });
    return {
      clientId,
      env: { ...job.env, AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: clientId },
      fic: gitlabFederatedCredential({
        projectPath: "contoso/platform/app",
        tag: "v1.2.0",
        instanceUrl: job.instanceUrl,
      }),
      close: () => job.close(),
    };
  },
  kubernetes: async (clientId) => {
    const tokenFile = await startKubernetesTokenFile({
      ca,
      tenantId,
      clientId,
      namespace: "payments",
      serviceAccount: "api",
      authorityHost: `${entra.url}/`,
    });
    return {
      clientId,
      env: tokenFile.env(),
      fic: kubernetesFederatedCredential({
        issuer: tokenFile.issuer,
        namespace: "payments",
        serviceAccount: "api",
      }),
      close: () => tokenFile.close(),
    };
  },
  gcp: async (clientId) => {
    const metadata = await startGcpMetadataEmulator({ ca });
    return {
      clientId,
      env: { ...metadata.env(), AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: clientId },
      fic: gcpFederatedCredential({ uniqueId: metadata.serviceAccount.uniqueId, issuer: metadata.issuer }),
      close: () => metadata.close(),
    };
  },
  buildkite: async (clientId) => {
    const agent = await startBuildkiteAgentEmulator({ ca });
    return {
      clientId,
      env: { ...agent.env(), AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: clientId },
      fic: buildkiteFederatedCredential({ pipelineId: agent.job.pipelineId, issuer: agent.issuer }),
      close: () => agent.close(),
    };
  },
  aws: async (clientId) => {
    const sts = await startAwsStsEmulator({ ca });
    return {
      clientId,
      // Named, never detected; the SDK reads its credential chain from process.env (see beforeAll).
      env: { ...sts.env(), AZFED_PROVIDER: "aws", AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: clientId },
      fic: awsFederatedCredential({ issuer: sts.issuer, roleArn: sts.roleArn }),
      close: () => sts.close(),
    };
  },
};

beforeAll(async () => {
  ca = await testCertificateAuthority();
  [entra, azurite, noMetadataHost] = await Promise.all([
    startEntraEmulator({ ca }),
    startAzurite({ ca, resolveFrom: PACKAGE_DIRECTORY }),
    closedLoopbackHost(),
  ]);
  for (const [name, start] of Object.entries(starters)) {
    const platform = await start(randomUUID());
    // The AWS SDK reads its credentials and its instance-metadata switch from process.env, whatever
    // env says: keep them on the emulator's static test credentials, off 169.254.169.254.
    if (name === "aws") Object.assign(process.env, awsSdkEnv(platform.env));
    platforms.set(name, platform);
    entra.addApplication({
      clientId: platform.clientId,
      tenantId,
      federatedCredentials: [toRecord(platform.fic)],
    });
  }
});

afterAll(async () => {
  for (const name of AWS_SDK_VARIABLES) delete process.env[name];
  await Promise.all([...platforms.values()].map((platform) => platform.close()));
  await Promise.all([entra?.close(), azurite?.close()]);
});

const AWS_SDK_VARIABLES = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_EC2_METADATA_DISABLED",
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
] as const;

function awsSdkEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(AWS_SDK_VARIABLES.map((name) => [name, env[name] ?? ""]));
}

function toRecord(fic: FederatedIdentityCredential) {
  return { name: fic.name, issuer: fic.issuer, subject: fic.subject ?? "", audiences: [...fic.audiences] };
}

function platform(name: string): Platform {
  const found = platforms.get(name);
  if (!found) throw new Error(`platform ${name} did not start`);
  return found;
}

/** The platform's job environment, with the authority host its job would be told about. */
function jobEnv(name: string): NodeJS.ProcessEnv {
  return { AZURE_AUTHORITY_HOST: entra.url, ...platform(name).env };
}

async function uploadAndList(
  container: storageBlob.ContainerClient,
  blobName: string,
  text: string,
): Promise<string[]> {
  await container.getBlockBlobClient(blobName).upload(text, Buffer.byteLength(text));
  const names: string[] = [];
  for await (const blob of container.listBlobsFlat()) names.push(blob.name);
  return names;
}

function tokenRequestsOf(clientId: string) {
  return entra.requests.filter(
    (request) => request.endpoint === "token" && request.form.client_id === clientId,
  );
}

describe("BlobServiceClient against Azurite with DefaultFederatedCredential", () => {
  it("refuses requests without a valid storage token (so the tests below prove something)", async () => {
    const wrongAudience = {
      getToken: async () => {
        const credential = new DefaultFederatedCredential({
          env: jobEnv("github-actions"),
          dispatcher: ca.dispatcher,
        });
        return credential.getToken("https://vault.azure.net/.default");
      },
    };
    const container = blobServiceClientTrusting(storageBlob, {
      ca,
      accountUrl: azurite.accountUrl,
      credential: wrongAudience,
    }).getContainerClient("refused");
    const error = await container.create().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ statusCode: 403, code: "AuthenticationFailed" });
  });

  for (const name of Object.keys(starters)) {
    it(`creates a container, uploads a blob and lists it on ${name}`, async () => {
      const { clientId } = platform(name);
      const before = tokenRequestsOf(clientId).length;
      const credential = new DefaultFederatedCredential({ env: jobEnv(name), dispatcher: ca.dispatcher });
      const service = blobServiceClientTrusting(storageBlob, {
        ca,
        accountUrl: azurite.accountUrl,
        credential: credential,
      });
      const container = service.getContainerClient(`${name}-${randomUUID().slice(0, 8)}`);

      await container.create();
      const listed = await uploadAndList(container, `${name}/hello.txt`, `hello from ${name}`);
      const downloaded = await container.getBlockBlobClient(`${name}/hello.txt`).downloadToBuffer();

      expect(listed).toEqual([`${name}/hello.txt`]);
      expect(downloaded.toString("utf8")).toBe(`hello from ${name}`);
      expect((await credential.selection()).provider.name).toBe(name);
      const requests = tokenRequestsOf(clientId).slice(before);
      expect(requests.map((request) => request.status)).toEqual([200]);
      expect(requests[0]?.assertionClaims?.sub).toBe(platform(name).fic.subject);
      expect(requests[0]?.form.scope).toBe(STORAGE_SCOPE);
    });
  }

  it("works inside @azure/identity's ChainedTokenCredential after credentials that are unavailable", async () => {
    for (const variable of ["AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_USERNAME"]) {
      expect(process.env[variable], `${variable} must not be set for this test`).toBeUndefined();
    }
    const clientId = randomUUID();
    const github = await startGitHubActionsEmulator({
      ca,
      job: { repository: "contoso/chain", ref: "refs/heads/main" },
    });
    try {
      entra.addApplication({
        clientId,
        tenantId,
        federatedCredentials: [
          toRecord(
            githubFederatedCredential({ repository: "contoso/chain", branch: "main", issuer: github.issuer }),
          ),
        ],
      });
      const nowhere = new DefaultFederatedCredential({ env: {}, providers: withLoopbackGcp(noMetadataHost) });
      const onGitHub = new DefaultFederatedCredential({
        env: {
          ...github.env(),
          AZURE_TENANT_ID: tenantId,
          AZURE_CLIENT_ID: clientId,
          AZURE_AUTHORITY_HOST: entra.url,
        },
        dispatcher: ca.dispatcher,
      });
      const chain = new ChainedTokenCredential(new EnvironmentCredential(), nowhere, onGitHub);
      const container = blobServiceClientTrusting(storageBlob, {
        ca,
        accountUrl: azurite.accountUrl,
        credential: chain,
      }).getContainerClient(`chain-${randomUUID().slice(0, 8)}`);

      await container.create();
      expect(await uploadAndList(container, "chained.txt", "through a chain")).toEqual(["chained.txt"]);
      expect(tokenRequestsOf(clientId)).toHaveLength(1);
      await expect(nowhere.getToken(STORAGE_SCOPE)).rejects.toMatchObject({
        name: "CredentialUnavailableError",
      });
    } finally {
      await github.close();
    }
  });

  it("refreshes its token ahead of expiry while a long-running client keeps working", async () => {
    entra.setTokenLifetime(60);
    try {
      const { clientId } = platform("kubernetes");
      const before = tokenRequestsOf(clientId).length;
      const requestsSince = () => tokenRequestsOf(clientId).slice(before);
      let clockOffsetMs = 0;
      const credential = new DefaultFederatedCredential({
        env: jobEnv("kubernetes"),
        dispatcher: ca.dispatcher,
        clock: () => Date.now() + clockOffsetMs,
      });
      const container = blobServiceClientTrusting(storageBlob, {
        ca,
        accountUrl: azurite.accountUrl,
        credential: credential,
      }).getContainerClient(`refresh-${randomUUID().slice(0, 8)}`);

      await container.create();
      await uploadAndList(container, "first.txt", "first token");
      // The token the client holds: storage clients ask with `enableCae: true`, so this is a cache hit.
      const first = await credential.getToken(STORAGE_SCOPE, { enableCae: true });
      expect(first.expiresOnTimestamp - Date.now()).toBeLessThanOrEqual(60_000);
      expect(requestsSince()).toHaveLength(1);

      // 31 s later by the credential's clock: past the refresh point (half of the 60 s lifetime). The
      // client goes on working; one of its next calls finds the token due and azfed renews it.
      clockOffsetMs = 31_000;
      let round = 0;
      while (requestsSince().length < 2 && round < 40) {
        await uploadAndList(container, `round-${round}.txt`, `round ${round}`);
        round++;
      }
      // The renewal runs in the background: wait (a bounded while) until the cache holds its token.
      let renewed = await credential.getToken(STORAGE_SCOPE, { enableCae: true });
      for (let wait = 0; renewed.token === first.token && wait < 50; wait++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        renewed = await credential.getToken(STORAGE_SCOPE, { enableCae: true });
      }
      const listed = await uploadAndList(container, "after-refresh.txt", "renewed token");

      expect(requestsSince().map((request) => request.status)).toEqual([200, 200]);
      expect(renewed.token === first.token).toBe(false);
      expect(renewed.expiresOnTimestamp).toBeGreaterThan(first.expiresOnTimestamp);
      expect(listed).toEqual(expect.arrayContaining(["first.txt", "round-0.txt", "after-refresh.txt"]));
    } finally {
      entra.setTokenLifetime(3600);
    }
  });
});
