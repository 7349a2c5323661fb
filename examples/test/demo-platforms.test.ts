import { describe, expect, it } from "vitest";
import { DEMO_PLATFORMS, resolveDemoPlatform } from "../demo/platforms";

describe("the demo's --platform names", () => {
  it("take each provider name, and the names azfed's CLI accepts for it", () => {
    for (const platform of DEMO_PLATFORMS) expect(resolveDemoPlatform(platform)).toBe(platform);
    expect(resolveDemoPlatform("mi")).toBe("managed-identity");
    expect(resolveDemoPlatform("azure-managed-identity")).toBe("managed-identity");
    expect(resolveDemoPlatform("k8s")).toBe("kubernetes");
    expect(resolveDemoPlatform("imds")).toBeUndefined();
  });
});
