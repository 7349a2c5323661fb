import { randomUUID } from "node:crypto";
import { type AssertionProvider, CredentialUnavailableError, InvalidInputError } from "@azfed/core";
import { kubernetesFederatedCredential } from "@azfed/kubernetes";
import {
  type OidcIssuer,
  type SpireWorkloadApi,
  startAksIdentityBindingProxy,
  startOidcIssuer,
  startSpireWorkloadApi,
} from "@azfed/testing";
import { afterAll, describe, expect, it } from "vitest";
import { DefaultFederatedCredential } from "../src/index";
import {
  AUDIENCE,
  ca,
  devops,
  entra,
  github,
  githubClientId,
  githubJobEnv,
  gitlabJob,
  ids,
  metadata,
  noMetadataHost,
  SCOPE,
  tenantId,
  tokenFile,
  useDefaultCredentialPlatforms,
} from "./default-credential-platforms";
import { withLoopbackGcp } from "./support";

useDefaultCredentialPlatforms();
let spire: SpireWorkloadApi | undefined;
afterAll(async () => {
  await spire?.close();
});

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
