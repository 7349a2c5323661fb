import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CredentialUnavailableError } from "@azfed/core";
import {
  captureAzureLogs,
  exposedText,
  type KubernetesTokenFile,
  startKubernetesTokenFile,
} from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubernetesSubject, kubernetesSubjectFromEnvironment } from "../src/index";

let tokenFile: KubernetesTokenFile;
let scratch: string;

beforeAll(async () => {
  tokenFile = await startKubernetesTokenFile({
    namespace: "payments",
    serviceAccount: "api.v2",
    autoRotate: false,
  });
  scratch = await mkdtemp(join(tmpdir(), "azfed-k8s-env-"));
});
afterAll(async () => {
  await tokenFile.close();
  await rm(scratch, { recursive: true, force: true });
});

describe("kubernetesSubjectFromEnvironment", () => {
  it("reads the subject and issuer from the token AZURE_FEDERATED_TOKEN_FILE names", () => {
    const found = kubernetesSubjectFromEnvironment({
      env: tokenFile.env(),
      serviceAccountDir: tokenFile.serviceAccountDirectory,
    });
    expect(found).toEqual({
      subject: "system:serviceaccount:payments:api.v2",
      namespace: "payments",
      serviceAccount: "api.v2",
      issuer: tokenFile.issuer,
    });
    expect(found.subject).toBe(
      kubernetesSubject({ namespace: found.namespace, serviceAccount: found.serviceAccount }),
    );
  });

  it("falls back to the service-account mount's own token when the webhook variable is absent", () => {
    const found = kubernetesSubjectFromEnvironment({
      env: {},
      serviceAccountDir: tokenFile.serviceAccountDirectory,
    });
    expect(found.subject).toBe("system:serviceaccount:payments:api.v2");
  });

  it("says what cannot be known when there is no token, giving the namespace it did find", async () => {
    const directory = join(scratch, "no-token");
    await mkdir(directory);
    await writeFile(join(directory, "namespace"), "payments");
    let error: unknown;
    try {
      kubernetesSubjectFromEnvironment({ env: {}, serviceAccountDir: directory });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect((error as Error).message).toContain("the service account's name is only in its token");
    expect((error as Error).message).toContain("the namespace is payments");
    expect((error as Error).message).toContain("kubernetesSubject({ namespace, serviceAccount })");
  });

  it("refuses a token whose sub is not a service account's, without showing the token", async () => {
    const other = join(scratch, "other-token");
    const foreign = await tokenFile.oidcIssuer.mint({
      sub: "repo:contoso/app:ref:refs/heads/main",
      aud: "x",
    });
    await writeFile(other, foreign);
    let error: unknown;
    try {
      kubernetesSubjectFromEnvironment({ tokenFilePath: other, serviceAccountDir: scratch });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect((error as Error).message).toContain("does not hold a service-account token");
    expect(exposedText(error)).not.toContain(foreign);
  });

  it("warns when the namespace file disagrees with the token, and trusts the token", async () => {
    const directory = join(scratch, "mismatch");
    await mkdir(directory);
    await writeFile(join(directory, "namespace"), "elsewhere");
    const logs = captureAzureLogs();
    try {
      const found = kubernetesSubjectFromEnvironment({ env: tokenFile.env(), serviceAccountDir: directory });
      expect(found.namespace).toBe("payments");
      expect(logs.lines.some((line) => line.includes("says namespace elsewhere"))).toBe(true);
    } finally {
      logs.restore();
    }
  });
});
