import { describe, expect, it } from "vitest";
import { isAksIssuer } from "../src/platform/kubernetes-platform";

describe("isAksIssuer", () => {
  it("recognises AKS issuers with or without the trailing slash, and nothing else", () => {
    expect(isAksIssuer("https://westeurope.oic.prod-aks.azure.com/t/c/")).toBe(true);
    expect(isAksIssuer("https://westeurope.oic.prod-aks.azure.com/t/c")).toBe(true);
    expect(isAksIssuer("https://oic.prod-aks.azure.com.evil.example/t/c/")).toBe(false);
    expect(isAksIssuer("https://token.actions.githubusercontent.com")).toBe(false);
  });
});
