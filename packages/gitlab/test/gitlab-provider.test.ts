import { AssertionFetchError, CredentialUnavailableError, InvalidInputError } from "@azfed/core";
import {
  captureAzureLogs,
  claimsOf,
  exposedText,
  type GitLabJob,
  type OidcIssuer,
  rejectionOf,
  startGitLabJob,
  startOidcIssuer,
} from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gitlab } from "../src/index";

const AUDIENCE = "api://AzureADTokenExchange";

describe("gitlab()", () => {
  let instance: OidcIssuer;
  let otherInstance: OidcIssuer;
  const jobs: GitLabJob[] = [];
  const startJob = async (options: Parameters<typeof startGitLabJob>[0] = {}) => {
    const job = await startGitLabJob({ instance, ...options });
    jobs.push(job);
    return job;
  };

  beforeAll(async () => {
    [instance, otherInstance] = await Promise.all([startOidcIssuer(), startOidcIssuer()]);
  });
  afterAll(async () => {
    await Promise.all([...jobs.map((job) => job.close()), instance.close(), otherInstance.close()]);
  });

  describe("detect", () => {
    it("is unavailable outside GitLab, saying so", () => {
      const detection = gitlab().detect?.({ GITHUB_ACTIONS: "true" });
      expect(detection).toEqual({
        available: false,
        reason: 'GITLAB_CI is not "true": this is not a GitLab CI job',
      });
    });

    it("explains the id_tokens YAML when the job has no ID token", async () => {
      const job = await startJob({ idTokens: {} });
      const detection = await gitlab().detect?.(job.env);
      expect(detection?.available).toBe(false);
      expect(detection && !detection.available && detection.reason).toMatch(
        /add `id_tokens: \{ AZURE_ID_TOKEN: \{ aud: api:\/\/AzureADTokenExchange \} \}` to the job in \.gitlab-ci\.yml/,
      );
    });

    it("is available when the job has an ID token from its instance, naming the variable", async () => {
      const job = await startJob({ idTokens: { MY_TOKEN: { aud: AUDIENCE } } });
      expect(await gitlab().detect?.(job.env)).toEqual({
        available: true,
        reason: "ID token variable(s) MY_TOKEN set",
      });
    });

    it("with tokenVariable, checks that variable", async () => {
      const job = await startJob();
      expect((await gitlab({ tokenVariable: "AZURE_ID_TOKEN" }).detect?.(job.env))?.available).toBe(true);
      const missing = await gitlab({ tokenVariable: "OTHER" }).detect?.(job.env);
      expect(missing).toEqual({
        available: false,
        reason:
          "OTHER is not set: add `id_tokens: { OTHER: { aud: api://AzureADTokenExchange } }` to the job in .gitlab-ci.yml",
      });
    });
  });

  describe("getAssertion", () => {
    it("finds the one ID token issued by the instance for the audience", async () => {
      const job = await startJob({
        idTokens: { VAULT_TOKEN: { aud: "https://vault.example.com" }, AZURE_TOKEN: { aud: AUDIENCE } },
      });
      const foreign = await otherInstance.mint({ aud: AUDIENCE, sub: "x" });
      const env = { ...job.env, SOME_OTHER_JWT: foreign, PLAIN: "not a token" };
      const token = await gitlab({ env }).getAssertion({ audience: AUDIENCE });
      expect(token).toBe(job.env.AZURE_TOKEN);
      expect(claimsOf(token)).toMatchObject({ sub: job.subject, aud: AUDIENCE, iss: job.instanceUrl });
    });

    it("accepts an audience list that includes the exchange audience", async () => {
      const job = await startJob({ idTokens: { AZURE_TOKEN: { aud: [AUDIENCE, "https://other"] } } });
      expect(await gitlab({ env: job.env }).getAssertion({ audience: AUDIENCE })).toBe(job.env.AZURE_TOKEN);
    });

    it("reads the environment at call time", async () => {
      const job = await startJob();
      const env: NodeJS.ProcessEnv = {};
      const provider = gitlab({ env });
      await expect(provider.getAssertion({ audience: AUDIENCE })).rejects.toThrow(CredentialUnavailableError);
      Object.assign(env, job.env);
      expect(await provider.getAssertion({ audience: AUDIENCE })).toBe(job.env.AZURE_ID_TOKEN);
    });

    it("uses the named variable with tokenVariable", async () => {
      const job = await startJob({ idTokens: { A: { aud: AUDIENCE }, B: { aud: AUDIENCE } } });
      expect(await gitlab({ env: job.env, tokenVariable: "B" }).getAssertion({ audience: AUDIENCE })).toBe(
        job.env.B,
      );
    });

    it("names the variables, never their values, when several tokens match", async () => {
      const job = await startJob({ idTokens: { FIRST: { aud: AUDIENCE }, SECOND: { aud: AUDIENCE } } });
      const error = await rejectionOf(gitlab({ env: job.env }).getAssertion({ audience: AUDIENCE }));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error.message).toMatch(/2 job variables hold an ID token .* \(FIRST, SECOND\)/);
      expect(error.message).toMatch(/tokenVariable: "FIRST"/);
      const shown = exposedText(error);
      expect(shown).not.toContain(job.env.FIRST);
      expect(shown).not.toContain(job.env.SECOND);
    });

    it("shows the id_tokens YAML when the job has no ID token", async () => {
      const job = await startJob({ idTokens: {} });
      const error = await rejectionOf(gitlab({ env: job.env }).getAssertion({ audience: AUDIENCE }));
      expect(error).toBeInstanceOf(CredentialUnavailableError);
      expect(error.name).toBe("CredentialUnavailableError");
      expect(error.message).toContain("id_tokens:\n  AZURE_ID_TOKEN:\n    aud: api://AzureADTokenExchange");
    });

    it("names a tokenVariable that is not set and shows its YAML", async () => {
      const job = await startJob();
      const error = await rejectionOf(
        gitlab({ env: job.env, tokenVariable: "AZURE_OIDC" }).getAssertion({ audience: AUDIENCE }),
      );
      expect(error).toBeInstanceOf(CredentialUnavailableError);
      expect(error.message).toContain("the variable AZURE_OIDC is not set");
      expect(error.message).toContain("id_tokens:\n  AZURE_OIDC:\n    aud: api://AzureADTokenExchange");
    });

    it("explains an audience mismatch, with the audiences found", async () => {
      const job = await startJob({ idTokens: { GITLAB_TOKEN: { aud: "https://gitlab.example.com" } } });
      const error = await rejectionOf(gitlab({ env: job.env }).getAssertion({ audience: AUDIENCE }));
      expect(error).toBeInstanceOf(CredentialUnavailableError);
      expect(error.message).toContain("found GITLAB_TOKEN (aud https://gitlab.example.com)");
      expect(error.message).toContain(`Set aud: ${AUDIENCE} under id_tokens:`);
      // The same token works when the credential asks for that audience (GitLab's docs' variant).
      expect(await gitlab({ env: job.env }).getAssertion({ audience: "https://gitlab.example.com" })).toBe(
        job.env.GITLAB_TOKEN,
      );
      const named = await rejectionOf(
        gitlab({ env: job.env, tokenVariable: "GITLAB_TOKEN" }).getAssertion({ audience: AUDIENCE }),
      );
      expect(named.message).toMatch(
        /GITLAB_TOKEN has aud https:\/\/gitlab\.example\.com, but the exchange expects/,
      );
    });

    it("never presents an expired token", async () => {
      const job = await startJob({ timeoutSeconds: 60 });
      const expired = await job.mintIdToken(AUDIENCE, { expired: true });
      const error = await rejectionOf(
        gitlab({ env: { ...job.env, AZURE_ID_TOKEN: expired } }).getAssertion({ audience: AUDIENCE }),
      );
      expect(error).toBeInstanceOf(AssertionFetchError);
      expect(error.message).toMatch(/the token in AZURE_ID_TOKEN expired at \d{4}-.*s ago\)/);
      expect(error.message).toContain("live for the job's timeout");
      expect(exposedText(error)).not.toContain(expired);
    });

    it("presents the ID token until the clock reaches its exp, then refuses it", async () => {
      const job = await startJob();
      const token = job.env.AZURE_ID_TOKEN as string;
      const expiresAtMs = Number(claimsOf(token).exp) * 1000;
      let now = expiresAtMs - 1;
      const provider = gitlab({ env: job.env, clock: () => now });
      expect(await provider.getAssertion({ audience: AUDIENCE })).toBe(token);
      now = expiresAtMs;
      const error = await rejectionOf(provider.getAssertion({ audience: AUDIENCE }));
      expect(error).toBeInstanceOf(AssertionFetchError);
      expect(error.message).toMatch(/the token in AZURE_ID_TOKEN expired at \d{4}-.* \(0 s ago\)/);
      expect(exposedText(error)).not.toContain(token);
    });

    it("refuses a clock that is not a function, naming the option", () => {
      const notAClock = "now" as unknown as () => number;
      expect(() => gitlab({ clock: notAClock })).toThrow(InvalidInputError);
      expect(() => gitlab({ clock: notAClock })).toThrow(
        /^Invalid clock: got "now"; expected a function returning the time in epoch milliseconds/,
      );
    });

    it("refuses a variable that does not hold a JWT", async () => {
      const job = await startJob();
      const error = await rejectionOf(
        gitlab({
          env: { ...job.env, AZURE_ID_TOKEN: "glpat-secret-value" },
          tokenVariable: "AZURE_ID_TOKEN",
        }).getAssertion({
          audience: AUDIENCE,
        }),
      );
      expect(error).toBeInstanceOf(AssertionFetchError);
      expect(error.message).toContain("does not hold a JWT");
      expect(exposedText(error)).not.toContain("glpat-secret-value");
    });

    it("accepts CI_JOB_JWT_V2 with a warning that GitLab 17.0 removed it", async () => {
      const job = await startJob({ idTokens: {}, legacyJobJwtV2: true });
      const logs = captureAzureLogs();
      try {
        const token = await gitlab({ env: job.env }).getAssertion({ audience: job.instanceUrl });
        expect(token).toBe(job.env.CI_JOB_JWT_V2);
      } finally {
        logs.restore();
      }
      expect(logs.text()).toMatch(/CI_JOB_JWT_V2, which GitLab 17\.0 removed/);
      expect(logs.text()).not.toContain(job.env.CI_JOB_JWT_V2);
    });

    it("fails outside GitLab with CredentialUnavailableError and the reason", async () => {
      const error = await rejectionOf(gitlab({ env: {} }).getAssertion({ audience: AUDIENCE }));
      expect(error).toBeInstanceOf(CredentialUnavailableError);
      expect(error.message).toContain('GITLAB_CI is not "true"');
    });

    it("honours an aborted signal", async () => {
      const job = await startJob();
      const controller = new AbortController();
      controller.abort(new Error("stop"));
      await expect(
        gitlab({ env: job.env }).getAssertion({ audience: AUDIENCE, signal: controller.signal }),
      ).rejects.toThrow("stop");
    });

    it("refuses a malformed tokenVariable at once", () => {
      expect(() => gitlab({ tokenVariable: "$AZURE_ID_TOKEN" })).toThrow(/Invalid tokenVariable/);
    });
  });

  it("never writes a token to a log line, even at verbose level", async () => {
    const job = await startJob({ idTokens: { A: { aud: AUDIENCE }, B: { aud: "https://other" } } });
    const logs = captureAzureLogs();
    try {
      await gitlab({ env: job.env }).getAssertion({ audience: AUDIENCE });
      await gitlab({ env: job.env, tokenVariable: "B" })
        .getAssertion({ audience: AUDIENCE })
        .catch(() => undefined);
    } finally {
      logs.restore();
    }
    const text = logs.text();
    expect(text).toContain("using the ID token in A");
    expect(text).not.toContain(job.env.A);
    expect(text).not.toContain(job.env.B);
  });
});
