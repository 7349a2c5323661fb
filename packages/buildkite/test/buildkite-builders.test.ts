import { InvalidInputError, validateFederatedIdentityCredential } from "@azfed/core";
import { describe, expect, it } from "vitest";
import {
  BUILDKITE_ISSUER,
  buildkiteFederatedCredential,
  buildkiteIssuer,
  buildkiteSubject,
  buildkiteSubjectFromEnvironment,
} from "../src/index";

const PIPELINE_ID = "d18439cc-df59-45b0-97cc-98d7fb69d983";

describe("Buildkite builders", () => {
  it("the subject is the pipeline's UUID; the credential names Buildkite's issuer and validates clean", () => {
    expect(buildkiteSubject({ pipelineId: PIPELINE_ID })).toBe(PIPELINE_ID);
    expect(buildkiteIssuer()).toBe("https://agent.buildkite.com");
    const fic = buildkiteFederatedCredential({ pipelineId: PIPELINE_ID });
    expect(fic).toEqual({
      name: `buildkite-${PIPELINE_ID}`,
      issuer: BUILDKITE_ISSUER,
      subject: PIPELINE_ID,
      audiences: ["api://AzureADTokenExchange"],
      description: `Buildkite pipeline ${PIPELINE_ID}`,
    });
    const result = validateFederatedIdentityCredential(fic);
    expect([...result.errors, ...result.warnings]).toEqual([]);
  });

  it.each([
    ["super-duper-app", "not its slug"],
    [PIPELINE_ID.toUpperCase(), `pass ${PIPELINE_ID}`],
    [` ${PIPELINE_ID}`, "pipelineId"],
    ["organization:acme:pipeline:app:ref:refs/heads/main:commit:abc:step:", "not its slug"],
  ])("refuses the pipeline id %j", (pipelineId, words) => {
    expect(() => buildkiteSubject({ pipelineId })).toThrow(InvalidInputError);
    expect(() => buildkiteSubject({ pipelineId })).toThrow(words);
  });

  it("reads BUILDKITE_PIPELINE_ID, naming the variable when it is missing or wrong", () => {
    expect(buildkiteSubjectFromEnvironment({ BUILDKITE_PIPELINE_ID: PIPELINE_ID })).toBe(PIPELINE_ID);
    expect(() => buildkiteSubjectFromEnvironment({})).toThrow(/Invalid BUILDKITE_PIPELINE_ID/);
    expect(() => buildkiteSubjectFromEnvironment({ BUILDKITE_PIPELINE_ID: "app" })).toThrow(
      /Invalid BUILDKITE_PIPELINE_ID/,
    );
  });

  it("keeps the user's audience, name and description, and refuses an http issuer", () => {
    const fic = buildkiteFederatedCredential({
      pipelineId: PIPELINE_ID,
      audience: "api://AzureADTokenExchangeUSGov",
      name: "deploy-pipeline",
      description: "Deploys webapp",
    });
    expect(fic).toMatchObject({
      name: "deploy-pipeline",
      audiences: ["api://AzureADTokenExchangeUSGov"],
      description: "Deploys webapp",
    });
    expect(() =>
      buildkiteFederatedCredential({ pipelineId: PIPELINE_ID, issuer: "http://agent.buildkite.com" }),
    ).toThrow(InvalidInputError);
  });
});
