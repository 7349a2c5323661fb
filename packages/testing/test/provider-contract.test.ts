import { describe, expect, it } from "vitest";
import { type ContractProvider, ProviderContractError, providerContract } from "../src/index";

const SECRET = "fake-request-token-0123456789";

type Flaw =
  | "misnamed"
  | "detect-throws"
  | "detect-without-reason"
  | "plain-error-off-platform"
  | "wrong-audience"
  | "ignores-abort"
  | "echoes-token";

/** A provider of a made-up platform (`FAKE_TOKEN_URL` and a secret `FAKE_TOKEN`), with one flaw or none. */
function fakeProvider(env: NodeJS.ProcessEnv, flaw?: Flaw): ContractProvider {
  const unavailable = (message: string) => {
    const error = new Error(message);
    if (flaw !== "plain-error-off-platform") error.name = "CredentialUnavailableError";
    return error;
  };
  return {
    name: flaw === "misnamed" ? "fake-platform" : "fake",
    detect() {
      if (flaw === "detect-throws" && env.FAKE_TOKEN === "") throw new TypeError("empty token");
      const available = Boolean(env.FAKE_TOKEN_URL && env.FAKE_TOKEN);
      if (flaw === "detect-without-reason") return { available };
      return { available, reason: available ? "FAKE_TOKEN_URL and FAKE_TOKEN are set" : "not a fake job" };
    },
    async getAssertion({ audience, signal }) {
      if (flaw !== "ignores-abort") signal?.throwIfAborted();
      if (!env.FAKE_TOKEN_URL || !env.FAKE_TOKEN) throw unavailable("fake: not a fake job");
      if (env.FAKE_TOKEN !== SECRET) {
        throw new Error(
          `fake: the token service refused the request token${flaw === "echoes-token" ? ` ${env.FAKE_TOKEN}` : ""}`,
        );
      }
      const claims = { aud: flaw === "wrong-audience" ? "api://other" : audience, sub: "fake" };
      return `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;
    },
  };
}

function contractOf(flaw?: Flaw) {
  return providerContract({
    name: "fake",
    create: (env) => fakeProvider(env, flaw),
    platformEnv: () => ({ FAKE_TOKEN_URL: "https://fake.example/token", FAKE_TOKEN: SECRET }),
    secretVariables: ["FAKE_TOKEN"],
  });
}

async function failureOf(flaw: Flaw, check: string): Promise<unknown> {
  const found = contractOf(flaw).find((candidate) => candidate.name.startsWith(check));
  if (found === undefined) throw new Error(`no check named ${check}`);
  return found.run().then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("providerContract", () => {
  it("passes a provider that keeps every rule", async () => {
    const checks = contractOf();
    expect(checks.map((check) => check.name)).toEqual([
      'is named "fake"',
      "detect gives a reason on the platform and off it, and never throws",
      "getAssertion on the platform gives a JWT for api://AzureADTokenExchange",
      "getAssertion off the platform rejects with a CredentialUnavailableError",
      "getAssertion honours an aborted signal",
      "no error nor detection reason shows a secret or a JWT",
    ]);
    for (const check of checks) await check.run();
  });

  it.each([
    ["misnamed", "is named", /named "fake-platform", not "fake"/],
    ["detect-throws", "detect", /detect threw with FAKE_TOKEN empty: TypeError/],
    ["detect-without-reason", "detect", /detect on the platform gave no reason/],
    ["wrong-audience", "getAssertion on the platform", /for audience "api:\/\/other"/],
    [
      "plain-error-off-platform",
      "getAssertion off the platform",
      /rejected with Error, not CredentialUnavailableError/,
    ],
    ["ignores-abort", "getAssertion honours", /did not reject/],
    ["echoes-token", "no error", /a secret shows: secrets\[\d\]/],
  ] as const)("fails a provider that is %s", async (flaw, check, message) => {
    const error = await failureOf(flaw, check);
    expect(error).toBeInstanceOf(ProviderContractError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(SECRET);
  });
});
