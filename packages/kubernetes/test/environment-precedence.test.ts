import { CredentialUnavailableError } from "@azfed/core";
import { claimsOf, type KubernetesTokenFile, rejectionOf, startKubernetesTokenFile } from "@azfed/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { kubernetes } from "../src/index";

const AUDIENCE = "api://AzureADTokenExchange";

let tokenFile: KubernetesTokenFile;
let pod: Record<string, string>;

beforeAll(async () => {
  tokenFile = await startKubernetesTokenFile({
    namespace: "payments",
    serviceAccount: "api",
    autoRotate: false,
  });
  pod = { ...tokenFile.env() };
});
afterAll(() => tokenFile.close());

/** process.env without any of the pod's variables (CI may itself run in a pod). */
beforeEach(() => {
  for (const name of [...Object.keys(pod), "KUBERNETES_SERVICE_HOST"]) vi.stubEnv(name, undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function setProcessEnv(env: Record<string, string>): void {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
}

describe("kubernetes() reads options.env, else the env detect is passed, else process.env at call time", () => {
  it("detect: options.env wins over the env detect is passed", () => {
    expect(kubernetes({ env: pod }).detect({})).toMatchObject({ available: true });
    expect(kubernetes({ env: {} }).detect(pod)).toMatchObject({ available: false });
  });

  it("detect: the env it is passed wins over process.env", () => {
    setProcessEnv(pod);
    expect(kubernetes().detect({})).toMatchObject({ available: false });
  });

  it("detect: with neither, process.env as it is at the call", () => {
    const provider = kubernetes();
    expect(provider.detect()).toMatchObject({ available: false });
    setProcessEnv(pod);
    expect(provider.detect()).toMatchObject({ available: true, clientId: tokenFile.clientId });
  });

  it("getAssertion: options.env wins over process.env", async () => {
    setProcessEnv(pod);
    const error = await rejectionOf(kubernetes({ env: {} }).getAssertion({ audience: AUDIENCE }));
    expect(error).toBeInstanceOf(CredentialUnavailableError);
  });

  it("getAssertion: without options.env, process.env as it is at the call", async () => {
    const provider = kubernetes();
    expect(await rejectionOf(provider.getAssertion({ audience: AUDIENCE }))).toBeInstanceOf(
      CredentialUnavailableError,
    );
    setProcessEnv(pod);
    const token = await provider.getAssertion({ audience: AUDIENCE });
    expect(claimsOf(token).sub).toBe("system:serviceaccount:payments:api");
  });
});
