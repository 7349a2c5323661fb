// The platforms the DefaultFederatedCredential tests run on, the apps that trust them, and helpers.
import { randomUUID } from "node:crypto";
import { azurePipelinesFederatedCredential } from "@azfed/azure-pipelines";
import type { HttpRequest } from "@azfed/core/provider";
import { githubActions, githubFederatedCredential } from "@azfed/github";
import {
  type AzureDevOpsEmulator,
  type EntraEmulator,
  type GcpMetadataEmulator,
  type GitHubActionsEmulator,
  type GitLabJob,
  type KubernetesTokenFile,
  type TestCertificateAuthority,
  usePlatformEmulators,
} from "@azfed/testing";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { closedLoopbackHost } from "./support";

export const SCOPE = "https://storage.azure.com/.default";
export const AUDIENCE = "api://AzureADTokenExchange";

export let ca: TestCertificateAuthority;
export let entra: EntraEmulator;
export let github: GitHubActionsEmulator;
export let devops: AzureDevOpsEmulator;
export let gitlabJob: GitLabJob;
export let tokenFile: KubernetesTokenFile;
export let metadata: GcpMetadataEmulator;
export let noMetadataHost: string;
export const tenantId = randomUUID();
export const githubClientId = randomUUID();
export const connection = {
  id: randomUUID(),
  name: "storage",
  issuer: "entra" as const,
  clientId: randomUUID(),
  tenantId,
};

/**
 * Starts the platform emulators for the file (usePlatformEmulators) and a loopback host where no
 * metadata server answers, registers the apps that trust the GitHub job and the Azure DevOps service
 * connection, and resets Entra and GitHub before each test. The `let`s above are live bindings.
 */
export function useDefaultCredentialPlatforms(): void {
  const platforms = usePlatformEmulators(
    { beforeAll, afterAll },
    {
      github: { job: { repository: "contoso/app", ref: "refs/heads/main" } },
      azureDevOps: { tenantId, serviceConnections: [connection] },
      gitlab: { projectPath: "contoso/app", branch: "main" },
      kubernetes: { tenantId },
    },
  );
  beforeAll(async () => {
    noMetadataHost = await closedLoopbackHost();
    ({ ca, entra, github, gitlab: gitlabJob, kubernetes: tokenFile, gcp: metadata } = platforms);
    devops = platforms.azureDevOps;
    entra.addApplication({
      clientId: githubClientId,
      tenantId,
      federatedCredentials: [
        toRecord(
          githubFederatedCredential({ repository: "contoso/app", branch: "main", issuer: github.issuer }),
        ),
      ],
    });
    entra.addApplication({
      clientId: connection.clientId,
      tenantId,
      federatedCredentials: [
        toRecord(
          azurePipelinesFederatedCredential({
            format: "entra",
            tenantId,
            organizationId: devops.organizationId,
            serviceConnectionId: connection.id,
            issuer: devops.issuerOf(connection.id),
          }),
        ),
      ],
    });
  });
  beforeEach(() => {
    entra.reset();
    github.reset();
  });
}

export const ids = { tenantId, clientId: githubClientId };

export function toRecord(fic: ReturnType<typeof githubFederatedCredential>) {
  return { name: fic.name, issuer: fic.issuer, subject: fic.subject ?? "", audiences: [...fic.audiences] };
}

/** The GitHub job's variables plus the identity its workflow sets. */
export function githubJobEnv(): NodeJS.ProcessEnv {
  return { ...github.env(), AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: githubClientId };
}

/** A token from the GitHub emulator, fetched by the GitHub provider itself. */
export function githubAssertion(audience: string): Promise<string> {
  return githubActions({ env: github.env(), dispatcher: ca.dispatcher }).getAssertion({ audience });
}

/** A dispatcher that records the origin of every request, then hands it to `inner`. */
export function countingDispatcher(
  inner: NonNullable<HttpRequest["dispatcher"]>,
  origins: string[],
): NonNullable<HttpRequest["dispatcher"]> {
  return new Proxy(inner, {
    get(target, property) {
      if (property === "dispatch") {
        return (options: { origin?: string | URL }, handler: unknown) => {
          origins.push(String(options.origin).replace(/\/$/, ""));
          return (target.dispatch as (o: unknown, h: unknown) => boolean).call(target, options, handler);
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
