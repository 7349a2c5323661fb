// Issue 18: one environment-variable token reader (terraform, gitlab, oidc-token): unset, oversize,
// not a JWT, another audience, expired ("cannot be refreshed: a CI variable is fixed for the job"),
// and the token never in a message or a cause.
import { captureAzureLogs, expectNoSecrets, exposedText, unsignedJwt } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { AssertionFetchError } from "../src/errors/assertion-fetch-error";
import { CredentialUnavailableError } from "../src/errors/credential-unavailable-error";
import type { TokenFacts } from "../src/provider/token-facts";
import { presentTokenVariable, readTokenVariable } from "../src/provider/token-variable";

const NOW = Date.parse("2026-12-07T12:00:00Z");
const AUDIENCE = "api://AzureADTokenExchange";
const facts: TokenFacts = {
  provider: "ci",
  token: "the job's OIDC token",
  writer: "the CI system",
  setting: "the tokenVariable option",
  whenMissing: "ask for a token in the job's configuration",
  whenExpired: "exchange it earlier in the job",
  whenOtherAudience: (audience) => `Ask for aud: ${audience} in the job's configuration.`,
};

function jwt(claims: Record<string, unknown> = {}): string {
  return unsignedJwt({ iss: "https://ci.test", sub: "job", aud: AUDIENCE, exp: NOW / 1000 + 600, ...claims });
}

function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error("nothing was thrown");
}

describe("readTokenVariable", () => {
  it("reads, trims and decodes the variable's token", () => {
    const token = jwt();
    const found = readTokenVariable("CI_TOKEN", { CI_TOKEN: `${token}\n` }, facts);
    expect(found).toMatchObject({ variable: "CI_TOKEN", token, claims: { sub: "job" } });
  });

  it("an unset or empty variable is CredentialUnavailableError saying who sets it", () => {
    for (const env of [{}, { CI_TOKEN: "" }]) {
      const error = thrown(() => readTokenVariable("CI_TOKEN", env, facts));
      expect(error).toBeInstanceOf(CredentialUnavailableError);
      expect(error.message).toBe(
        "ci: the variable CI_TOKEN is not set; the CI system sets it: ask for a token in the job's configuration",
      );
    }
  });

  it("refuses a value over 64 KiB and one that is not a JWT, never showing it", () => {
    const large = thrown(() => readTokenVariable("CI_TOKEN", { CI_TOKEN: "a".repeat(70_000) }, facts));
    expect(large).toBeInstanceOf(AssertionFetchError);
    expect(large.message).toContain("the variable CI_TOKEN holds 70000 bytes, far more than a token");
    const secret = "hunter2-in-a-variable";
    const garbage = thrown(() => readTokenVariable("CI_TOKEN", { CI_TOKEN: secret }, facts));
    expect(garbage.message).toContain("the variable CI_TOKEN does not hold a JWT");
    expectNoSecrets(exposedText(garbage), [secret]);
  });
});

describe("presentTokenVariable", () => {
  it("presents a token for the audience, before its exp", () => {
    const token = jwt();
    const found = readTokenVariable("CI_TOKEN", { CI_TOKEN: token }, facts);
    expect(
      presentTokenVariable(
        found,
        { nowMs: NOW, expected: { audience: AUDIENCE }, audience: "require" },
        facts,
      ),
    ).toBe(token);
  });

  it("refuses an expired token: a CI variable cannot be refreshed", () => {
    const token = jwt({ exp: NOW / 1000 - 30 });
    const found = readTokenVariable("CI_TOKEN", { CI_TOKEN: token }, facts);
    const error = thrown(() => presentTokenVariable(found, { nowMs: NOW }, facts));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error.message).toBe(
      "ci: the token in CI_TOKEN expired at 2026-12-07T11:59:30.000Z (30 s ago); it cannot be refreshed: a CI variable is fixed for the job (the CI system sets it once): exchange it earlier in the job",
    );
    expectNoSecrets(exposedText(error), [token]);
  });

  it("refuses a token for another audience when asked to require it, and only warns otherwise", () => {
    const token = jwt({ aud: "https://gitlab.example.com" });
    const found = readTokenVariable("CI_TOKEN", { CI_TOKEN: token }, facts);
    const error = thrown(() =>
      presentTokenVariable(
        found,
        { nowMs: NOW, expected: { audience: AUDIENCE }, audience: "require" },
        facts,
      ),
    );
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toContain(
      "has aud https://gitlab.example.com, but the exchange expects api://AzureADTokenExchange",
    );
    const logs = captureAzureLogs();
    try {
      expect(presentTokenVariable(found, { nowMs: NOW, expected: { audience: AUDIENCE } }, facts)).toBe(
        token,
      );
      expect(logs.text()).toContain(
        'is for audience "https://gitlab.example.com", not api://AzureADTokenExchange',
      );
      expectNoSecrets([logs.text(), exposedText(error)], [token]);
    } finally {
      logs.restore();
    }
  });

  it("accepts the cloud's other audience convention when the user chose none", () => {
    const token = jwt({ aud: "api://AzureADTokenExchangeUSGov" });
    const found = readTokenVariable("CI_TOKEN", { CI_TOKEN: token }, facts);
    const check = {
      nowMs: NOW,
      expected: { audience: AUDIENCE, alternateAudience: "api://AzureADTokenExchangeUSGov" },
      audience: "require" as const,
    };
    expect(presentTokenVariable(found, check, facts)).toBe(token);
  });
});
