import type { AssertionProvider } from "@azfed/core";
import { describe, expect, it } from "vitest";
import { DEFAULT_PROVIDER_NAMES, defaultProviders } from "../src/default-providers";
import { lazyProvider } from "../src/lazy-provider";

describe("lazyProvider", () => {
  it("loads nothing until first used, then loads once and delegates", async () => {
    let loads = 0;
    const real: AssertionProvider = {
      name: "real",
      detect: (env) =>
        env.REAL ? { available: true, reason: "REAL is set" } : { available: false, reason: "no REAL" },
      getAssertion: async ({ audience }) => `token-for-${audience}`,
    };
    const lazy = lazyProvider("real", async () => {
      loads++;
      return real;
    });

    expect(lazy.name).toBe("real");
    expect(loads).toBe(0);
    expect(await lazy.detect?.({ REAL: "1" })).toEqual({ available: true, reason: "REAL is set" });
    expect(await lazy.detect?.({})).toEqual({ available: false, reason: "no REAL" });
    expect(await lazy.getAssertion({ audience: "api://AzureADTokenExchange" })).toBe(
      "token-for-api://AzureADTokenExchange",
    );
    expect(loads).toBe(1);
  });

  it("shares one load between concurrent first uses", async () => {
    let loads = 0;
    const lazy = lazyProvider("slow", async () => {
      loads++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { name: "slow", getAssertion: async () => "t" };
    });
    await Promise.all(Array.from({ length: 10 }, () => lazy.getAssertion({ audience: "a" })));
    expect(loads).toBe(1);
  });

  it("loads again after a failed load", async () => {
    let attempts = 0;
    const lazy = lazyProvider("flaky", async () => {
      attempts++;
      if (attempts === 1) throw new Error("module not found");
      return { name: "flaky", getAssertion: async () => "t" };
    });
    await expect(lazy.getAssertion({ audience: "a" })).rejects.toThrow("module not found");
    await expect(lazy.getAssertion({ audience: "a" })).resolves.toBe("t");
    expect(attempts).toBe(2);
  });

  it("counts a loaded provider without detect as present", async () => {
    const lazy = lazyProvider("plain", async () => ({ name: "plain", getAssertion: async () => "t" }));
    expect(await lazy.detect?.({})).toMatchObject({ available: true });
  });
});

describe("defaultProviders", () => {
  it("lists the five built-in providers in the documented detection order", () => {
    expect(defaultProviders().map((provider) => provider.name)).toEqual([
      "azure-pipelines",
      "github-actions",
      "gitlab",
      "kubernetes",
      "gcp",
    ]);
    expect([...DEFAULT_PROVIDER_NAMES]).toEqual(defaultProviders().map((provider) => provider.name));
  });

  it("names each provider as the loaded provider names itself", async () => {
    const packages: Record<string, () => Promise<AssertionProvider>> = {
      "azure-pipelines": async () => (await import("@azfed/azure-pipelines")).azurePipelines(),
      "github-actions": async () => (await import("@azfed/github")).githubActions(),
      gitlab: async () => (await import("@azfed/gitlab")).gitlab(),
      kubernetes: async () => (await import("@azfed/kubernetes")).kubernetes(),
      gcp: async () => (await import("@azfed/gcp")).gcp(),
    };
    for (const name of DEFAULT_PROVIDER_NAMES) {
      const loaded = packages[name];
      expect(loaded, name).toBeDefined();
      expect((await loaded?.())?.name).toBe(name);
    }
  });
});
