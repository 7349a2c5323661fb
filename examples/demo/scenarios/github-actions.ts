import { githubFederatedCredential } from "@azfed/identity/github";
import { startGitHubActionsEmulator } from "@azfed/testing";
import type { PlatformScenario, ScenarioContext } from "../scenario";

/**
 * A GitHub Actions job for a push to `main` of `contoso/app`, with `permissions: id-token: write`.
 *
 * @example
 * ```ts
 * const scenario = await startGitHubActionsScenario({ ca, entra, tenantId, clientId });
 * ```
 */
export async function startGitHubActionsScenario(context: ScenarioContext): Promise<PlatformScenario> {
  const github = await startGitHubActionsEmulator({
    ca: context.ca,
    job: { repository: "contoso/app", ref: "refs/heads/main", eventName: "push" },
  });
  return {
    platform: "github-actions",
    title: "GitHub Actions",
    runsIn: "a GitHub Actions job for a push to main of contoso/app",
    workload: "job",
    services: [{ name: "GitHub Actions OIDC token service", url: github.url }],
    env: { ...github.env(), AZURE_TENANT_ID: context.tenantId, AZURE_CLIENT_ID: context.clientId },
    fic: githubFederatedCredential({ repository: "contoso/app", branch: "main", issuer: github.issuer }),
    mismatchedFic: githubFederatedCredential({
      repository: "contoso/app",
      branch: "release",
      issuer: github.issuer,
    }),
    mismatch: 'expects branch "release", the job runs on main',
    close: () => github.close(),
  };
}
