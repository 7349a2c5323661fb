import { InvalidInputError } from "@azfed/core";
import { claimsOf, type OidcIssuer, startKubernetesTokenFile, startOidcIssuer } from "@azfed/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubernetesSubject } from "../src/index";

const dnsLabel = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
const dnsSubdomain = fc
  .array(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/), { minLength: 1, maxLength: 4 })
  .map((labels) => labels.join("."));

describe("kubernetesSubject", () => {
  it("builds system:serviceaccount:{namespace}:{serviceAccount}", () => {
    expect(kubernetesSubject({ namespace: "payments", serviceAccount: "api" })).toBe(
      "system:serviceaccount:payments:api",
    );
    expect(kubernetesSubject({ namespace: "kube-system", serviceAccount: "workload.identity-sa" })).toBe(
      "system:serviceaccount:kube-system:workload.identity-sa",
    );
  });

  it("accepts the longest names Kubernetes accepts", () => {
    const namespace = `n${"a".repeat(61)}z`;
    const serviceAccount = `${"s".repeat(63)}.${"t".repeat(63)}.${"u".repeat(63)}.${"v".repeat(61)}`;
    expect(namespace).toHaveLength(63);
    expect(serviceAccount).toHaveLength(253);
    expect(kubernetesSubject({ namespace, serviceAccount })).toBe(
      `system:serviceaccount:${namespace}:${serviceAccount}`,
    );
  });

  it.each([
    ["namespace", { namespace: "", serviceAccount: "api" }, /expected a Kubernetes namespace name/],
    ["namespace", { namespace: "Payments", serviceAccount: "api" }, /DNS-1123 label/],
    ["namespace", { namespace: "pay.ments", serviceAccount: "api" }, /DNS-1123 label/],
    [
      "namespace",
      { namespace: "-payments", serviceAccount: "api" },
      /starting and ending with a letter or digit/,
    ],
    [
      "namespace",
      { namespace: "payments ", serviceAccount: "api" },
      /without leading or trailing whitespace/,
    ],
    ["namespace", { namespace: "a".repeat(64), serviceAccount: "api" }, /this one has 64 characters/],
    ["serviceAccount", { namespace: "payments", serviceAccount: "api:admin" }, /DNS-1123 subdomain/],
    ["serviceAccount", { namespace: "payments", serviceAccount: "api/admin" }, /DNS-1123 subdomain/],
    ["serviceAccount", { namespace: "payments", serviceAccount: "api..admin" }, /DNS-1123 subdomain/],
    ["serviceAccount", { namespace: "payments", serviceAccount: "api\nadmin" }, /without control characters/],
    ["serviceAccount", { namespace: "payments", serviceAccount: "ápi" }, /DNS-1123 subdomain/],
    [
      "serviceAccount",
      { namespace: "payments", serviceAccount: "a".repeat(254) },
      /this one has 254 characters/,
    ],
    ["serviceAccount", { namespace: "payments" }, /got undefined/],
  ])("refuses a bad %s (%j) with an error naming it", (field, options, message) => {
    let error: unknown;
    try {
      kubernetesSubject(options as { namespace: string; serviceAccount: string });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe(field);
    expect((error as InvalidInputError).message).toMatch(`Invalid ${field}`);
    expect((error as InvalidInputError).message).toMatch(message);
  });

  it("refuses every name with a colon, slash, upper-case letter or non-ASCII character, naming the field", () => {
    const bad = fc
      .tuple(
        fc.string({ maxLength: 20 }),
        fc.constantFrom(":", "/", "A", "Z", "é", "名", "😀", " ", "_"),
        fc.string({ maxLength: 20 }),
      )
      .map(([before, character, after]) => `${before}${character}${after}`);
    fc.assert(
      fc.property(bad, fc.boolean(), (name, inNamespace) => {
        const options = inNamespace
          ? { namespace: name, serviceAccount: "api" }
          : { namespace: "payments", serviceAccount: name };
        try {
          kubernetesSubject(options);
          return false;
        } catch (error) {
          return (
            error instanceof InvalidInputError &&
            error.field === (inNamespace ? "namespace" : "serviceAccount")
          );
        }
      }),
    );
  });

  describe("equals the sub of the token the emulated API server issues", () => {
    let issuer: OidcIssuer;
    beforeAll(async () => {
      issuer = await startOidcIssuer({ path: "/tenant/cluster", trailingSlash: true });
    });
    afterAll(() => issuer.close());

    it("for generated namespaces and service accounts (dots, dashes, digits, mixed lengths)", async () => {
      await fc.assert(
        fc.asyncProperty(dnsLabel, dnsSubdomain, async (namespace, serviceAccount) => {
          const tokenFile = await startKubernetesTokenFile({
            namespace,
            serviceAccount,
            issuer,
            autoRotate: false,
          });
          try {
            expect(kubernetesSubject({ namespace, serviceAccount })).toBe(
              claimsOf(tokenFile.current.token).sub,
            );
          } finally {
            await tokenFile.close();
          }
        }),
        { numRuns: 25 },
      );
    });
  });
});
