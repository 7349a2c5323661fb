import { buildkiteFederatedCredential } from "@azfed/buildkite";
import { startBuildkiteAgentEmulator } from "@azfed/testing";
import type { PlatformScenario, ScenarioContext } from "../scenario";

/**
 * A job of the Buildkite pipeline `acme-inc/super-duper-app` whose agent API hands out OIDC tokens
 * (asked for with `subject_claim` `pipeline_id`, so their subject is the pipeline's UUID).
 *
 * @example
 * ```ts
 * const scenario = await startBuildkiteScenario({ ca, entra, tenantId, clientId });
 * ```
 */
export async function startBuildkiteScenario(context: ScenarioContext): Promise<PlatformScenario> {
  const agent = await startBuildkiteAgentEmulator({ ca: context.ca });
  const issuer = agent.issuer;
  return {
    platform: "buildkite",
    title: "Buildkite",
    runsIn: `a job of the Buildkite pipeline ${agent.job.organizationSlug}/${agent.job.pipelineSlug} (pipeline UUID ${agent.job.pipelineId})`,
    workload: "job",
    services: [{ name: "agent API", url: agent.endpoint }],
    env: { ...agent.env(), AZURE_TENANT_ID: context.tenantId, AZURE_CLIENT_ID: context.clientId },
    fic: buildkiteFederatedCredential({ pipelineId: agent.job.pipelineId, issuer }),
    // Another pipeline's UUID: a credential made for the wrong pipeline.
    mismatchedFic: buildkiteFederatedCredential({
      pipelineId: "0191f956-042f-7ec4-aa62-8e5eeae396d0",
      issuer,
    }),
    mismatch: "trusts another pipeline (UUID 0191f956-…)",
    close: () => agent.close(),
  };
}
