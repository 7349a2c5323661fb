import {
  AssertionFetchError,
  CredentialUnavailableError,
  type HttpRequestError,
  InvalidInputError,
} from "@azfed/core";
import { rejectionOf } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { azurePipelines } from "../src/index";
import {
  AUDIENCE,
  devops,
  entraConnection,
  failure,
  provider,
  useAzureDevOpsEmulators,
} from "./azure-devops-emulators";

// What each setting of the job decides, word for word: azure-pipelines-provider.test.ts runs the
// OIDC endpoint's answers, azure-pipelines-detect-and-cli-step.test.ts detection and the AzureCLI@2 step.

const NOT_A_JOB =
  'TF_BUILD is not "True" and SYSTEM_OIDCREQUESTURI is not set: this is not an Azure Pipelines job';
const NO_OIDC =
  "SYSTEM_OIDCREQUESTURI is not set: this Azure Pipelines agent or server does not offer OIDC tokens (Azure DevOps Services does)";
const ACCESS_TOKEN_FIX =
  "map it into the step that runs this code:\nenv:\n  SYSTEM_ACCESSTOKEN: $(System.AccessToken)\n(the value is the predefined variable System.AccessToken in macro syntax)";
const STEP = "an AzureCLI@2 step with addSpnToEnvironment: true";

describe("azurePipelines(): the job's settings", () => {
  useAzureDevOpsEmulators();

  it("says what is missing outside a job, and on an agent without OIDC, empty values counting as unset", async () => {
    for (const [env, problem] of [
      [{}, NOT_A_JOB],
      [{ TF_BUILD: "True", SYSTEM_OIDCREQUESTURI: "" }, NO_OIDC],
      [{ TF_BUILD: "true", SYSTEM_OIDCREQUESTURI: "", idToken: "" }, NOT_A_JOB],
    ] as const) {
      const error = await rejectionOf(azurePipelines({ env }).getAssertion({ audience: AUDIENCE }));
      expect(error, problem).toBeInstanceOf(CredentialUnavailableError);
      expect(error.message, problem).toBe(`azure-pipelines: ${problem}`);
    }
    expect(azurePipelines().detect?.({ TF_BUILD: "True" })).toEqual({ available: false, reason: NO_OIDC });
  });

  it("asks Entra for the audience of the tokens Azure DevOps issues", () => {
    expect(azurePipelines().defaultAudience?.(undefined)).toBe("api://AzureADTokenExchange");
  });

  it("says how to map an empty SYSTEM_ACCESSTOKEN", async () => {
    const env = { ...devops.env(), SYSTEM_ACCESSTOKEN: "" };
    expect(azurePipelines().detect?.(env)).toEqual({
      available: false,
      reason: `SYSTEM_ACCESSTOKEN is not set: Azure Pipelines gives the job's access token to a step only when asked; ${ACCESS_TOKEN_FIX}`,
    });
  });

  it("shows 60 characters of a service connection id that is not a GUID", async () => {
    const name = `${"production-subscription-".repeat(4)}end`;
    const env = { ...devops.env(), AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: name };
    const error = await rejectionOf(provider(env).getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toBe(
      `azure-pipelines: AZURESUBSCRIPTION_SERVICE_CONNECTION_ID is not a GUID (got ${JSON.stringify(name.slice(0, 60))}): it must hold the service connection's id, not its name`,
    );
    expect(devops.requests).toHaveLength(0);
  });

  it("refuses a SYSTEM_OIDCREQUESTURI that is not a URL", async () => {
    const error = await rejectionOf(
      provider({ ...devops.env(), SYSTEM_OIDCREQUESTURI: "contoso/oidctoken" }).getAssertion({
        audience: AUDIENCE,
      }),
    );
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toBe(
      "azure-pipelines: SYSTEM_OIDCREQUESTURI is not a URL; it should be the $(System.OidcRequestUri) Azure Pipelines sets",
    );
  });

  it("refuses a serviceConnectionId option that is not a GUID, saying where the id is", () => {
    const error = (() => {
      try {
        azurePipelines({ serviceConnectionId: "azure-prod" });
      } catch (thrown) {
        return thrown as InvalidInputError;
      }
      throw new Error("accepted");
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.field).toBe("serviceConnectionId");
    expect(error.message).toContain(
      "use the resourceId in the service connection page's URL (Project settings > Service connections)",
    );
    expect(() => azurePipelines({ tenantId: "" })).toThrow(expect.objectContaining({ field: "tenantId" }));
    expect(() => azurePipelines({ clientId: "" })).toThrow(expect.objectContaining({ field: "clientId" }));
  });

  it("reports the ids AzureCLI@2 sets under its own names when the AZURESUBSCRIPTION_* ones are empty", () => {
    const env = {
      ...devops.env({ serviceConnectionId: entraConnection.id }),
      AZURESUBSCRIPTION_TENANT_ID: "",
      AZURESUBSCRIPTION_CLIENT_ID: "",
      tenantId: "tenant-from-task",
      servicePrincipalId: "client-from-task",
    };
    expect(azurePipelines().detect?.(env)).toMatchObject({
      tenantId: "tenant-from-task",
      clientId: "client-from-task",
    });
    const bare = { ...env, tenantId: "", servicePrincipalId: "" };
    const detection = azurePipelines().detect?.(bare);
    expect(detection).toMatchObject({ available: true });
    expect(detection).not.toHaveProperty("tenantId");
    expect(detection).not.toHaveProperty("clientId");
  });

  it("gives up after timeoutMs on an endpoint that does not answer", async () => {
    devops.setLatency(5_000);
    try {
      const error = await failure(
        provider(devops.env(), { timeoutMs: 300, retry: { maxRetries: 0 } }).getAssertion({
          audience: AUDIENCE,
        }),
      );
      expect(error).toBeInstanceOf(AssertionFetchError);
      expect((error.cause as HttpRequestError).reason).toBe("timeout");
    } finally {
      devops.setLatency(0);
    }
  });
});

describe("azurePipelines(): the advice for each answer without a token", () => {
  useAzureDevOpsEmulators();

  const refusal = async (fault: Parameters<typeof devops.failNext>[1]) => {
    devops.failNext(1, fault);
    const error = await failure(
      provider(devops.env(), { retry: { maxRetries: 0 } }).getAssertion({ audience: AUDIENCE }),
    );
    expect(error).toBeInstanceOf(AssertionFetchError);
    return error.message;
  };

  it("203 without a page: the access token was refused", async () => {
    expect(await refusal({ status: 203, body: "{}" })).toMatch(
      /\. The access token was refused: SYSTEM_ACCESSTOKEN must be the job's \$\(System\.AccessToken\), unaltered and not expired; map it into the step/,
    );
  });

  it("an unreferenced connection first, whatever the status", async () => {
    const message = await refusal({
      status: 401,
      body: JSON.stringify({ message: "No service connection found with identifier x." }),
    });
    expect(message).toContain(
      `. Azure DevOps issues tokens only for a service connection that a task input references in the same stage: reference it, e.g. azureSubscription: <connection name> on an AzureCLI@2 step, and check that AZURESUBSCRIPTION_SERVICE_CONNECTION_ID (${devops.env().AZURESUBSCRIPTION_SERVICE_CONNECTION_ID}) is the connection's resourceId`,
    );
    expect(message).not.toContain("The access token was refused");
  });

  it("Azure DevOps' error type, shortened and escaped, or nothing", async () => {
    expect(await refusal({ status: 404, body: JSON.stringify({ message: "gone", typeKey: 42 }) })).toMatch(
      /"gone"; expected 200 with JSON \{ "oidcToken": "<OIDC token>" \}$/,
    );
    const typeKey = `Type\u001b[2J${"K".repeat(200)}`;
    const message = await refusal({ status: 404, body: JSON.stringify({ message: "gone", typeKey }) });
    // Escaped as core escapes the status line: the terminal that shows the error runs no sequence.
    expect(message).toMatch(/\. Azure DevOps' error type: Type\\x1b\[2JK+… \(211 characters\)$/);
  });
});

describe("azurePipelines(): an AzureCLI@2 step's idToken", () => {
  useAzureDevOpsEmulators();

  it("says what the step writes when idToken is blank, and refuses one of more than 64 KiB", async () => {
    const env = await devops.azureCliStepEnv();
    const blank = await rejectionOf(provider({ ...env, idToken: "  " }).getAssertion({ audience: AUDIENCE }));
    expect(blank.message).toBe(
      `azure-pipelines: the variable idToken is empty; ${STEP} writes the step's OIDC token there: run azfed inside the step's script`,
    );
    const huge = await rejectionOf(
      provider({ ...env, idToken: "x".repeat(70_000) }).getAssertion({ audience: AUDIENCE }),
    );
    expect(huge.message).toBe(
      `azure-pipelines: the variable idToken holds 70000 bytes, far more than a token (at most 65536); point idToken at the variable ${STEP} sets`,
    );
    const notJwt = await rejectionOf(
      provider({ ...env, idToken: "abc" }).getAssertion({ audience: AUDIENCE }),
    );
    expect(notJwt.message).toMatch(/; point idToken at the step's OIDC token$/);
  });

  it("says why an expired one cannot be replaced", async () => {
    const env = await devops.azureCliStepEnv({ idToken: { expired: true } });
    const error = await rejectionOf(provider(env).getAssertion({ audience: AUDIENCE }));
    expect(error.message).toMatch(
      new RegExp(
        `^azure-pipelines: the token in idToken expired at [^ ]+Z \\(\\d+ s ago\\); it cannot be refreshed: a CI variable is fixed for the job \\(${STEP.replace(/[.@:]/g, "\\$&")} sets it once\\): a fresh one cannot be fetched: SYSTEM_ACCESSTOKEN is not set: `,
      ),
    );
  });
});
