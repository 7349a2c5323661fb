import { InvalidInputError, validateFederatedIdentityCredential } from "@azfed/core";
import { type CapturedAzureLogs, captureAzureLogs } from "@azfed/testing";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { kubernetesFederatedCredential, kubernetesIssuerWarnings } from "../src/index";

const AKS =
  "https://eastus.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/5a2c8e41-3f6d-4b8e-9a0c-0e4f2b7d9c13";

describe("kubernetesFederatedCredential", () => {
  let logs: CapturedAzureLogs | undefined;
  afterEach(() => logs?.restore());

  it("builds a complete credential that core's validator accepts without warnings", () => {
    const fic = kubernetesFederatedCredential({
      issuer: `${AKS}/`,
      namespace: "payments",
      serviceAccount: "api",
    });
    expect(fic).toEqual({
      name: "kubernetes-payments-api",
      issuer: `${AKS}/`,
      subject: "system:serviceaccount:payments:api",
      audiences: ["api://AzureADTokenExchange"],
      description: "Kubernetes service account api in namespace payments",
    });
    const result = validateFederatedIdentityCredential(fic);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it("keeps a custom audience, name and description", () => {
    const fic = kubernetesFederatedCredential({
      issuer: "https://oidc.example.com/cluster-1",
      namespace: "payments",
      serviceAccount: "api",
      audience: "api://AzureADTokenExchangeUSGov",
      name: "payments_api-prod",
      description: "payments API in prod",
    });
    expect(fic.audiences).toEqual(["api://AzureADTokenExchangeUSGov"]);
    expect(fic.name).toBe("payments_api-prod");
    expect(fic.description).toBe("payments API in prod");
    expect(validateFederatedIdentityCredential(fic, { cloud: "usgov" }).valid).toBe(true);
  });

  it("derives a valid name for dotted and very long service account names, keeping distinct inputs apart", () => {
    const dotted = kubernetesFederatedCredential({
      issuer: `${AKS}/`,
      namespace: "ns",
      serviceAccount: "my.sa",
    });
    const dashed = kubernetesFederatedCredential({
      issuer: `${AKS}/`,
      namespace: "ns",
      serviceAccount: "my-sa",
    });
    expect(dashed.name).toBe("kubernetes-ns-my-sa");
    expect(dotted.name).toBe("kubernetes-ns-my_sa");

    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/),
        fc
          .array(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/), { minLength: 1, maxLength: 4 })
          .map((labels) => labels.join(".")),
        (namespace, serviceAccount) => {
          const fic = kubernetesFederatedCredential({ issuer: `${AKS}/`, namespace, serviceAccount });
          expect(validateFederatedIdentityCredential(fic).errors).toEqual([]);
          expect(fic.name.length).toBeLessThanOrEqual(120);
        },
      ),
    );
  });

  it("logs a warning for an AKS issuer without its trailing slash, and still builds the credential as given", () => {
    logs = captureAzureLogs();
    const fic = kubernetesFederatedCredential({ issuer: AKS, namespace: "payments", serviceAccount: "api" });
    expect(fic.issuer).toBe(AKS);
    const warnings = logs.lines.filter((line) => line.includes("warning") && line.includes("trailing slash"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${AKS}/`);
    expect(validateFederatedIdentityCredential(fic).warnings.map((warning) => warning.rule)).toContain(
      "aks-issuer-trailing-slash",
    );
  });

  it.each([
    [
      "issuer",
      { issuer: "http://oidc.example.com/", namespace: "a", serviceAccount: "b" },
      /an https:\/\/ URL.*it uses http/,
    ],
    ["issuer", { issuer: " https://oidc.example.com/", namespace: "a", serviceAccount: "b" }, /whitespace/],
    ["issuer", { issuer: "https://oidc.example.com/?x=1", namespace: "a", serviceAccount: "b" }, /https/],
    ["issuer", { namespace: "a", serviceAccount: "b" }, /got undefined/],
    [
      "issuer",
      { issuer: `https://oidc.example.com/${"x".repeat(600)}`, namespace: "a", serviceAccount: "b" },
      /600/,
    ],
    ["namespace", { issuer: `${AKS}/`, namespace: "A", serviceAccount: "b" }, /DNS-1123/],
    ["serviceAccount", { issuer: `${AKS}/`, namespace: "a", serviceAccount: "b:c" }, /DNS-1123/],
    ["audience", { issuer: `${AKS}/`, namespace: "a", serviceAccount: "b", audience: "" }, /audience/],
    ["name", { issuer: `${AKS}/`, namespace: "a", serviceAccount: "b", name: "x" }, /3 to 120/],
    [
      "name",
      { issuer: `${AKS}/`, namespace: "a", serviceAccount: "b", name: "-abc" },
      /starting with a letter/,
    ],
    ["name", { issuer: `${AKS}/`, namespace: "a", serviceAccount: "b", name: "a.b.c" }, /3 to 120/],
  ])("refuses a bad %s with an error naming it", (field, options, message) => {
    let error: unknown;
    try {
      kubernetesFederatedCredential(options as Parameters<typeof kubernetesFederatedCredential>[0]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe(field);
    expect((error as Error).message).toMatch(message);
  });
});

describe("kubernetesIssuerWarnings", () => {
  it("warns about an AKS issuer without its trailing slash", () => {
    const warnings = kubernetesIssuerWarnings(AKS);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/no trailing slash/);
    expect(warnings[0]).toMatch(/AADSTS70021/);
  });

  it("warns about a discovery-document URL given as the issuer", () => {
    expect(kubernetesIssuerWarnings(`${AKS}/.well-known/openid-configuration`)[0]).toMatch(
      /discovery document/,
    );
  });

  it.each([
    `${AKS}/`,
    "https://oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789",
    "https://container.googleapis.com/v1/projects/p/locations/l/clusters/c",
    "https://kubernetes.default.svc.cluster.local",
  ])("finds nothing wrong with %s", (issuer) => {
    expect(kubernetesIssuerWarnings(issuer)).toEqual([]);
  });
});
