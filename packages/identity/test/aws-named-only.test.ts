import { describe, expect, it } from "vitest";
import {
  DEFAULT_PROVIDER_NAMES,
  defaultProviders,
  NAMED_ONLY_PROVIDER_NAMES,
  namedOnlyProviders,
} from "../src/index";

describe("aws in @azfed/identity", () => {
  it("is named-only: never in the detection list", () => {
    expect(NAMED_ONLY_PROVIDER_NAMES).toContain("aws");
    expect(DEFAULT_PROVIDER_NAMES as readonly string[]).not.toContain("aws");
    expect(defaultProviders().map((provider) => provider.name)).not.toContain("aws");
  });

  it("is @azfed/aws's provider, imported when asked, given the shared env", async () => {
    const aws = namedOnlyProviders({ env: { AWS_REGION: "eu-west-2" } }).find(
      (provider) => provider.name === "aws",
    );
    expect(await aws?.detect?.({})).toMatchObject({
      available: true,
      reason: expect.stringContaining("region eu-west-2 from AWS_REGION"),
    });
    expect(await aws?.detect?.({ AWS_REGION: "aws-global" })).toMatchObject({ available: true });
    const misconfigured = namedOnlyProviders({ env: { AWS_REGION: "aws-global" } }).find(
      (provider) => provider.name === "aws",
    );
    expect(await misconfigured?.detect?.({})).toMatchObject({
      available: false,
      reason: expect.stringContaining("global endpoint"),
    });
  });
});
