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

  it("says word for word what it could not read: the token path it tried and any namespace it found", async () => {
    const directory = join(scratch, "words");
    await mkdir(directory);
    const unavailable = (options: Parameters<typeof kubernetesSubjectFromEnvironment>[0]) => {
      try {
        kubernetesSubjectFromEnvironment(options);
      } catch (error) {
        expect(error).toBeInstanceOf(CredentialUnavailableError);
        return (error as Error).message;
      }
      throw new Error("expected CredentialUnavailableError");
    };
    const advice =
      "; run this inside the pod, or build the subject with kubernetesSubject({ namespace, serviceAccount })";
    const token = join(directory, "token");
    expect(unavailable({ env: {}, serviceAccountDir: directory })).toBe(
      `kubernetes: cannot tell this pod's subject: the service account's name is only in its token, and ${token} cannot be read${advice}`,
    );
    // An empty (or blank) namespace file names no namespace.
    await writeFile(join(directory, "namespace"), " \n");
    expect(unavailable({ env: {}, serviceAccountDir: directory })).not.toContain("the namespace is");
    await writeFile(join(directory, "namespace"), "  payments\n");
    expect(unavailable({ env: { AZURE_FEDERATED_TOKEN_FILE: "" }, serviceAccountDir: directory })).toBe(
      `kubernetes: cannot tell this pod's subject: the service account's name is only in its token, and ${token} cannot be read (the namespace is payments, from ${join(directory, "namespace")})${advice}`,
    );
    // tokenFilePath wins over AZURE_FEDERATED_TOKEN_FILE, which wins over the mount's token.
    const chosen = join(directory, "chosen");
    expect(
      unavailable({
        env: { AZURE_FEDERATED_TOKEN_FILE: tokenFile.path },
        tokenFilePath: chosen,
        serviceAccountDir: directory,
      }),
    ).toContain(`and ${chosen} cannot be read`);
    // With no options at all: process.env and the service-account mount of a real pod, absent here.
    const saved = process.env.AZURE_FEDERATED_TOKEN_FILE;
    process.env.AZURE_FEDERATED_TOKEN_FILE = join(directory, "from-process-env");
    try {
      expect(unavailable(undefined)).toContain(`and ${join(directory, "from-process-env")} cannot be read`);
      expect(unavailable({ env: {} })).toContain(
        "and /var/run/secrets/kubernetes.io/serviceaccount/token cannot be read",
      );
    } finally {
      if (saved === undefined) delete process.env.AZURE_FEDERATED_TOKEN_FILE;
      else process.env.AZURE_FEDERATED_TOKEN_FILE = saved;
    }
    // A file that is no JWT, and a JWT whose sub is no service account's, are refused alike.
    await writeFile(chosen, "not-a-jwt\n");
    const refusal = `kubernetes: cannot tell this pod's subject: ${chosen} does not hold a service-account token (expected a JWT whose sub is system:serviceaccount:<namespace>:<name>)`;
    expect(unavailable({ tokenFilePath: chosen, serviceAccountDir: directory })).toBe(refusal);
    await writeFile(
      chosen,
      await tokenFile.oidcIssuer.mint({ sub: "system:serviceaccount:payments", aud: "x" }),
    );
    expect(unavailable({ tokenFilePath: chosen, serviceAccountDir: directory })).toBe(refusal);
    // A file past 64 KiB is not read.
    await writeFile(chosen, "e".repeat(64 * 1024 + 1));
    expect(unavailable({ tokenFilePath: chosen, serviceAccountDir: directory })).toContain(
      `and ${chosen} cannot be read`,
    );
    // The token is trimmed: a file written by hand ends with a line break.
    await writeFile(chosen, `\n${tokenFile.current.token}\n`);
    expect(kubernetesSubjectFromEnvironment({ tokenFilePath: chosen, serviceAccountDir: directory })).toEqual(
      {
        subject: "system:serviceaccount:payments:api.v2",
        namespace: "payments",
        serviceAccount: "api.v2",
        issuer: tokenFile.issuer,
      },
    );
  });

  it("warns word for word when the namespace file disagrees, and not when it agrees", async () => {
    const directory = join(scratch, "warning-words");
    await mkdir(directory);
    const namespaceFile = join(directory, "namespace");
    const logs = captureAzureLogs();
    try {
      // No namespace file, then one that agrees: no warning.
      kubernetesSubjectFromEnvironment({ env: tokenFile.env(), serviceAccountDir: directory });
      await writeFile(namespaceFile, "payments\n");
      kubernetesSubjectFromEnvironment({ env: tokenFile.env(), serviceAccountDir: directory });
      expect(logs.lines.filter((line) => line.includes("kubernetesSubjectFromEnvironment"))).toEqual([]);
      await writeFile(namespaceFile, "elsewhere");
      kubernetesSubjectFromEnvironment({ env: tokenFile.env(), serviceAccountDir: directory });
      expect(
        logs.lines.filter((line) =>
          line.endsWith(
            `kubernetesSubjectFromEnvironment: ${namespaceFile} says namespace elsewhere but the token's subject says payments; the token's subject is what Entra sees`,
          ),
        ),
      ).toHaveLength(1);
    } finally {
      logs.restore();
    }
  });
});
