import { randomUUID } from "node:crypto";
import { AssertionFetchError } from "@azfed/core";
import { rejectionOf } from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { managedIdentity } from "../src/index";

// msal-node picks the identity endpoint from process.env once per process: this file is Cloud Shell
// only (MSI_ENDPOINT without MSI_SECRET), which offers no user-assigned identity. Nothing is listening
// at the endpoint named: neither detection nor msal-node's refusal sends a request.
beforeAll(() => {
  for (const name of ["IDENTITY_ENDPOINT", "IDENTITY_HEADER", "MSI_SECRET", "IMDS_ENDPOINT"]) {
    vi.stubEnv(name, undefined);
  }
  vi.stubEnv("MSI_ENDPOINT", "http://127.0.0.1:1/oauth2/token");
});
afterAll(() => {
  vi.unstubAllEnvs();
});

describe("managedIdentity() in Cloud Shell (MSI_ENDPOINT alone)", () => {
  it("is not available: Cloud Shell has no user-assigned identity", async () => {
    expect(await managedIdentity({ clientId: randomUUID() }).detect()).toEqual({
      available: false,
      reason:
        "Cloud Shell (MSI_ENDPOINT is set) offers no user-assigned identities, and only they can be a federated credential of an app",
    });
  });

  it("reports msal-node's own refusal by its code and words", async () => {
    const error = await rejectionOf(
      managedIdentity({ clientId: randomUUID(), retry: { maxRetries: 0 } }).getAssertion({
        audience: "api://AzureADTokenExchange",
      }),
    );
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error.message).toBe(
      "managed-identity: msal-node could not get the identity's token from Cloud Shell (MSI_ENDPOINT is set): unable_to_create_cloud_shell: Cloud Shell Managed Identities can only be system assigned.",
    );
  });
});
