import { CredentialUnavailableError } from "@azfed/core";
import { describe, expect, it } from "vitest";
import { namedOnlyProviders } from "../src/index";
import { lazyProvider } from "../src/lazy-provider";

function notInstalled(name: string): Error {
  return Object.assign(new Error(`Cannot find package '${name}' imported from /app/index.js`), {
    code: "ERR_MODULE_NOT_FOUND",
  });
}

describe("lazyProvider", () => {
  it("loads the package once, at first use, and hands over detect and getAssertion", async () => {
    let loads = 0;
    const provider = lazyProvider("aws", "@azfed/aws", async () => {
      loads++;
      return {
        name: "aws",
        detect: () => ({ available: true, reason: "loaded" }),
        getAssertion: async ({ audience }) => `token for ${audience}`,
      };
    });
    expect(loads).toBe(0);
    expect(await provider.detect?.({})).toEqual({ available: true, reason: "loaded" });
    expect(await provider.getAssertion({ audience: "api://AzureADTokenExchange" })).toBe(
      "token for api://AzureADTokenExchange",
    );
    expect(loads).toBe(1);
  });

  it("says what to install when the package is missing, and tries again next time", async () => {
    let loads = 0;
    const provider = lazyProvider("aws", "@azfed/aws", async () => {
      loads++;
      throw notInstalled("@azfed/aws");
    });
    expect(await provider.detect?.({})).toEqual({
      available: false,
      reason: expect.stringContaining("npm install @azfed/aws"),
    });
    await expect(provider.getAssertion({ audience: "x" })).rejects.toBeInstanceOf(CredentialUnavailableError);
    expect(loads).toBe(2);
  });

  it("passes on any other failure of the package as is", async () => {
    const failure = new Error("broken");
    const provider = lazyProvider("aws", "@azfed/aws", async () => {
      throw failure;
    });
    await expect(provider.getAssertion({ audience: "x" })).rejects.toBe(failure);
  });

  it("the named-only aws provider is @azfed/aws's, loaded when asked", async () => {
    const aws = namedOnlyProviders({ env: { AWS_REGION: "eu-west-2" } }).find(
      (provider) => provider.name === "aws",
    );
    expect(await aws?.detect?.({})).toMatchObject({
      available: true,
      reason: expect.stringContaining("region eu-west-2 from AWS_REGION"),
    });
  });
});
