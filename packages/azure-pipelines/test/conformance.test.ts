import { randomUUID } from "node:crypto";
import { decodeAssertion, KNOWN_CLOUDS } from "@azfed/core";
import { exchangeAudienceFor } from "@azfed/core/provider";
import {
  type ConformanceCase,
  conformanceCorpus,
  conformanceMismatches,
  startAzureDevOpsEmulator,
} from "@azfed/testing";
import { describe, expect, it } from "vitest";
import {
  type AzurePipelinesSubjectOptions,
  azurePipelines,
  azurePipelinesEntraIssuer,
  azurePipelinesIssuer,
  azurePipelinesSubject,
} from "../src/index";

// The cited cases of packages/testing/conformance/azure-pipelines.json, run against the builders, the
// provider (through the emulator, fed with the case's organization, project and connection) and the audience.
const corpus = conformanceCorpus("azure-pipelines");
const named = (cases: readonly ConformanceCase[]) => cases.map((c) => [c.id, c] as const);
const legacySubjects = corpus.cases.filter((c) => c.input.options?.serviceConnection && c.expected.subject);

describe("Azure Pipelines conformance: the legacy subject", () => {
  it.each(named(legacySubjects))("%s", (_id, testCase) => {
    const options = testCase.input.options as unknown as AzurePipelinesSubjectOptions;
    expect(conformanceMismatches(testCase.expected, "subject", () => azurePipelinesSubject(options))).toEqual(
      [],
    );
  });
});

describe("Azure Pipelines conformance: the issuers", () => {
  const cases = corpus.cases.filter((c) => c.input.options && c.expected.issuer);
  it.each(named(cases))("%s", (_id, testCase) => {
    const options = testCase.input.options as { organizationId?: string; tenantId?: string };
    const build = () =>
      options.tenantId !== undefined
        ? azurePipelinesEntraIssuer({ tenantId: options.tenantId })
        : azurePipelinesIssuer({ organizationId: options.organizationId as string });
    expect(conformanceMismatches(testCase.expected, "issuer", build)).toEqual([]);
  });
});

describe("Azure Pipelines conformance: the provider, through the emulator", () => {
  it.each(named(legacySubjects))("%s", async (_id, testCase) => {
    const options = testCase.input.options as unknown as AzurePipelinesSubjectOptions;
    const connection = { id: randomUUID(), name: options.serviceConnection, issuer: "legacy" as const };
    const devops = await startAzureDevOpsEmulator({
      organization: options.organization,
      project: options.project,
      serviceConnections: [connection],
    });
    try {
      const provider = azurePipelines({
        env: devops.env({ serviceConnectionId: connection.id }),
        dispatcher: devops.dispatcher,
      });
      const claims = decodeAssertion(await provider.getAssertion({ audience: "api://AzureADTokenExchange" }));
      expect(claims.sub).toBe(testCase.expected.subject);
    } finally {
      await devops.close();
    }
  });
});

describe("Azure Pipelines conformance: the audience asked for", () => {
  it.each(named(corpus.cases.filter((c) => c.expected.audience)))("%s", (_id, testCase) => {
    const cloudName = (testCase.input.settings as { cloud?: keyof typeof KNOWN_CLOUDS } | undefined)?.cloud;
    expect(exchangeAudienceFor(azurePipelines(), cloudName ? KNOWN_CLOUDS[cloudName] : undefined)).toBe(
      testCase.expected.audience,
    );
  });
});
