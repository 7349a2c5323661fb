import { randomUUID } from "node:crypto";
import { azurePipelinesFederatedCredential } from "@azfed/azure-pipelines";
import {
  type AssertionProvider,
  CredentialUnavailableError,
  FederatedTokenCredential,
  InvalidInputError,
} from "@azfed/core";
import type { HttpRequest } from "@azfed/core/provider";
import { githubActions, githubFederatedCredential } from "@azfed/github";
import { kubernetesFederatedCredential } from "@azfed/kubernetes";
import {
  type AzureDevOpsEmulator,
  captureAzureLogs,
  type EntraEmulator,
  expectNoSecrets,
  exposedText,
  type GcpMetadataEmulator,
  type GitHubActionsEmulator,
  type GitLabJob,
  type KubernetesTokenFile,
  type OidcIssuer,
  type PlatformEmulators,
  type SpireWorkloadApi,
  startAksIdentityBindingProxy,
  startOidcIssuer,
  startPlatformEmulators,
  startSpireWorkloadApi,
  type TestCertificateAuthority,
} from "@azfed/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DefaultFederatedCredential } from "../src/index";
import { closedLoopbackHost, withLoopbackGcp } from "./support";

const SCOPE = "https://storage.azure.com/.default";
const AUDIENCE = "api://AzureADTokenExchange";

let platforms: PlatformEmulators | undefined;
let ca: TestCertificateAuthority;
let entra: EntraEmulator;
let github: GitHubActionsEmulator;
let devops: AzureDevOpsEmulator;
let gitlabJob: GitLabJob;
let tokenFile: KubernetesTokenFile;
let metadata: GcpMetadataEmulator;
let noMetadataHost: string;
let spire: SpireWorkloadApi | undefined;
const tenantId = randomUUID();
const githubClientId = randomUUID();
const connection = {
  id: randomUUID(),
  name: "storage",
  issuer: "entra" as const,
  clientId: randomUUID(),
  tenantId,
};

beforeAll(async () => {
  [platforms, noMetadataHost] = await Promise.all([
    startPlatformEmulators({
      github: { job: { repository: "contoso/app", ref: "refs/heads/main" } },
      azureDevOps: { tenantId, serviceConnections: [connection] },
      gitlab: { projectPath: "contoso/app", branch: "main" },
      kubernetes: { tenantId },
    }),
    closedLoopbackHost(),
  ]);
  ({ ca, entra, github, gitlab: gitlabJob, kubernetes: tokenFile, gcp: metadata } = platforms);
  devops = platforms.azureDevOps;
  entra.addApplication({
    clientId: githubClientId,
    tenantId,
    federatedCredentials: [
      toRecord(
        githubFederatedCredential({ repository: "contoso/app", branch: "main", issuer: github.issuer }),
      ),
    ],
  });
  entra.addApplication({
    clientId: connection.clientId,
    tenantId,
    federatedCredentials: [
      toRecord(
        azurePipelinesFederatedCredential({
          format: "entra",
          tenantId,
          organizationId: devops.organizationId,
          serviceConnectionId: connection.id,
          issuer: devops.issuerOf(connection.id),
        }),
      ),
    ],
  });
});

afterAll(async () => {
  await spire?.close();
  await platforms?.close();
});

beforeEach(() => {
  entra.reset();
  github.reset();
});

/** Ids for tests that only look at which provider is chosen. */
const ids = { tenantId, clientId: githubClientId };

function toRecord(fic: ReturnType<typeof githubFederatedCredential>) {
  return { name: fic.name, issuer: fic.issuer, subject: fic.subject ?? "", audiences: [...fic.audiences] };
}

/** The GitHub job's variables plus the identity its workflow sets. */
function githubJobEnv(): NodeJS.ProcessEnv {
  return { ...github.env(), AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: githubClientId };
}

describe("DefaultFederatedCredential: the detected provider's token request route", () => {
  it("sends the token request to the AKS identity binding proxy the pod's variables name", async () => {
    const proxy = await startAksIdentityBindingProxy({ upstream: entra });
    try {
      const fic = kubernetesFederatedCredential({
        issuer: tokenFile.issuer,
        namespace: tokenFile.namespace,
        serviceAccount: tokenFile.serviceAccount,
      });
      entra.addApplication({
        clientId: tokenFile.clientId,
        tenantId,
        federatedCredentials: [{ ...fic, subject: fic.subject ?? "", audiences: [...fic.audiences] }],
      });
      // The public cloud's authority host, never reached: only the proxy on 127.0.0.1 answers.
      const env = {
        ...tokenFile.env(),
        ...proxy.env(),
        AZURE_AUTHORITY_HOST: "https://login.microsoftonline.com/",
      };
      const credential = new DefaultFederatedCredential({ env, retry: { maxRetries: 0 } });
      expect(await credential.getToken(SCOPE)).toMatchObject({ token: expect.any(String) });
      expect(proxy.requests.map((request) => [request.status, request.serverName])).toEqual([
        [200, proxy.serverName],
      ]);
    } finally {
      await proxy.close();
    }
  });
});

describe("DefaultFederatedCredential: detection", () => {
  it("never throws from the constructor when no platform is present", () => {
    expect(() => new DefaultFederatedCredential({ env: {} })).not.toThrow();
  });

  it("detects in the documented order: Azure Pipelines, GitHub Actions, GitLab CI, Buildkite, Kubernetes, SPIFFE, Google Cloud", async () => {
    spire ??= await startSpireWorkloadApi({ ca });
    const envs = {
      "azure-pipelines": devops.env(),
      "github-actions": github.env(),
      gitlab: gitlabJob.env,
      // Detection only reads a Buildkite job's variables (no request is made here).
      buildkite: {
        BUILDKITE: "true",
        BUILDKITE_AGENT_ACCESS_TOKEN: "0123456789abcdef0123456789abcdef",
        BUILDKITE_JOB_ID: "0184990a-477b-4fa8-9968-496074483cee",
        BUILDKITE_AGENT_ENDPOINT: `https://${noMetadataHost}/v3`,
      },
      kubernetes: tokenFile.env(),
      spiffe: spire.env(),
      gcp: metadata.env(),
    };
    const names = Object.keys(envs) as (keyof typeof envs)[];
    for (const [index, name] of names.entries()) {
      // This platform and every later one at once: the earliest must win.
      const env = Object.assign({}, ...names.slice(index).map((later) => envs[later]));
      const credential = new DefaultFederatedCredential({
        env,
        ...ids,
        providers: withLoopbackGcp(noMetadataHost),
      });
      const selection = await credential.selection();
      expect(selection.provider.name, `with ${names.slice(index).join(" + ")}`).toBe(name);
      expect(selection.chosenBy).toBe("detection");
      // Detection also asks HCP Terraform and the platforms Entra cannot match; none of them is here.
      const asked = selection.reports.map((report) => report.provider);
      expect(asked.filter((provider) => provider in envs)).toEqual(names.slice(0, index + 1));
    }
  });

  it("lists every provider and why it did not apply when nothing is detected", async () => {
    const credential = new DefaultFederatedCredential({
      env: {},
      providers: withLoopbackGcp(noMetadataHost),
    });
    const error = await credential.getToken(SCOPE).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect((error as Error).name).toBe("CredentialUnavailableError");
    const lines = (error as Error).message.split("\n");
    for (const name of ["azure-pipelines", "github-actions", "gitlab", "kubernetes", "spiffe", "gcp"]) {
      const line = lines.find((candidate) => candidate.trim().startsWith(`- ${name}: `));
      expect(line, name).toBeDefined();
      expect((line ?? "").length, `${name} gives a reason`).toBeGreaterThan(`  - ${name}: `.length + 10);
    }
    expect(lines.find((line) => line.includes("github-actions:"))).toMatch(/ACTIONS_ID_TOKEN_REQUEST_URL/);
    expect(lines.find((line) => line.includes("kubernetes:"))).toMatch(/AZURE_FEDERATED_TOKEN_FILE/);
    expect(lines.find((line) => line.includes("gcp:"))).toContain(noMetadataHost);
  });

  it("detects again after a failed detection, once the platform appears", async () => {
    const env: NodeJS.ProcessEnv = {};
    const credential = new DefaultFederatedCredential({
      env,
      authorityHost: entra.url,
      dispatcher: ca.dispatcher,
      providers: withLoopbackGcp(noMetadataHost),
    });
    await expect(credential.getToken(SCOPE)).rejects.toBeInstanceOf(CredentialUnavailableError);

    Object.assign(env, githubJobEnv());
    const token = await credential.getToken(SCOPE);
    expect((await entra.verifyAccessToken(token.token)).appid).toBe(githubClientId);
  });

  it("shares one detection and one exchange between concurrent first calls", async () => {
    let detections = 0;
    const credential = new DefaultFederatedCredential({
      env: githubJobEnv(),
      authorityHost: entra.url,
      dispatcher: ca.dispatcher,
      providers: (defaults) =>
        defaults.map((provider) => ({
          name: provider.name,
          getAssertion: (context) => provider.getAssertion(context),
          detect: (env: NodeJS.ProcessEnv) => {
            detections++;
            return provider.detect ? provider.detect(env) : { available: true as const };
          },
        })),
    });

    const tokens = await Promise.all(Array.from({ length: 50 }, () => credential.getToken(SCOPE)));

    expect(new Set(tokens.map((token) => token.token)).size).toBe(1);
    expect(detections).toBe(2); // azure-pipelines (absent), then github-actions: once each
    expect(github.requestCount).toBe(1);
    expect(entra.count("token")).toBe(1);
  });
});

describe("DefaultFederatedCredential: choosing a provider", () => {
  it("uses the provider AZFED_PROVIDER names, even when another platform comes first", async () => {
    const env = { ...devops.env(), ...metadata.env(), AZFED_PROVIDER: "gcp" };
    const selection = await new DefaultFederatedCredential({ env, ...ids }).selection();
    expect(selection.provider.name).toBe("gcp");
    expect(selection.chosenBy).toBe("AZFED_PROVIDER");
    expect(selection.reports.map((report) => report.provider)).toEqual(["gcp"]);
  });

  it("lets the provider option win over AZFED_PROVIDER", async () => {
    const env = { ...github.env(), ...gitlabJob.env, AZFED_PROVIDER: "github-actions" };
    const selection = await new DefaultFederatedCredential({ env, ...ids, provider: "gitlab" }).selection();
    expect(selection.provider.name).toBe("gitlab");
    expect(selection.chosenBy).toBe("provider");
  });

  it("refuses an unknown AZFED_PROVIDER with the valid names", async () => {
    const credential = new DefaultFederatedCredential({ env: { ...github.env(), AZFED_PROVIDER: "github" } });
    const error = await credential.getToken(SCOPE).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe("AZFED_PROVIDER");
    expect((error as Error).message).toContain('"github"');
    for (const name of ["azure-pipelines", "github-actions", "gitlab", "kubernetes", "gcp"]) {
      expect((error as Error).message).toContain(`"${name}"`);
    }
  });

  it("says why a named provider cannot be used here", async () => {
    const credential = new DefaultFederatedCredential({ env: { AZFED_PROVIDER: "kubernetes" } });
    const error = await credential.getToken(SCOPE).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect((error as Error).message).toMatch(
      /AZFED_PROVIDER selects "kubernetes".*AZURE_FEDERATED_TOKEN_FILE/s,
    );
  });

  it("takes a user's own provider exactly like the built-in ones, ahead of them", async () => {
    const issuer: OidcIssuer = await startOidcIssuer({ ca });
    try {
      const clientId = randomUUID();
      entra.addApplication({
        clientId,
        tenantId,
        federatedCredentials: [
          { name: "my-ci-build", issuer: issuer.issuer, subject: "build:42", audiences: [AUDIENCE] },
        ],
      });
      const myCi: AssertionProvider = {
        name: "my-ci",
        detect: (env) =>
          env.MY_CI
            ? { available: true, reason: "MY_CI is set" }
            : { available: false, reason: "MY_CI is not set" },
        getAssertion: ({ audience }) => issuer.mint({ sub: "build:42", aud: audience }),
      };
      const env = { ...github.env(), MY_CI: "1", AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: clientId };
      const credential = new DefaultFederatedCredential({
        env,
        authorityHost: entra.url,
        dispatcher: ca.dispatcher,
        providers: (defaults) => [myCi, ...defaults],
      });

      const token = await credential.getToken(SCOPE);

      expect((await credential.selection()).provider.name).toBe("my-ci");
      expect((await entra.verifyAccessToken(token.token)).appid).toBe(clientId);
      expect(github.requestCount).toBe(0);
    } finally {
      await issuer.close();
    }
  });

  it("replaces the built-in providers with a list", async () => {
    const only: AssertionProvider = {
      name: "only",
      detect: () => ({ available: false, reason: "ONLY_TOKEN is not set" }),
      getAssertion: async () => "",
    };
    const credential = new DefaultFederatedCredential({ env: github.env(), providers: [only] });
    const error = await credential.getToken(SCOPE).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect((error as Error).message).toContain("only: ONLY_TOKEN is not set");
    expect((error as Error).message).not.toContain("github-actions");
  });

  it("refuses a provider option naming no provider in the list, at construction", () => {
    expect(() => new DefaultFederatedCredential({ provider: "github" })).toThrow(InvalidInputError);
    expect(() => new DefaultFederatedCredential({ provider: "github" })).toThrow(
      /Invalid provider: got "github"/,
    );
    expect(() => new DefaultFederatedCredential({ provider: "github-actions", providers: [] })).toThrow(
      /providers list is empty/,
    );
  });
});

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

/** A token from the GitHub emulator, fetched by the GitHub provider itself. */
function githubAssertion(audience: string): Promise<string> {
  return githubActions({ env: github.env(), dispatcher: ca.dispatcher }).getAssertion({ audience });
}

/** A dispatcher that records the origin of every request, then hands it to `inner`. */
function countingDispatcher(
  inner: NonNullable<HttpRequest["dispatcher"]>,
  origins: string[],
): NonNullable<HttpRequest["dispatcher"]> {
  return new Proxy(inner, {
    get(target, property) {
      if (property === "dispatch") {
        return (options: { origin?: string | URL }, handler: unknown) => {
          origins.push(String(options.origin).replace(/\/$/, ""));
          return (target.dispatch as (o: unknown, h: unknown) => boolean).call(target, options, handler);
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
