import {
  AssertionFetchError,
  CredentialUnavailableError,
  decodeAssertion,
  InvalidInputError,
} from "@azfed/core";
import {
  expectNoSecrets,
  exposedText,
  rejectionOf,
  startTerraformRun,
  type TerraformRun,
} from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { terraform, terraformTokenVariable } from "../src/index";

const AUDIENCE = "api://AzureADTokenExchange";

describe("terraform()", () => {
  let run: TerraformRun;
  let tagged: TerraformRun;
  beforeAll(async () => {
    run = await startTerraformRun({ runPhase: "plan" });
    tagged = await startTerraformRun({
      instance: run.issuer,
      audiences: { AZURE: AUDIENCE, VAULT: "vault.workload.identity" },
    });
  });
  afterAll(async () => {
    await tagged?.close();
    await run?.close();
  });

  it("is detected by TFC_WORKLOAD_IDENTITY_TOKEN, and says which workspace variable to set when it is absent", async () => {
    expect(terraform().detect?.(run.env)).toEqual({
      available: true,
      reason: "TFC_WORKLOAD_IDENTITY_TOKEN set",
    });
    expect(terraform().detect?.(tagged.env)).toEqual({
      available: true,
      reason: "TFC_WORKLOAD_IDENTITY_TOKEN_AZURE, TFC_WORKLOAD_IDENTITY_TOKEN_VAULT set",
    });
    const absent = await terraform().detect?.({ CI: "true" });
    expect(absent).toMatchObject({ available: false });
    expect(absent?.reason).toContain("TFC_WORKLOAD_IDENTITY_TOKEN is not set");
    expect(absent?.reason).toContain("TFC_WORKLOAD_IDENTITY_AUDIENCE; set it to api://AzureADTokenExchange");
    expect((await terraform({ tag: "AZURE" }).detect?.(run.env))?.reason).toContain(
      "TFC_WORKLOAD_IDENTITY_TOKEN_AZURE is not set",
    );
  });

  it("presents the run's token for the exchange audience", async () => {
    const token = await terraform({ env: run.env }).getAssertion({ audience: AUDIENCE });
    expect(token).toBe(run.env.TFC_WORKLOAD_IDENTITY_TOKEN);
    expect(decodeAssertion(token).sub).toBe(run.subject);
  });

  it("finds the tagged token whose aud is the exchange audience, or reads the tag it is given", async () => {
    const found = await terraform({ env: tagged.env }).getAssertion({ audience: AUDIENCE });
    expect(found).toBe(tagged.env.TFC_WORKLOAD_IDENTITY_TOKEN_AZURE);
    const named = await terraform({ env: tagged.env, tag: "VAULT" }).getAssertion({
      audience: "vault.workload.identity",
    });
    expect(named).toBe(tagged.env.TFC_WORKLOAD_IDENTITY_TOKEN_VAULT);
  });

  it("asks for a tag when two token variables hold a token for the audience", async () => {
    const both = { ...run.env, ...tagged.env };
    const error = await rejectionOf(terraform({ env: both }).getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toContain("TFC_WORKLOAD_IDENTITY_TOKEN, TFC_WORKLOAD_IDENTITY_TOKEN_AZURE");
    expectNoSecrets(exposedText(error), [
      both.TFC_WORKLOAD_IDENTITY_TOKEN ?? "",
      both.TFC_WORKLOAD_IDENTITY_TOKEN_AZURE ?? "",
    ]);
  });

  it("names the audiences found and the variable to set when no token has the audience", async () => {
    const error = await rejectionOf(
      terraform({ env: tagged.env, tag: "VAULT" }).getAssertion({ audience: AUDIENCE }),
    );
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toContain("TFC_WORKLOAD_IDENTITY_TOKEN_VAULT (aud vault.workload.identity)");
    expect(error.message).toContain("TFC_WORKLOAD_IDENTITY_AUDIENCE_VAULT to api://AzureADTokenExchange");
    expectNoSecrets(exposedText(error), [tagged.env.TFC_WORKLOAD_IDENTITY_TOKEN_VAULT ?? ""]);
  });

  it("presents the token for the cloud's other audience convention when none has the asked one", async () => {
    const token = await terraform({ env: run.env }).getAssertion({
      audience: "api://AzureADTokenExchangeUSGov",
      alternateAudience: AUDIENCE,
    });
    expect(token).toBe(run.env.TFC_WORKLOAD_IDENTITY_TOKEN);
  });

  it("never presents an expired token, and says it cannot be refreshed, how long tokens live and what to do", async () => {
    const expired = await run.mintToken(AUDIENCE, { expired: true });
    const error = await rejectionOf(
      terraform({ env: { TFC_WORKLOAD_IDENTITY_TOKEN: expired } }).getAssertion({ audience: AUDIENCE }),
    );
    expect(error).toBeInstanceOf(AssertionFetchError);
    for (const part of [
      "expired at",
      "cannot be refreshed: a CI variable is fixed for the job",
      "run phase's timeout",
      "module_test_token_ttl (600 s by default",
    ]) {
      expect(error.message).toContain(part);
    }
    expectNoSecrets(exposedText(error), [expired]);
    // The clock option moves time: the run's own token expires after the phase's timeout.
    const later = Date.now() + 2 * 3_600_000;
    await expect(
      terraform({ env: run.env, clock: () => later }).getAssertion({ audience: AUDIENCE }),
    ).rejects.toThrow(/expired at/);
  });

  it("refuses a variable that holds no JWT without echoing it", async () => {
    const error = await rejectionOf(
      terraform({ env: { TFC_WORKLOAD_IDENTITY_TOKEN: "not-a-jwt-secret" } }).getAssertion({
        audience: AUDIENCE,
      }),
    );
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error.message).toContain("does not hold a JWT");
    expectNoSecrets(exposedText(error), ["not-a-jwt-secret"]);
  });

  it("is unavailable with the same advice when no token variable is set", async () => {
    const error = await rejectionOf(terraform({ env: {} }).getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toContain("TFC_WORKLOAD_IDENTITY_AUDIENCE");
  });

  it("checks the tag at construction: letters, numbers and underscores, not TYPE", () => {
    expect(terraformTokenVariable("AZURE_1")).toBe("TFC_WORKLOAD_IDENTITY_TOKEN_AZURE_1");
    for (const tag of ["TYPE", "AZ-URE", "", "a b"]) {
      expect(() => terraform({ tag }), tag).toThrow(InvalidInputError);
    }
    expect(() => terraform({ tag: "TYPE" })).toThrow(/field: tag|tag/);
  });
});
