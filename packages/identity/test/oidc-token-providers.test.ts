import { randomUUID } from "node:crypto";
import { spaceliftFederatedCredential } from "@azfed/oidc-token";
import {
  type EntraEmulator,
  type JenkinsBuild,
  type SpaceliftRun,
  startEntraEmulator,
  startJenkinsBuild,
  startSpaceliftRun,
} from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_PROVIDER_NAMES,
  DefaultFederatedCredential,
  defaultProviders,
  NAMED_ONLY_PROVIDER_NAMES,
  namedOnlyProviders,
} from "../src/index";

const TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";

let entra: EntraEmulator;
let run: SpaceliftRun;
let build: JenkinsBuild;

beforeAll(async () => {
  entra = await startEntraEmulator();
  run = await startSpaceliftRun({ ca: entra.ca });
  build = await startJenkinsBuild({ ca: entra.ca });
});
afterAll(async () => {
  await Promise.all([run.close(), build.close(), entra.close()]);
});

describe("@azfed/oidc-token's providers in @azfed/identity (an optional peer)", () => {
  it("detects spacelift by SPACELIFT_OIDC_TOKEN or TF_VAR_spacelift_run_id, after kubernetes; oidc-token and jenkins are named-only", async () => {
    expect(DEFAULT_PROVIDER_NAMES.indexOf("spacelift")).toBeGreaterThan(
      DEFAULT_PROVIDER_NAMES.indexOf("kubernetes"),
    );
    expect(NAMED_ONLY_PROVIDER_NAMES).toEqual(expect.arrayContaining(["oidc-token", "jenkins"]));
    const spacelift = defaultProviders().find((provider) => provider.name === "spacelift");
    expect(await spacelift?.detect?.({})).toEqual({
      available: false,
      reason: "SPACELIFT_OIDC_TOKEN and TF_VAR_spacelift_run_id are not set: this is not a Spacelift run",
    });
    expect(await spacelift?.detect?.(run.env)).toMatchObject({ available: true });
    // A run without a token (a free account): @azfed/oidc-token's detect says why.
    expect(await spacelift?.detect?.({ TF_VAR_spacelift_run_id: "01JKZAHVAQHFM8CC3EA5HWRMP1" })).toEqual({
      available: false,
      reason: expect.stringContaining("this is Spacelift run 01JKZAHVAQHFM8CC3EA5HWRMP1, but"),
    });
  });

  it("DefaultFederatedCredential gets a token in a Spacelift run with no option", async () => {
    const clientId = randomUUID();
    const fic = spaceliftFederatedCredential({
      issuer: run.issuer,
      spaceId: "root",
      stack: "infra",
      runType: "TRACKED",
      scope: "write",
    });
    entra.addApplication({
      clientId,
      tenantId: TENANT_ID,
      federatedCredentials: [{ ...fic, audiences: [...fic.audiences] }],
    });
    const credential = new DefaultFederatedCredential({
      env: {
        ...run.env,
        AZURE_TENANT_ID: TENANT_ID,
        AZURE_CLIENT_ID: clientId,
        AZURE_AUTHORITY_HOST: entra.url,
      },
      dispatcher: entra.dispatcher,
    });
    const token = await credential.getToken("https://management.azure.com/.default");
    expect((await entra.verifyAccessToken(token.token)).tid).toBe(TENANT_ID);
  });

  it("jenkins reads the variable AZFED_OIDC_TOKEN_VARIABLE names", async () => {
    const jenkins = namedOnlyProviders({
      env: { ...build.env, AZFED_OIDC_TOKEN_VARIABLE: "AZURE_ID_TOKEN" },
    }).find((provider) => provider.name === "jenkins");
    expect(await jenkins?.detect?.({})).toMatchObject({ available: true });
    await expect(jenkins?.getAssertion({ audience: "api://AzureADTokenExchange" })).resolves.toBe(
      build.token,
    );
  });
});
