import { gitlabFederatedCredential } from "@azfed/identity/gitlab";
import { startGitLabJob } from "@azfed/testing";
import type { PlatformScenario, ScenarioContext } from "../scenario";

/**
 * A GitLab CI job on branch `main` of `contoso/app`, with `id_tokens: { AZURE_ID_TOKEN: { aud: api://AzureADTokenExchange } }`.
 *
 * @example
 * ```ts
 * const scenario = await startGitLabScenario({ ca, entra, tenantId, clientId });
 * ```
 */
export async function startGitLabScenario(context: ScenarioContext): Promise<PlatformScenario> {
  const job = await startGitLabJob({ ca: context.ca, projectPath: "contoso/app", branch: "main" });
  const instanceUrl = job.instanceUrl;
  return {
    platform: "gitlab",
    title: "GitLab CI",
    runsIn: "a GitLab CI job for branch main of contoso/app",
    workload: "job",
    services: [{ name: "GitLab instance (OIDC issuer)", url: instanceUrl }],
    env: { ...job.env, AZURE_TENANT_ID: context.tenantId, AZURE_CLIENT_ID: context.clientId },
    fic: gitlabFederatedCredential({ projectPath: "contoso/app", branch: "main", instanceUrl }),
    // A classic slip: the project's path differs in letter case (Entra compares subjects exactly).
    mismatchedFic: gitlabFederatedCredential({ projectPath: "Contoso/App", branch: "main", instanceUrl }),
    mismatch: 'expects project "Contoso/App", the job\'s project is contoso/app',
    close: () => job.close(),
  };
}
