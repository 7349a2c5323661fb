import { type AssertionProvider, CredentialUnavailableError, type Detection } from "@azfed/core";
import { claimsOf, type GitLabJob, rejectionOf, startGitLabJob } from "@azfed/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { gitlab } from "../src/index";

const AUDIENCE = "api://AzureADTokenExchange";

let job: GitLabJob;

beforeAll(async () => {
  job = await startGitLabJob({ projectPath: "contoso/web" });
});
afterAll(() => job.close());

/** process.env without any of the job's variables (CI may itself run on GitLab). */
beforeEach(() => {
  for (const name of Object.keys(job.env)) vi.stubEnv(name, undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function setProcessEnv(env: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
}

/** `detect()` as a JavaScript caller may call it: with no environment at all. */
function detectWithoutEnv(provider: AssertionProvider): Detection {
  return (provider.detect as (env?: NodeJS.ProcessEnv) => Detection)();
}

describe("gitlab() reads options.env, else the env detect is passed, else process.env at call time", () => {
  it("detect: options.env wins over the env detect is passed", async () => {
    expect(await gitlab({ env: job.env }).detect?.({})).toMatchObject({ available: true });
    expect(await gitlab({ env: {} }).detect?.(job.env)).toMatchObject({ available: false });
  });

  it("detect: the env it is passed wins over process.env", async () => {
    setProcessEnv(job.env);
    expect(await gitlab().detect?.({})).toMatchObject({ available: false });
  });

  it("detect: with neither, process.env as it is at the call", () => {
    const provider = gitlab();
    expect(detectWithoutEnv(provider)).toMatchObject({ available: false });
    setProcessEnv(job.env);
    expect(detectWithoutEnv(provider)).toMatchObject({ available: true });
  });

  it("getAssertion: options.env wins over process.env", async () => {
    setProcessEnv(job.env);
    const error = await rejectionOf(gitlab({ env: {} }).getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(CredentialUnavailableError);
  });

  it("getAssertion: without options.env, process.env as it is at the call", async () => {
    const provider = gitlab();
    expect(await rejectionOf(provider.getAssertion({ audience: AUDIENCE }))).toBeInstanceOf(
      CredentialUnavailableError,
    );
    setProcessEnv(job.env);
    const token = await provider.getAssertion({ audience: AUDIENCE });
    expect(claimsOf(token).sub).toBe(job.subject);
  });
});
