import { describe, expect, it } from "vitest";
import { issuerPlatform } from "../src/platform/issuer-platform";
import { isAksIssuer } from "../src/platform/kubernetes-platform";

describe("issuerPlatform", () => {
  it.each([
    ["https://token.actions.githubusercontent.com", undefined, "github-actions"],
    ["https://token.actions.githubusercontent.com/contoso", undefined, "github-actions"],
    ["https://token.actions.contoso.ghe.com", undefined, "github-actions"],
    ["https://github.contoso.com/_services/token", undefined, "github-actions"],
    ["https://gitlab.com", undefined, "gitlab"],
    ["https://gitlab.contoso.com", undefined, "gitlab"],
    ["https://vstoken.dev.azure.com/8a3f1c9e", undefined, "azure-pipelines"],
    ["https://login.microsoftonline.com/t/v2.0", "/eid1/c/pub/t/x/a/y/sc/o/c", "azure-pipelines"],
    ["https://eastus.oic.prod-aks.azure.com/t/c/", undefined, "kubernetes"],
    ["https://oidc.example.com", "system:serviceaccount:ns:sa", "kubernetes"],
    ["https://accounts.google.com", undefined, "gcp"],
    ["https://app.terraform.io", undefined, "terraform"],
    ["https://app.eu.terraform.io", undefined, "terraform"],
    ["https://app.eu.terraform.io.evil.example", undefined, undefined],
    ["https://gitlab.com", "project_id:4242:ref_type:branch:ref:main", "gitlab"],
    ["https://oidc.circleci.com/org/1", undefined, undefined],
    ["not a url", undefined, undefined],
  ])("%s (%s) is %s", (issuer, subject, platform) => {
    expect(issuerPlatform(issuer, subject)).toBe(platform);
  });
});

describe("isAksIssuer", () => {
  it("recognises AKS issuers with or without the trailing slash, and nothing else", () => {
    expect(isAksIssuer("https://westeurope.oic.prod-aks.azure.com/t/c/")).toBe(true);
    expect(isAksIssuer("https://westeurope.oic.prod-aks.azure.com/t/c")).toBe(true);
    expect(isAksIssuer("https://oic.prod-aks.azure.com.evil.example/t/c/")).toBe(false);
    expect(isAksIssuer("https://token.actions.githubusercontent.com")).toBe(false);
  });
});
