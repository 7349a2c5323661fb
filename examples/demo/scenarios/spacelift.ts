import { spaceliftFederatedCredential } from "@azfed/oidc-token";
import { startSpaceliftRun } from "@azfed/testing";
import type { PlatformScenario, ScenarioContext } from "../scenario";

/**
 * A tracked run of stack `infra` in space `root` of an emulated Spacelift account: its OIDC token in
 * `SPACELIFT_OIDC_TOKEN` (and a token file), audience the account's host. Detected by that variable.
 *
 * @example
 * ```ts
 * const scenario = await startSpaceliftScenario({ ca, entra, tenantId, clientId });
 * ```
 */
export async function startSpaceliftScenario(context: ScenarioContext): Promise<PlatformScenario> {
  const run = await startSpaceliftRun({
    ca: context.ca,
    spaceId: "root",
    stack: "infra",
    runType: "TRACKED",
    scope: "write",
  });
  const credential = (runType: "TRACKED" | "PROPOSED", scope: "read" | "write") =>
    spaceliftFederatedCredential({ issuer: run.issuer, spaceId: "root", stack: "infra", runType, scope });
  return {
    platform: "spacelift",
    title: "Spacelift",
    runsIn: "a tracked run (scope write) of stack infra in space root",
    workload: "job",
    services: [{ name: "account issuer", url: run.issuer }],
    env: { ...run.env, AZURE_TENANT_ID: context.tenantId, AZURE_CLIENT_ID: context.clientId },
    fic: credential("TRACKED", "write"),
    // The proposed runs' credential: Entra matches the run type and scope exactly.
    mismatchedFic: credential("PROPOSED", "read"),
    mismatch: "trusts the stack's proposed runs (run_type PROPOSED, scope read)",
    close: () => run.close(),
  };
}
