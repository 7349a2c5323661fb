import { AssertionFetchError } from "@azfed/core";
import { claimsOf, exposedText } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { azurePipelines } from "../src/index";
import {
  AUDIENCE,
  devops,
  entraConnection,
  failure,
  legacyConnection,
  provider,
  useAzureDevOpsEmulators,
} from "./azure-devops-emulators";

describe("azurePipelines()", () => {
  useAzureDevOpsEmulators();

  describe("detect", () => {
    it("is unavailable outside Azure Pipelines", () => {
      expect(azurePipelines().detect?.({})).toEqual({
        available: false,
        reason:
          'TF_BUILD is not "True" and SYSTEM_OIDCREQUESTURI is not set: this is not an Azure Pipelines job',
      });
    });

    it("explains the YAML when SYSTEM_ACCESSTOKEN is not mapped", async () => {
      const detection = await azurePipelines().detect?.(devops.env({ mapAccessToken: false }));
      expect(detection).toMatchObject({ available: false });
      expect(detection && !detection.available && detection.reason).toContain(
        "SYSTEM_ACCESSTOKEN is not set: Azure Pipelines gives the job's access token to a step only when asked; map it into the step that runs this code:\nenv:\n  SYSTEM_ACCESSTOKEN: $(System.AccessToken)",
      );
    });

    it("explains where a service connection id comes from", async () => {
      const detection = await azurePipelines().detect?.(devops.env({ azureSubscriptionVariables: false }));
      expect(detection && !detection.available && detection.reason).toMatch(
        /no service connection id: pass serviceConnectionId .* AZURESUBSCRIPTION_SERVICE_CONNECTION_ID, ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID, ARM_OIDC_AZURE_SERVICE_CONNECTION_ID/,
      );
      const byName = await azurePipelines().detect?.({
        ...devops.env({ azureSubscriptionVariables: false }),
        ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID: "azure-prod",
      });
      expect(byName && !byName.available && byName.reason).toMatch(
        /ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID is not a GUID .*not its name/,
      );
    });

    it("is available with the tenant and client ids the task set, options first", () => {
      const env = devops.env({ serviceConnectionId: entraConnection.id });
      expect(azurePipelines().detect?.(env)).toEqual({
        available: true,
        reason:
          "SYSTEM_OIDCREQUESTURI, SYSTEM_ACCESSTOKEN and a service connection id (AZURESUBSCRIPTION_SERVICE_CONNECTION_ID) are set",
        tenantId: env.AZURESUBSCRIPTION_TENANT_ID,
        clientId: env.AZURESUBSCRIPTION_CLIENT_ID,
      });
      expect(azurePipelines({ tenantId: "t-option", clientId: "c-option" }).detect?.(env)).toMatchObject({
        tenantId: "t-option",
        clientId: "c-option",
      });
    });
  });

  describe("the idToken of an AzureCLI@2 step", () => {
    it("is used when no access token is mapped, with the task's ids in detect", async () => {
      const env = await devops.azureCliStepEnv({ serviceConnectionId: legacyConnection.id });
      const p = provider(env);
      expect(
        azurePipelines().detect?.({
          ...env,
          AZURESUBSCRIPTION_TENANT_ID: "",
          AZURESUBSCRIPTION_CLIENT_ID: "",
        }),
      ).toEqual({
        available: true,
        reason: "the idToken variable of an AzureCLI@2 step (addSpnToEnvironment: true) is set",
        tenantId: env.tenantId,
        clientId: env.servicePrincipalId,
      });
      expect(await p.getAssertion({ audience: AUDIENCE })).toBe(env.idToken);
      expect(devops.requests).toHaveLength(0);
    });

    it("is never presented once expired", async () => {
      const env = await devops.azureCliStepEnv({ idToken: { expired: true } });
      const error = await failure(provider(env).getAssertion({ audience: AUDIENCE }));
      expect(error).toBeInstanceOf(AssertionFetchError);
      expect(error.message).toMatch(
        /the token in idToken expired at .* cannot be refreshed: a CI variable is fixed for the job .*a fresh one cannot be fetched: SYSTEM_ACCESSTOKEN is not set/,
      );
      expect(exposedText(error)).not.toContain(env.idToken);
      const detection = await azurePipelines().detect?.(env);
      expect(detection).toMatchObject({ available: false });
      expect(detection && !detection.available && detection.reason).toMatch(
        /^the idToken an AzureCLI@2 step set has expired and a fresh one cannot be fetched: SYSTEM_ACCESSTOKEN is not set/,
      );
    });

    it("refuses an idToken that is not a JWT instead of presenting it to Entra", async () => {
      const env = { ...(await devops.azureCliStepEnv()), idToken: "not-a-jwt-secret-value" };
      const error = await failure(provider(env).getAssertion({ audience: AUDIENCE }));
      expect(error).toBeInstanceOf(AssertionFetchError);
      expect(error.message).toContain("the variable idToken does not hold a JWT");
      expect(exposedText(error)).not.toContain("not-a-jwt-secret-value");
    });

    it("is presented until the clock reaches its exp, and then neither presented nor detected", async () => {
      const env = await devops.azureCliStepEnv();
      const token = env.idToken as string;
      const expiresAtMs = Number(claimsOf(token).exp) * 1000;
      let now = expiresAtMs - 1;
      const clocked = provider(env, { clock: () => now });
      expect(await clocked.getAssertion({ audience: AUDIENCE })).toBe(token);
      expect(await clocked.detect?.(env)).toMatchObject({ available: true });
      now = expiresAtMs;
      const error = await failure(clocked.getAssertion({ audience: AUDIENCE }));
      expect(error).toBeInstanceOf(AssertionFetchError);
      expect(error.message).toMatch(/the token in idToken expired at .* \(0 s ago\)/);
      expect(exposedText(error)).not.toContain(token);
      expect(await clocked.detect?.(env)).toMatchObject({ available: false });
    });

    it("refuses a clock that is not a function, naming the option", () => {
      const notAClock = new Date() as unknown as () => number;
      expect(() => azurePipelines({ clock: notAClock })).toThrow(
        /^Invalid clock: got .*; expected a function returning the time in epoch milliseconds/,
      );
    });

    it("gives way to the endpoint when the access token is mapped", async () => {
      const env = await devops.azureCliStepEnv({ mapAccessToken: true });
      const token = await provider(env).getAssertion({ audience: AUDIENCE });
      expect(token).not.toBe(env.idToken);
      expect(devops.requests).toHaveLength(1);
    });
  });
});
