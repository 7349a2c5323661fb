import { jenkinsFederatedCredential } from "@azfed/oidc-token";
import { startJenkinsBuild } from "@azfed/testing";
import type { PlatformScenario, ScenarioContext } from "../scenario";

/**
 * A build of job `payments/api` on an emulated Jenkins with the oidc-provider plugin: the id token
 * bound by `withCredentials` to `AZURE_ID_TOKEN`, named with `AZFED_PROVIDER=jenkins` and
 * `AZFED_OIDC_TOKEN_VARIABLE` (Jenkins is never detected).
 *
 * @example
 * ```ts
 * const scenario = await startJenkinsScenario({ ca, entra, tenantId, clientId });
 * ```
 */
export async function startJenkinsScenario(context: ScenarioContext): Promise<PlatformScenario> {
  const build = await startJenkinsBuild({ ca: context.ca, job: "payments/api", variable: "AZURE_ID_TOKEN" });
  return {
    platform: "jenkins",
    title: "Jenkins",
    runsIn: "a build of payments/api inside withCredentials (oidc-provider plugin)",
    workload: "job",
    services: [{ name: "Jenkins OIDC issuer", url: build.issuer }],
    env: {
      ...build.env,
      AZFED_PROVIDER: "jenkins",
      AZFED_OIDC_TOKEN_VARIABLE: "AZURE_ID_TOKEN",
      AZURE_TENANT_ID: context.tenantId,
      AZURE_CLIENT_ID: context.clientId,
    },
    fic: jenkinsFederatedCredential({ jenkinsUrl: build.jenkinsUrl, job: "payments/api" }),
    // Another job of the same folder.
    mismatchedFic: jenkinsFederatedCredential({ jenkinsUrl: build.jenkinsUrl, job: "payments/web" }),
    mismatch: "trusts another job (payments/web)",
    close: () => build.close(),
  };
}
