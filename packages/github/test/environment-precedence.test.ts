import { type AssertionProvider, CredentialUnavailableError, type Detection } from "@azfed/core";
import {
  claimsOf,
  type GitHubActionsEmulator,
  rejectionOf,
  startGitHubActionsEmulator,
} from "@azfed/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { githubActions } from "../src/index";

const AUDIENCE = "api://AzureADTokenExchange";

let github: GitHubActionsEmulator;
let job: Record<string, string>;

beforeAll(async () => {
  github = await startGitHubActionsEmulator({
    job: { repository: "contoso/webapp", ref: "refs/heads/main" },
  });
  job = github.env();
});
afterAll(() => github.close());

/** process.env without any of the job's variables (CI may itself run on GitHub Actions). */
beforeEach(() => {
  for (const name of Object.keys(job)) vi.stubEnv(name, undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function setProcessEnv(env: Record<string, string>): void {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
}

/** `detect()` as a JavaScript caller may call it: with no environment at all. */
function detectWithoutEnv(provider: AssertionProvider): Detection {
  return (provider.detect as (env?: NodeJS.ProcessEnv) => Detection)();
}

describe("githubActions() reads options.env, else the env detect is passed, else process.env at call time", () => {
  it("detect: options.env wins over the env detect is passed", () => {
    expect(githubActions({ env: job }).detect?.({})).toMatchObject({ available: true });
    expect(githubActions({ env: {} }).detect?.(job)).toMatchObject({ available: false });
  });

  it("detect: the env it is passed wins over process.env", () => {
    setProcessEnv(job);
    expect(githubActions().detect?.({})).toMatchObject({ available: false });
  });

  it("detect: with neither, process.env as it is at the call", () => {
    const provider = githubActions();
    expect(detectWithoutEnv(provider)).toMatchObject({ available: false });
    setProcessEnv(job);
    expect(detectWithoutEnv(provider)).toMatchObject({ available: true });
  });

  it("getAssertion: options.env wins over process.env", async () => {
    setProcessEnv(job);
    const error = await rejectionOf(
      githubActions({ env: {}, dispatcher: github.dispatcher }).getAssertion({ audience: AUDIENCE }),
    );
    expect(error).toBeInstanceOf(CredentialUnavailableError);
  });

  it("getAssertion: without options.env, process.env as it is at the call", async () => {
    const provider = githubActions({ dispatcher: github.dispatcher });
    expect(await rejectionOf(provider.getAssertion({ audience: AUDIENCE }))).toBeInstanceOf(
      CredentialUnavailableError,
    );
    setProcessEnv(job);
    const token = await provider.getAssertion({ audience: AUDIENCE });
    expect(claimsOf(token).sub).toBe("repo:contoso/webapp:ref:refs/heads/main");
  });
});
