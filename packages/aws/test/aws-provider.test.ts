import { AssertionFetchError, CredentialUnavailableError, InvalidInputError } from "@azfed/core";
import { claimsOf } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { aws } from "../src/index";
import { useSts } from "./sts-fixture";

const AUDIENCE = "api://AzureADTokenExchange";
const { sts, provider } = useSts();

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("aws(): GetWebIdentityToken against the STS emulator", () => {
  it("asks STS for an RS256 token for the audience, 300 s, signed for the region, and returns it", async () => {
    const token = await provider().getAssertion({ audience: AUDIENCE });
    const claims = claimsOf(token);
    expect(claims).toMatchObject({ iss: sts().issuer, sub: sts().roleArn, aud: AUDIENCE });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(300);
    expect(sts().requests).toEqual([
      expect.objectContaining({
        action: "GetWebIdentityToken",
        audiences: [AUDIENCE],
        signingAlgorithm: "RS256",
        durationSeconds: 300,
        region: "eu-west-2",
        service: "sts",
        status: 200,
      }),
    ]);
  });

  it("asks for a fresh token at every call, with the duration asked for", async () => {
    const assertion = provider({ durationSeconds: 900 });
    const first = await assertion.getAssertion({ audience: AUDIENCE });
    const second = await assertion.getAssertion({ audience: AUDIENCE });
    expect(first).not.toBe(second);
    expect(sts().count()).toBe(2);
    expect(sts().requests.map((request) => request.durationSeconds)).toEqual([900, 900]);
  });

  it("retries throttling as the AWS SDK does", async () => {
    sts().failNext(1, "throttled");
    await provider().getAssertion({ audience: AUDIENCE });
    expect(sts().requests.map((request) => request.status)).toEqual([400, 200]);
  });

  it.each([
    ["federation-disabled", "aws iam enable-outbound-web-identity-federation", 403],
    ["access-denied", '"sts:IdentityTokenAudience": "api://AzureADTokenExchange"', 403],
    ["expired-credentials", "the AWS credentials the SDK found have expired", 403],
    ["session-duration-escalation", "lower durationSeconds", 403],
    ["region-disabled", "STS is not activated in eu-west-2", 403],
  ] as const)("%s: an AssertionFetchError saying what to fix", async (refusal, fix, status) => {
    sts().failNext(1, refusal);
    const error = await failure(provider().getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error.message).toContain(fix);
    expect((error as AssertionFetchError).statusCode).toBe(status);
    expect(error.cause).toBeUndefined();
    expect(error.message).not.toContain("AWS4-HMAC-SHA256");
    expect(sts().count()).toBe(1);
  });

  it("refuses the global endpoint and the aws-global region before any request", async () => {
    for (const env of [
      { ...sts().env(), AWS_ENDPOINT_URL_STS: "https://sts.amazonaws.com" },
      { ...sts().env(), AWS_REGION: "aws-global" },
    ]) {
      const error = await failure(provider({ env }).getAssertion({ audience: AUDIENCE }));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error.message).toContain("global endpoint");
      expect(provider({ env }).detect()).toMatchObject({ available: false });
    }
    expect(() => aws({ endpoint: "https://sts.amazonaws.com/" })).toThrow(InvalidInputError);
    expect(() => aws({ region: "aws-global" })).toThrow(/global endpoint/);
    expect(sts().count()).toBe(0);
  });

  it("without a region anywhere: a CredentialUnavailableError saying to set AWS_REGION", async () => {
    const { AWS_REGION: _region, ...env } = sts().env();
    const saved = process.env.AWS_REGION;
    delete process.env.AWS_REGION;
    try {
      const error = await failure(provider({ env }).getAssertion({ audience: AUDIENCE }));
      expect(error).toBeInstanceOf(CredentialUnavailableError);
      expect(error.message).toContain("Set AWS_REGION");
    } finally {
      process.env.AWS_REGION = saved;
    }
    expect(sts().count()).toBe(0);
  });

  it("reads AWS_DEFAULT_REGION when AWS_REGION is not set", async () => {
    const { AWS_REGION: _region, ...env } = sts().env();
    await provider({ env: { ...env, AWS_DEFAULT_REGION: "eu-west-2" } }).getAssertion({ audience: AUDIENCE });
    expect(sts().requests[0]?.region).toBe("eu-west-2");
  });

  it("ends a request STS does not answer at timeoutMs", async () => {
    sts().failNext(3, { hostile: "slow-drip", status: 200, body: "<".repeat(100), intervalMs: 1000 });
    const started = Date.now();
    const error = await failure(provider({ timeoutMs: 500 }).getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error.message).toContain("did not answer GetWebIdentityToken within 500 ms");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("gives the caller's abort back as is", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    const error = await failure(provider().getAssertion({ audience: AUDIENCE, signal: controller.signal }));
    expect(error).not.toBeInstanceOf(AssertionFetchError);
  });

  it("trusts the CA bundle AWS_CA_BUNDLE names, and names the variable when the file is no bundle", async () => {
    const token = await aws({ env: sts().env() }).getAssertion({ audience: AUDIENCE });
    expect(claimsOf(token).sub).toBe(sts().roleArn);
    const error = await failure(
      aws({ env: { ...sts().env(), AWS_CA_BUNDLE: "/nonexistent/ca.pem" } }).getAssertion({
        audience: AUDIENCE,
      }),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toContain("AWS_CA_BUNDLE");
    expect(sts().count()).toBe(1);
  });

  it("checks its options at once", () => {
    expect(() => aws({ durationSeconds: 59 })).toThrow(/durationSeconds/);
    expect(() => aws({ durationSeconds: 3601 })).toThrow(/60 to 3600/);
    expect(() => aws({ timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => aws({ region: "Europe" })).toThrow(/AWS region/);
    expect(() => aws({ endpoint: "http://sts.eu-west-2.amazonaws.com" })).toThrow(/https:\/\//);
  });

  it("detect says where the region comes from, without the network", () => {
    expect(provider().detect()).toEqual({
      available: true,
      reason: expect.stringContaining("region eu-west-2 from AWS_REGION"),
    });
    expect(aws({ env: {} }).detect()).toMatchObject({ available: true });
    expect(aws({ env: { AWS_REGION: "aws-global" } }).detect().available).toBe(false);
    expect(sts().count()).toBe(0);
  });
});
