import { decodeAssertion, KNOWN_CLOUDS } from "@azfed/core";
import { exchangeAudienceFor } from "@azfed/core/provider";
import { conformanceCorpus, conformanceMismatches, startGcpMetadataEmulator } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { type GcpSubjectOptions, gcp, gcpFederatedCredential, gcpIssuer, gcpSubject } from "../src/index";

// The cited Google Cloud cases of packages/testing/conformance/gcp.json, run against the builders and
// the provider (through the metadata server emulator, fed with the case's token claims).
const corpus = conformanceCorpus("gcp");
const DEFAULT_AUDIENCE = "api://AzureADTokenExchange";

const withSubject = corpus.cases.filter((c) => c.input.options && (c.expected.subject || c.expected.refusal));
const withIssuer = corpus.cases.filter((c) => c.input.options && c.expected.issuer && !c.expected.subject);
const withClaims = corpus.cases.filter((c) => c.input.claims);
const withCloudAudience = corpus.cases.filter((c) => c.input.settings?.cloud && c.expected.audience);

describe("Google Cloud conformance: gcpSubject", () => {
  it.each(withSubject.map((c) => [c.id, c] as const))("%s", (_id, testCase) => {
    const options = testCase.input.options as unknown as GcpSubjectOptions;
    expect(conformanceMismatches(testCase.expected, "subject", () => gcpSubject(options))).toEqual([]);
  });
});

describe("Google Cloud conformance: gcpIssuer", () => {
  it.each(withIssuer.map((c) => [c.id, c] as const))("%s", (_id, testCase) => {
    expect(conformanceMismatches(testCase.expected, "issuer", () => gcpIssuer())).toEqual([]);
  });
});

describe("Google Cloud conformance: an identity token, through the metadata server emulator and the provider", () => {
  it.each(withClaims.map((c) => [c.id, c] as const))("%s", async (_id, testCase) => {
    const claims = testCase.input.claims as { sub: string; email: string; iss: string };
    const metadata = await startGcpMetadataEmulator({
      serviceAccount: { email: claims.email, uniqueId: claims.sub },
    });
    try {
      const audience = testCase.expected.audience ?? DEFAULT_AUDIENCE;
      const token = await gcp({ metadataHost: metadata.host, env: {} }).getAssertion({ audience });
      const issued = decodeAssertion(token);
      expect(issued.sub).toBe(testCase.expected.subject);
      expect([issued.aud].flat()).toEqual([audience]);
      const fic = gcpFederatedCredential({ uniqueId: claims.sub });
      expect(fic.subject).toBe(testCase.expected.subject);
      // The emulator signs as its own local issuer; the FIC names Google's, as the case's iss does.
      expect(fic.issuer).toBe(testCase.expected.issuer ?? claims.iss);
      expect(fic.audiences).toEqual([audience]);
    } finally {
      await metadata.close();
    }
  });
});

describe("Google Cloud conformance: the audience asked for", () => {
  it.each(withCloudAudience.map((c) => [c.id, c] as const))("%s", (_id, testCase) => {
    const cloud = KNOWN_CLOUDS[testCase.input.settings?.cloud as keyof typeof KNOWN_CLOUDS];
    expect(exchangeAudienceFor(gcp(), cloud)).toBe(testCase.expected.audience);
  });
});

describe("Google Cloud conformance: every case runs", () => {
  it("has no case that no runner takes", () => {
    const run = new Set([...withSubject, ...withIssuer, ...withClaims, ...withCloudAudience]);
    expect(corpus.cases.filter((c) => !run.has(c)).map((c) => c.id)).toEqual([]);
  });
});
