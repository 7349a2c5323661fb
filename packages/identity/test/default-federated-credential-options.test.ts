import { randomUUID } from "node:crypto";
import { type AssertionProvider, CredentialUnavailableError, FederatedTokenCredential } from "@azfed/core";
import { githubFederatedCredential } from "@azfed/github";
import { captureAzureLogs, expectNoSecrets, exposedText } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { DefaultFederatedCredential } from "../src/index";
import {
  AUDIENCE,
  ca,
  connection,
  countingDispatcher,
  devops,
  entra,
  github,
  githubAssertion,
  githubClientId,
  githubJobEnv,
  SCOPE,
  tenantId,
  tokenFile,
  toRecord,
  useDefaultCredentialPlatforms,
} from "./default-credential-platforms";

useDefaultCredentialPlatforms();

describe("DefaultFederatedCredential: identity and options", () => {
  it("takes tenant and client id from Azure Pipelines' AZURESUBSCRIPTION_* variables", async () => {
    const env = devops.env({ serviceConnectionId: connection.id });
    expect(env.AZURE_CLIENT_ID).toBeUndefined();
    const credential = new DefaultFederatedCredential({
      env,
      authorityHost: entra.url,
      dispatcher: ca.dispatcher,
    });

    const claims = await entra.verifyAccessToken((await credential.getToken(SCOPE)).token);

    expect(claims.appid).toBe(connection.clientId);
    expect(claims.tid).toBe(tenantId);
    expect(await credential.selection()).toMatchObject({ tenantId, clientId: connection.clientId });
  });

  it("prefers the options, then AZURE_TENANT_ID / AZURE_CLIENT_ID, over what the platform names", async () => {
    const env = { ...devops.env({ serviceConnectionId: connection.id }), AZURE_CLIENT_ID: "from-env-client" };
    expect((await new DefaultFederatedCredential({ env }).selection()).clientId).toBe("from-env-client");
    expect(
      (await new DefaultFederatedCredential({ env, clientId: "from-option-client" }).selection()).clientId,
    ).toBe("from-option-client");
  });

  it("says which ids are missing when the platform names none", async () => {
    const credential = new DefaultFederatedCredential({ env: github.env() });
    const error = await credential.getToken(SCOPE).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect((error as Error).message).toContain(
      "github-actions is available, but no tenant id and client id is set",
    );
    expect((error as Error).message).toContain("AZURE_TENANT_ID");
  });

  it("reads AZURE_AUTHORITY_HOST from env, with the trailing slash the Kubernetes webhook writes", async () => {
    const clientId = randomUUID();
    entra.addApplication({
      clientId,
      tenantId,
      federatedCredentials: [
        { name: "pod", issuer: tokenFile.issuer, subject: tokenFile.subject, audiences: [AUDIENCE] },
      ],
    });
    const env = { ...tokenFile.env(), AZURE_CLIENT_ID: clientId, AZURE_AUTHORITY_HOST: `${entra.url}/` };
    const token = await new DefaultFederatedCredential({ env, dispatcher: ca.dispatcher }).getToken(SCOPE);
    expect((await entra.verifyAccessToken(token.token)).appid).toBe(clientId);
  });

  it("passes the dispatcher on to the provider and to the token exchange", async () => {
    const origins: string[] = [];
    const dispatcher = countingDispatcher(ca.dispatcher, origins);
    const credential = new DefaultFederatedCredential({
      env: githubJobEnv(),
      authorityHost: entra.url,
      dispatcher,
    });

    await credential.getToken(SCOPE);

    expect(origins).toContain(github.url);
    expect(origins).toContain(entra.url);
  });

  it("passes retry settings on to the provider", async () => {
    github.failNext(2, "server-error");
    const credential = new DefaultFederatedCredential({
      env: githubJobEnv(),
      authorityHost: entra.url,
      dispatcher: ca.dispatcher,
      retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 20 },
    });
    await credential.getToken(SCOPE);
    expect(github.requests.map((request) => request.status)).toEqual([500, 500, 200]);
  });

  it("refuses malformed options at construction, naming them", () => {
    const attempt = (options: ConstructorParameters<typeof DefaultFederatedCredential>[0]) => {
      try {
        new DefaultFederatedCredential(options);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(attempt({ authorityHost: "http://login.example.com" })).toMatchObject({
      name: "InvalidInputError",
      field: "authorityHost",
    });
    expect(attempt({ tenantId: "contoso tenant" })).toMatchObject({
      name: "InvalidInputError",
      field: "tenantId",
    });
    expect(attempt({ retry: { maxRetries: -1 } })).toMatchObject({ field: "retry.maxRetries" });
    expect(attempt({ detectTimeoutMs: 0 })).toMatchObject({ field: "detectTimeoutMs" });
  });

  it("stops waiting for detection when the caller aborts, while a later call still succeeds", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: AssertionProvider = {
      name: "slow",
      detect: async () => {
        await gate;
        return { available: true, reason: "slow platform" };
      },
      getAssertion: (context) => githubAssertion(context.audience),
    };
    const credential = new DefaultFederatedCredential({
      env: githubJobEnv(),
      authorityHost: entra.url,
      dispatcher: ca.dispatcher,
      providers: [slow],
    });
    const controller = new AbortController();
    const aborted = credential.getToken(SCOPE, { abortSignal: controller.signal });
    controller.abort(new Error("caller gave up"));
    await expect(aborted).rejects.toThrow("caller gave up");

    const later = credential.getToken(SCOPE);
    release();
    expect((await entra.verifyAccessToken((await later).token)).appid).toBe(githubClientId);
  });

  it("is accepted where FederatedTokenCredential is, with the same token shape", async () => {
    const ours = new DefaultFederatedCredential({
      env: githubJobEnv(),
      authorityHost: entra.url,
      dispatcher: ca.dispatcher,
    });
    const theirs = new FederatedTokenCredential({
      tenantId,
      clientId: githubClientId,
      authorityHost: entra.url,
      dispatcher: ca.dispatcher,
      assertion: { name: "github", getAssertion: ({ audience }) => githubAssertion(audience) },
    });
    const [a, b] = await Promise.all([ours.getToken(SCOPE), theirs.getToken(SCOPE)]);
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect(a.tokenType).toBe("Bearer");
  });
});

describe("DefaultFederatedCredential: logs and secrets", () => {
  it("logs the provider it chose at info", async () => {
    const logs = captureAzureLogs({ level: "info" });
    try {
      await new DefaultFederatedCredential({
        env: githubJobEnv(),
        authorityHost: entra.url,
        dispatcher: ca.dispatcher,
      }).getToken(SCOPE);
    } finally {
      logs.restore();
    }
    const chosen = logs.lines.find((line) =>
      line.includes("DefaultFederatedCredential: using github-actions"),
    );
    expect(chosen).toBeDefined();
    expect(chosen).toContain(githubClientId);
  });

  it("never shows a token or the request token in logs or errors", async () => {
    const logs = captureAzureLogs();
    let accessToken = "";
    let error: unknown;
    try {
      accessToken = (
        await new DefaultFederatedCredential({
          env: githubJobEnv(),
          authorityHost: entra.url,
          dispatcher: ca.dispatcher,
        }).getToken(SCOPE)
      ).token;
      // A refusal: the app trusts another branch.
      const clientId = randomUUID();
      entra.addApplication({
        clientId,
        tenantId,
        federatedCredentials: [
          toRecord(
            githubFederatedCredential({
              repository: "contoso/app",
              branch: "release",
              issuer: github.issuer,
            }),
          ),
        ],
      });
      error = await new DefaultFederatedCredential({
        env: { ...githubJobEnv(), AZURE_CLIENT_ID: clientId },
        authorityHost: entra.url,
        dispatcher: ca.dispatcher,
      })
        .getToken(SCOPE)
        .catch((caught: unknown) => caught);
    } finally {
      logs.restore();
    }
    expect((error as Error).name).toBe("AuthenticationError");
    expect(github.issuedTokens.length).toBeGreaterThanOrEqual(2);
    expect(logs.lines.length).toBeGreaterThan(0);
    expectNoSecrets(
      [logs.text(), exposedText(error)],
      [github.requestToken, accessToken, ...github.issuedTokens, /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
    );
  });
});
