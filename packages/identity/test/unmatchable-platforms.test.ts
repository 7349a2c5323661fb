import { CredentialUnavailableError } from "@azfed/core";
import { rejectionOf } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { DefaultFederatedCredential, defaultProviders } from "../src/index";

const IDS = {
  AZURE_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47",
  AZURE_CLIENT_ID: "af3110ba-0ba9-4412-b1a0-59f50b7e9273",
};
/** Stands for a real token: it must never appear in an answer. */
const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQifQ.c2lnbmF0dXJl";

describe.each([
  [
    "bitbucket-pipelines",
    { BITBUCKET_BUILD_NUMBER: "42", BITBUCKET_STEP_OIDC_TOKEN: TOKEN },
    "BITBUCKET_STEP_OIDC_TOKEN",
    "step's UUID",
  ],
  [
    "circleci",
    { CIRCLECI: "true", CIRCLE_OIDC_TOKEN_V2: TOKEN },
    "CIRCLE_OIDC_TOKEN_V2",
    "names the user who triggered the job",
  ],
])("%s: recognised, and explained as not matchable by Entra", (name, env, variable, why) => {
  const provider = () => defaultProviders({ env }).find((candidate) => candidate.name === name);

  it("detect names the variable seen, why Entra cannot match, and what to do instead; never available", async () => {
    const detection = await provider()?.detect?.({});
    expect(detection?.available).toBe(false);
    expect(detection?.reason).toMatch(
      new RegExp(`\\(${variable} is set\\): Entra cannot (usefully )?match a`),
    );
    expect(detection?.reason).toContain(why);
    expect(detection?.reason).toContain("managed identity");
    expect(JSON.stringify(detection)).not.toContain(TOKEN);
    const elsewhere = await defaultProviders({ env: {} })
      .find((candidate) => candidate.name === name)
      ?.detect?.({});
    expect(elsewhere?.reason).toMatch(/not a (Bitbucket Pipelines step|CircleCI job)/);
  });

  it("getAssertion does not pretend: it throws CredentialUnavailableError with the explanation", async () => {
    const error = await rejectionOf(
      provider()?.getAssertion({ audience: "api://AzureADTokenExchange" }) ?? Promise.resolve(),
    );
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toContain(why);
  });

  it("DefaultFederatedCredential's no-platform error carries the explanation, without the token", async () => {
    const credential = new DefaultFederatedCredential({
      env: { ...env, ...IDS },
      providers: (defaults) => defaults.filter((candidate) => candidate.name !== "gcp"),
    });
    const error = await rejectionOf(credential.getToken("https://storage.azure.com/.default"));
    expect(error.name).toBe("CredentialUnavailableError");
    expect(error.message).toContain(`  - ${name}: this is`);
    expect(error.message).toContain(why);
    expect(error.message).not.toContain(TOKEN);
  });

  it("named with AZFED_PROVIDER, it says why it cannot be used", async () => {
    const credential = new DefaultFederatedCredential({ env: { ...env, ...IDS, AZFED_PROVIDER: name } });
    const error = await rejectionOf(credential.getToken("https://storage.azure.com/.default"));
    expect(error.message).toContain(`AZFED_PROVIDER selects "${name}", but it cannot be used here`);
    expect(error.message).toContain(why);
  });
});
