import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FederatedTokenCredential, InvalidInputError, TokenRequestRouteError } from "@azfed/core";
import {
  type AksIdentityBindingProxy,
  type EntraEmulator,
  expectNoSecrets,
  exposedText,
  type KubernetesTokenFile,
  rejectionOf,
  startAksIdentityBindingProxy,
  startEntraEmulator,
  startKubernetesTokenFile,
} from "@azfed/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { kubernetes, kubernetesFederatedCredential } from "../src/index";

/** The audience AKS gives an identity-binding pod's token (the Azure SDK for JS troubleshooting guide quotes it). */
const IDENTITY_BINDING_AUDIENCE = "api://AKSIdentityBinding";

let entra: EntraEmulator;
let proxy: AksIdentityBindingProxy;
let tokenFile: KubernetesTokenFile;
let scopeNumber = 0;

function freshScope(): string {
  scopeNumber++;
  return `https://resource-${scopeNumber}.example.com/.default`;
}

/**
 * A credential as on an identity-binding pod: the public cloud's authority host (never reached: the
 * token request must go to the proxy on 127.0.0.1), the variables the webhook injects, no retries.
 */
function credentialWith(env: NodeJS.ProcessEnv, options: { identityBindingProxy?: boolean } = {}) {
  return new FederatedTokenCredential({
    assertion: kubernetes({ env, ...options }),
    tenantId: tokenFile.tenantId,
    clientId: tokenFile.clientId,
    authorityHost: "https://login.microsoftonline.com",
    retry: { maxRetries: 0 },
    timeoutMs: 5000,
  });
}

function podEnv(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...tokenFile.env(), ...proxy.env(), ...overrides };
}

beforeAll(async () => {
  entra = await startEntraEmulator();
  proxy = await startAksIdentityBindingProxy({ upstream: entra });
});
afterAll(async () => {
  await proxy.close();
  await entra.close();
});

beforeEach(async () => {
  entra.reset();
  tokenFile = await startKubernetesTokenFile({
    namespace: "payments",
    serviceAccount: "api",
    audience: IDENTITY_BINDING_AUDIENCE,
    authorityHost: entra.url,
    ca: entra.ca,
    autoRotate: false,
  });
  const fic = kubernetesFederatedCredential({
    issuer: tokenFile.issuer,
    namespace: tokenFile.namespace,
    serviceAccount: tokenFile.serviceAccount,
    audience: IDENTITY_BINDING_AUDIENCE,
  });
  entra.addApplication({
    clientId: tokenFile.clientId,
    tenantId: tokenFile.tenantId,
    federatedCredentials: [{ ...fic, audiences: [...fic.audiences] }],
  });
});
afterEach(() => tokenFile.close());

describe("AKS identity bindings: the token request goes to the proxy the webhook names", () => {
  it("sends the token request to AZURE_KUBERNETES_TOKEN_PROXY with its server name, trusting its CA file", async () => {
    const before = proxy.requests.length;
    const token = await credentialWith(podEnv()).getToken(freshScope());
    expect(token?.token).toBeTruthy();
    const [request] = proxy.requests.slice(before);
    expect(request).toEqual({
      method: "POST",
      // The request's query (MSAL's client-request-id) is kept, as the Azure SDKs keep it.
      path: expect.stringMatching(
        new RegExp(`^/${tokenFile.tenantId}/oauth2/v2\\.0/token\\?client-request-id=`),
      ),
      serverName: proxy.serverName,
      status: 200,
    });
    const exchanged = entra.requests.filter((entry) => entry.endpoint === "token");
    expect(exchanged).toHaveLength(1);
    expect(exchanged[0]?.assertionClaims?.sub).toBe(tokenFile.subject);
    expect(exchanged[0]?.assertionClaims?.aud).toEqual([IDENTITY_BINDING_AUDIENCE]);
  });

  it("trusts AZURE_KUBERNETES_CA_DATA as well as the CA file", async () => {
    const before = proxy.requests.length;
    const env = podEnv({
      AZURE_KUBERNETES_CA_FILE: undefined,
      AZURE_KUBERNETES_CA_DATA: proxy.ca.certificatePem,
    });
    expect(await credentialWith(env).getToken(freshScope())).toBeTruthy();
    expect(proxy.requests.slice(before).map((request) => request.status)).toEqual([200]);
  });

  it("reads AZURE_KUBERNETES_TOKEN_ENDPOINT, the earlier preview's name, when the proxy variable is unset", async () => {
    const before = proxy.requests.length;
    const env = podEnv({
      AZURE_KUBERNETES_TOKEN_PROXY: undefined,
      AZURE_KUBERNETES_TOKEN_ENDPOINT: proxy.url,
    });
    expect(await credentialWith(env).getToken(freshScope())).toBeTruthy();
    expect(proxy.requests.length).toBe(before + 1);
  });

  it("appends the request's path to a proxy URL that has a path", async () => {
    const prefixed = await startAksIdentityBindingProxy({ upstream: entra, pathPrefix: "/identity" });
    try {
      const env = { ...tokenFile.env(), ...prefixed.env() };
      expect(await credentialWith(env).getToken(freshScope())).toBeTruthy();
      expect(prefixed.requests.map((request) => request.path.split("?")[0])).toEqual([
        `/identity/${tokenFile.tenantId}/oauth2/v2.0/token`,
      ]);
    } finally {
      await prefixed.close();
    }
  });

  it("keeps the last good CA while the CA file is empty (mid-rotation), and reads a new CA at the next exchange", async () => {
    const caFile = join(tokenFile.directory, "ca.crt");
    await writeFile(caFile, proxy.ca.certificatePem);
    const credential = credentialWith(podEnv({ AZURE_KUBERNETES_CA_FILE: caFile }));
    expect(
      await credentialWith(podEnv({ AZURE_KUBERNETES_CA_FILE: caFile })).getToken(freshScope()),
    ).toBeTruthy();
    await writeFile(caFile, "");
    const first = await rejectionOf(credential.getToken(freshScope()));
    expect(first).toBeInstanceOf(InvalidInputError);
    expect(first.message).toContain("it is empty");

    await writeFile(caFile, proxy.ca.certificatePem);
    expect(await credential.getToken(freshScope())).toBeTruthy();
    await writeFile(caFile, "");
    expect(await credential.getToken(freshScope())).toBeTruthy();
    await writeFile(caFile, entra.ca.certificatePem);
    const rotatedAway = await rejectionOf(credential.getToken(freshScope()));
    expect(rotatedAway).toBeInstanceOf(TokenRequestRouteError);
  });

  it("asks Entra directly when identityBindingProxy is false (the Azure SDKs' default)", async () => {
    const before = proxy.requests.length;
    const credential = new FederatedTokenCredential({
      assertion: kubernetes({ env: podEnv(), identityBindingProxy: false }),
      authorityHost: entra.url,
      dispatcher: entra.dispatcher,
      tenantId: tokenFile.tenantId,
      clientId: tokenFile.clientId,
      retry: { maxRetries: 0 },
      audience: IDENTITY_BINDING_AUDIENCE,
    });
    expect(await credential.getToken(freshScope())).toBeTruthy();
    expect(proxy.requests.length).toBe(before);
  });
});

describe("AKS identity bindings: a wrong CA or server name gives an error that names it", () => {
  it("refuses a proxy whose certificate another CA signed, naming AZURE_KUBERNETES_CA_FILE", async () => {
    const wrongCa = join(tokenFile.directory, "wrong-ca.crt");
    await writeFile(wrongCa, entra.ca.certificatePem);
    const before = proxy.requests.length;
    const error = await rejectionOf(
      credentialWith(podEnv({ AZURE_KUBERNETES_CA_FILE: wrongCa })).getToken(freshScope()),
    );
    expect(error).toBeInstanceOf(TokenRequestRouteError);
    expect(error.message).toContain("not signed by the CA this route trusts");
    expect(error.message).toContain(`AZURE_KUBERNETES_CA_FILE ${wrongCa}`);
    expect(error.message).toContain(proxy.url);
    expect((error as TokenRequestRouteError).code).toMatch(/CERT|SIGNATURE/);
    expect(proxy.requests.length).toBe(before);
    expectNoSecrets(exposedText(error), [tokenFile.current.token]);
  });

  it("refuses a server name the proxy does not serve, naming AZURE_KUBERNETES_SNI_NAME", async () => {
    const before = proxy.requests.length;
    const error = await rejectionOf(
      credentialWith(podEnv({ AZURE_KUBERNETES_SNI_NAME: "other.aks.test" })).getToken(freshScope()),
    );
    expect(error).toBeInstanceOf(TokenRequestRouteError);
    expect(error.message).toContain("server name (SNI)");
    expect(error.message).toContain("AZURE_KUBERNETES_SNI_NAME other.aks.test");
    expect(proxy.refusedHandshakes).toContainEqual({ serverName: "other.aks.test" });
    expect(proxy.requests.length).toBe(before);
    expectNoSecrets(exposedText(error), [tokenFile.current.token]);
  });

  it("fails without AZURE_KUBERNETES_SNI_NAME: the proxy's certificate names its server name, not 127.0.0.1", async () => {
    const error = await rejectionOf(
      credentialWith(podEnv({ AZURE_KUBERNETES_SNI_NAME: undefined })).getToken(freshScope()),
    );
    expect(error).toBeInstanceOf(TokenRequestRouteError);
    expect(error.message).toContain("the AKS identity binding proxy (AZURE_KUBERNETES_TOKEN_PROXY, CA from");
  });
});

describe("AKS identity bindings: the variables are hostile input", () => {
  it.each([
    ["http://127.0.0.1:8443", "the scheme is http, not https"],
    ["https://127.0.0.1:8443/?next=evil", "it has a query"],
    ["https://127.0.0.1:8443/#x", "it has a fragment"],
    ["not a url", "it is not a URL"],
    [`https://${"a".repeat(3000)}.test`, "it has 3013 characters"],
  ])("refuses AZURE_KUBERNETES_TOKEN_PROXY=%j", async (value, problem) => {
    const error = await rejectionOf(
      credentialWith(podEnv({ AZURE_KUBERNETES_TOKEN_PROXY: value })).getToken(freshScope()),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe("AZURE_KUBERNETES_TOKEN_PROXY");
    expect(error.message).toContain(problem);
  });

  it("never shows the user info of a proxy URL", async () => {
    const error = await rejectionOf(
      credentialWith(
        podEnv({ AZURE_KUBERNETES_TOKEN_PROXY: "https://admin:hunter2secret@127.0.0.1" }),
      ).getToken(freshScope()),
    );
    expect(error.message).toContain("it has user info");
    expectNoSecrets(exposedText(error), ["hunter2secret"]);
  });

  it("refuses a server name or CA without a proxy URL, as the Azure SDKs do", async () => {
    const error = await rejectionOf(
      credentialWith(podEnv({ AZURE_KUBERNETES_TOKEN_PROXY: undefined })).getToken(freshScope()),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toContain("AZURE_KUBERNETES_SNI_NAME and AZURE_KUBERNETES_CA_FILE are set");
  });

  it("refuses both AZURE_KUBERNETES_CA_FILE and AZURE_KUBERNETES_CA_DATA", async () => {
    const error = await rejectionOf(
      credentialWith(podEnv({ AZURE_KUBERNETES_CA_DATA: proxy.ca.certificatePem })).getToken(freshScope()),
    );
    expect((error as InvalidInputError).field).toBe("AZURE_KUBERNETES_CA_FILE and AZURE_KUBERNETES_CA_DATA");
    expect(error.message).toContain("give it an empty value in the container spec");
  });

  it("refuses a server name that is not a DNS name", async () => {
    for (const name of ["10.0.0.1", "bad_name.test", `${"a".repeat(64)}.test`]) {
      const error = await rejectionOf(
        credentialWith(podEnv({ AZURE_KUBERNETES_SNI_NAME: name })).getToken(freshScope()),
      );
      expect((error as InvalidInputError).field, name).toBe("AZURE_KUBERNETES_SNI_NAME");
    }
  });

  it("bounds the CA file and requires PEM certificates in it", async () => {
    const cases: [content: string, problem: string][] = [
      ["x".repeat(600 * 1024), "it holds more than 524288 bytes"],
      ["not a certificate", "none found"],
      ["-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "one of them does not parse"],
      ["", "it is empty"],
    ];
    for (const [content, problem] of cases) {
      const caFile = join(tokenFile.directory, "ca.crt");
      await writeFile(caFile, content);
      const error = await rejectionOf(
        credentialWith(podEnv({ AZURE_KUBERNETES_CA_FILE: caFile })).getToken(freshScope()),
      );
      expect(error, problem).toBeInstanceOf(InvalidInputError);
      expect(error.message, problem).toContain(problem);
    }
    const missing = await rejectionOf(
      credentialWith(podEnv({ AZURE_KUBERNETES_CA_FILE: join(tokenFile.directory, "absent.crt") })).getToken(
        freshScope(),
      ),
    );
    expect(missing.message).toContain("it cannot be read (ENOENT)");
  });
});
