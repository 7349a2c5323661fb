import { spiffeFederatedCredential } from "@azfed/spiffe";
import { startSpireWorkloadApi } from "@azfed/testing";
import type { PlatformScenario, ScenarioContext } from "../scenario";

const WORKLOAD = "spiffe://example.org/ns/demo-spiffe/sa/demo-sa";

/**
 * A workload whose SPIRE agent (emulated: its Workload API on a Unix socket) gives it the SPIFFE ID
 * of Microsoft's tutorial, `spiffe://example.org/ns/demo-spiffe/sa/demo-sa`, and signs JWT-SVIDs as the
 * SPIRE OIDC discovery provider Entra trusts. `DefaultFederatedCredential` detects it by
 * `SPIFFE_ENDPOINT_SOCKET`.
 *
 * @example
 * ```ts
 * const scenario = await startSpiffeScenario({ ca, entra, tenantId, clientId });
 * ```
 */
export async function startSpiffeScenario(context: ScenarioContext): Promise<PlatformScenario> {
  const workloadApi = await startSpireWorkloadApi({ ca: context.ca, identities: [{ spiffeId: WORKLOAD }] });
  return {
    platform: "spiffe",
    title: "SPIFFE/SPIRE",
    runsIn: `a workload whose SPIFFE ID is ${WORKLOAD}`,
    workload: "pod",
    services: [
      { name: "Workload API", url: workloadApi.endpoint },
      { name: "SPIRE OIDC discovery provider", url: workloadApi.issuer },
    ],
    env: { ...workloadApi.env(), AZURE_TENANT_ID: context.tenantId, AZURE_CLIENT_ID: context.clientId },
    fic: spiffeFederatedCredential({ issuer: workloadApi.issuer, spiffeId: WORKLOAD }),
    // Another workload of the same trust domain.
    mismatchedFic: spiffeFederatedCredential({
      issuer: workloadApi.issuer,
      spiffeId: "spiffe://example.org/ns/demo-spiffe/sa/batch",
    }),
    mismatch: "trusts another workload (sa/batch)",
    close: () => workloadApi.close(),
  };
}
