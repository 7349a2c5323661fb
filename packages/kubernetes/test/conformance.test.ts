import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeAssertion, KNOWN_CLOUDS } from "@azfed/core";
import { exchangeAudienceFor } from "@azfed/core/provider";
import { type ConformanceCase, conformanceCorpus, conformanceMismatches } from "@azfed/testing";
import { afterAll, describe, expect, it } from "vitest";
import {
  type KubernetesSubjectOptions,
  kubernetes,
  kubernetesFederatedCredential,
  kubernetesSubject,
  kubernetesSubjectFromEnvironment,
} from "../src/index";

// The cited Kubernetes cases of packages/testing/conformance/kubernetes.json, run against the
// builders, the environment helper and the provider (fed with the case's token claims or variables).
const corpus = conformanceCorpus("kubernetes");
const DEFAULT_AUDIENCE = "api://AzureADTokenExchange";
const directory = mkdtempSync(join(tmpdir(), "azfed-kubernetes-conformance-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const withIssuer = corpus.cases.filter((c) => c.input.options?.issuer !== undefined);
const withSubject = corpus.cases.filter(
  (c) =>
    c.input.options && c.input.options.issuer === undefined && (c.expected.subject || c.expected.refusal),
);
const withClaims = corpus.cases.filter((c) => c.input.claims);
const withEnv = corpus.cases.filter((c) => c.input.env);
const withCloudAudience = corpus.cases.filter((c) => c.input.settings?.cloud && c.expected.audience);

/** A token file and a namespace file holding the case's claims, as kubelet and the API server write them. */
function podFiles(testCase: ConformanceCase): { tokenFilePath: string; serviceAccountDir: string } {
  const claims = testCase.input.claims ?? {};
  const now = Math.floor(Date.now() / 1000);
  // Unsigned (nothing here verifies it); exp added when the case has none, as every projected token has one.
  const token = [
    Buffer.from(JSON.stringify({ alg: "RS256", kid: "conformance" })).toString("base64url"),
    Buffer.from(JSON.stringify({ iat: now, exp: now + 3600, ...claims })).toString("base64url"),
    "c2lnbmF0dXJlLWRyb3BwZWQ",
  ].join(".");
  const caseDirectory = join(directory, testCase.id);
  const serviceAccountDir = join(caseDirectory, "serviceaccount");
  rmSync(caseDirectory, { recursive: true, force: true });
  mkdirSync(serviceAccountDir, { recursive: true });
  const kubernetesClaims = claims["kubernetes.io"] as { namespace?: string } | undefined;
  if (kubernetesClaims?.namespace)
    writeFileSync(join(serviceAccountDir, "namespace"), kubernetesClaims.namespace);
  const tokenFilePath = join(caseDirectory, "token");
  writeFileSync(tokenFilePath, token);
  return { tokenFilePath, serviceAccountDir };
}

describe("Kubernetes conformance: kubernetesSubject", () => {
  it.each(withSubject.map((c) => [c.id, c] as const))("%s", (_id, testCase) => {
    const options = testCase.input.options as unknown as KubernetesSubjectOptions;
    expect(conformanceMismatches(testCase.expected, "subject", () => kubernetesSubject(options))).toEqual([]);
  });
});

describe("Kubernetes conformance: kubernetesFederatedCredential's issuer", () => {
  it.each(withIssuer.map((c) => [c.id, c] as const))("%s", (_id, testCase) => {
    const options = testCase.input.options as unknown as Parameters<typeof kubernetesFederatedCredential>[0];
    expect(
      conformanceMismatches(testCase.expected, "issuer", () => kubernetesFederatedCredential(options).issuer),
    ).toEqual([]);
  });
});

describe("Kubernetes conformance: a pod's token, through kubernetesSubjectFromEnvironment and the provider", () => {
  it.each(withClaims.map((c) => [c.id, c] as const))("%s", async (_id, testCase) => {
    const files = podFiles(testCase);
    const pod = kubernetesSubjectFromEnvironment({ ...files, env: {} });
    if (testCase.expected.subject) expect(pod.subject).toBe(testCase.expected.subject);
    if (testCase.expected.issuer) {
      expect(pod.issuer).toBe(testCase.expected.issuer);
      expect(kubernetesFederatedCredential({ ...pod, issuer: pod.issuer as string }).issuer).toBe(
        testCase.expected.issuer,
      );
    }
    const audience = testCase.expected.audience ?? DEFAULT_AUDIENCE;
    const token = await kubernetes({ tokenFilePath: files.tokenFilePath, env: {} }).getAssertion({
      audience,
    });
    const claims = decodeAssertion(token);
    expect(claims.sub).toBe(testCase.expected.subject ?? claims.sub);
    if (testCase.expected.audience) expect([claims.aud].flat()).toContain(testCase.expected.audience);
  });
});

describe("Kubernetes conformance: the AKS identity binding variables", () => {
  it.each(withEnv.map((c) => [c.id, c] as const))("%s", async (_id, testCase) => {
    const refusal = testCase.expected.refusal;
    expect(refusal, "an env case expects a refusal").toBeDefined();
    const error = await kubernetes({ env: { ...testCase.input.env } })
      .tokenRequestRoute()
      .then(
        () => undefined,
        (thrown: unknown) => thrown as Error & { field?: string },
      );
    expect(error, "a refusal").toBeInstanceOf(Error);
    if (refusal?.field !== undefined) expect(error?.field).toBe(refusal.field);
    for (const part of refusal?.message ?? []) expect(error?.message).toContain(part);
  });
});

describe("Kubernetes conformance: the audience asked for", () => {
  it.each(withCloudAudience.map((c) => [c.id, c] as const))("%s", (_id, testCase) => {
    const cloud = KNOWN_CLOUDS[testCase.input.settings?.cloud as keyof typeof KNOWN_CLOUDS];
    expect(exchangeAudienceFor(kubernetes(), cloud)).toBe(testCase.expected.audience);
  });
});

describe("Kubernetes conformance: every case runs", () => {
  it("has no case that no runner takes", () => {
    const run = new Set([...withIssuer, ...withSubject, ...withClaims, ...withEnv, ...withCloudAudience]);
    expect(corpus.cases.filter((c) => !run.has(c)).map((c) => c.id)).toEqual([]);
  });
});
