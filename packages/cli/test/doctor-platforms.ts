// The platforms the azfed doctor tests run on: the emulators, the two apps, a folder for FIC files.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
import { afterAll, beforeAll, expect } from "vitest";
import { findLeaks, runs } from "./azfed-run";
import type { AzfedRunOptions } from "./run-azfed";

export const EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";
export let ca: TestCertificateAuthority;
export let entra: EntraEmulator;
export let github: GitHubActionsEmulator;
export let gitlabJob: GitLabJob;
export let kubernetesFile: KubernetesTokenFile;
export let gcpMetadata: GcpMetadataEmulator;
export let devops: AzureDevOpsEmulator;
export const entraConnection = {
  id: randomUUID(),
  name: "prod-arm",
  issuer: "entra" as const,
  clientId: randomUUID(),
};
export const tenantId = randomUUID();
export const matchingClientId = randomUUID();
export const mismatchingClientId = randomUUID();
let directory: string | undefined;

/** Writes `fics` as JSON into the file's temporary folder; returns the path. */
export function ficFile(name: string, fics: unknown[]): string {
  directory ??= mkdtempSync(join(tmpdir(), "azfed-doctor-"));
  const path = join(directory, name);
  writeFileSync(path, JSON.stringify(fics));
  return path;
}

/** A GitHub Actions job whose app trusts `client`; the child trusts the emulators' CA. */
export function inGitHubJob(clientId: string): AzfedRunOptions {
  return {
    ca,
    env: {
      ...github.env(),
      AZURE_TENANT_ID: tenantId,
      AZURE_CLIENT_ID: clientId,
      AZURE_AUTHORITY_HOST: entra.url,
    },
  };
}

/**
 * Starts the platform emulators for the file (usePlatformEmulators), registers an app whose
 * credential matches the GitHub job and one whose credential does not, and after the file checks
 * that no run's output held a platform token, a request token or an access token (before the
 * emulators close: after-hooks run last-registered first). The `let`s above are live bindings.
 */
export function useDoctorPlatforms(): void {
  const platforms = usePlatformEmulators(
    { beforeAll, afterAll },
    {
      github: {
        job: {
          repository: "contoso/webapp",
          environment: "production",
          ref: "refs/heads/main",
          eventName: "push",
        },
      },
      gitlab: { projectPath: "contoso/platform/api", branch: "main" },
      kubernetes: (started) => ({
        namespace: "apps",
        serviceAccount: "api",
        tenantId,
        clientId: matchingClientId,
        authorityHost: started.url,
      }),
      azureDevOps: { tenantId, serviceConnections: [entraConnection] },
    },
  );
  beforeAll(() => {
    ({ ca, entra, github, gitlab: gitlabJob, kubernetes: kubernetesFile, gcp: gcpMetadata } = platforms);
    devops = platforms.azureDevOps;
    entra.addApplication({
      clientId: matchingClientId,
      tenantId,
      federatedCredentials: [
        {
          name: "github-production",
          issuer: github.issuer,
          subject: github.subject,
          audiences: [EXCHANGE_AUDIENCE],
        },
      ],
    });
    entra.addApplication({
      clientId: mismatchingClientId,
      tenantId,
      federatedCredentials: [
        {
          name: "github-main",
          issuer: github.issuer,
          subject: "repo:contoso/webapp:ref:refs/heads/main",
          audiences: [EXCHANGE_AUDIENCE],
        },
      ],
    });
  });
  afterAll(() => {
    // Redaction: no output stream of any run holds a platform token, a request token or an access token.
    const secrets = [
      github.requestToken,
      ...github.issuedTokens,
      ...Object.values(gitlabJob.env).filter((value) => value.startsWith("eyJ")),
      ...kubernetesFile.history.map((written) => written.token),
      ...gcpMetadata.issuedTokens,
      devops.accessToken,
    ];
    expect(runs.flatMap((run) => findLeaks(run, secrets))).toEqual([]);
    // Test files share this module (isolate: false): the next file gets a folder of its own.
    if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
    directory = undefined;
  });
}
