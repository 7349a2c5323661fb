import { randomUUID } from "node:crypto";
import { AuthenticationError, FederatedTokenCredential } from "@azfed/core";
import {
  type EntraEmulator,
  expectNoSecrets,
  exposedText,
  rejectionOf,
  startEntraEmulator,
  startTerraformRun,
  type TerraformRun,
  type TerraformRunOptions,
} from "@azfed/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type TerraformWorkspaceCredentialOptions,
  terraform,
  terraformFederatedCredential,
} from "../src/index";

const TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const SCOPE = "https://management.azure.com/.default";
const WORKSPACE = { organization: "contoso", project: "Default Project", workspace: "networking-prod" };

describe("HCP Terraform end to end: run -> terraform() -> FederatedTokenCredential -> Entra emulator", () => {
  let entra: EntraEmulator;
  const runs: TerraformRun[] = [];
  beforeAll(async () => {
    entra = await startEntraEmulator();
  });
  afterAll(async () => {
    await Promise.all([...runs.map((run) => run.close()), entra?.close()]);
  });
  beforeEach(() => entra.reset());

  async function start(options: TerraformRunOptions): Promise<TerraformRun> {
    const run = await startTerraformRun({ ca: entra.ca, ...WORKSPACE, ...options });
    runs.push(run);
    return run;
  }

  /** An app trusting the credential terraformFederatedCredential builds, with the emulated run's issuer. */
  function trust(
    run: TerraformRun,
    options: TerraformWorkspaceCredentialOptions & { runPhase: "plan" | "apply" },
  ): string {
    const clientId = randomUUID();
    const fic = terraformFederatedCredential(options);
    entra.addApplication({
      clientId,
      tenantId: TENANT_ID,
      federatedCredentials: [{ ...fic, issuer: run.issuerUrl, audiences: [...fic.audiences] }],
    });
    return clientId;
  }

  function credential(run: TerraformRun, clientId: string): FederatedTokenCredential {
    return new FederatedTokenCredential({
      tenantId: TENANT_ID,
      clientId,
      assertion: terraform({ env: run.env }),
      authorityHost: entra.url,
      dispatcher: entra.dispatcher,
      retry: { maxRetries: 0 },
    });
  }

  it("an apply gets an Entra token with the apply credential", async () => {
    const run = await start({ runPhase: "apply" });
    const token = await credential(run, trust(run, { ...WORKSPACE, runPhase: "apply" })).getToken(SCOPE);
    expect(token?.token).toBeTruthy();
  });

  it("a plan is refused by an app that trusts only the apply, and the diagnosis names run_phase", async () => {
    const run = await start({ runPhase: "plan" });
    const error = await rejectionOf(
      credential(run, trust(run, { ...WORKSPACE, runPhase: "apply" })).getToken(SCOPE),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain("run_phase:plan");
    expectNoSecrets(exposedText(error), [run.env.TFC_WORKLOAD_IDENTITY_TOKEN ?? ""]);
  });
});
