import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AssertionFetchError, CredentialUnavailableError, InvalidInputError } from "@azfed/core";
import {
  type CapturedAzureLogs,
  captureAzureLogs,
  claimsOf,
  exposedText,
  type KubernetesTokenFile,
  type OidcIssuer,
  rejectionOf,
  startKubernetesTokenFile,
  startOidcIssuer,
} from "@azfed/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { KubernetesTokenFileError, kubernetes } from "../src/index";

const AUDIENCE = "api://AzureADTokenExchange";
const context = { audience: AUDIENCE };

let issuer: OidcIssuer;
let tokenFile: KubernetesTokenFile;
let logs: CapturedAzureLogs;
let scratch: string;

beforeAll(async () => {
  issuer = await startOidcIssuer({ path: "/tenant/cluster", trailingSlash: true });
});
afterAll(() => issuer.close());

beforeEach(async () => {
  tokenFile = await startKubernetesTokenFile({
    namespace: "payments",
    serviceAccount: "api",
    autoRotate: false,
    issuer,
  });
  logs = captureAzureLogs();
  scratch = await mkdtemp(join(tmpdir(), "azfed-k8s-test-"));
});

afterEach(async () => {
  logs.restore();
  await tokenFile.close();
  await rm(scratch, { recursive: true, force: true });
});

/** Log lines saying the provider (re-)read the file, as opposed to answering from its last read. */
function fileReads(): number {
  return logs.lines.filter((line) => / (re-)?read the token file /.test(line)).length;
}

describe("kubernetes() detect", () => {
  it("is available when AZURE_FEDERATED_TOKEN_FILE names an existing file, with the webhook's client and tenant", () => {
    const detection = kubernetes().detect(tokenFile.env());
    expect(detection).toEqual({
      available: true,
      reason: `AZURE_FEDERATED_TOKEN_FILE names ${tokenFile.path}`,
      clientId: tokenFile.clientId,
      tenantId: tokenFile.tenantId,
    });
  });

  it("reads the environment given to the factory, at call time", () => {
    const env: NodeJS.ProcessEnv = {};
    const provider = kubernetes({ env });
    expect(provider.detect()).toMatchObject({ available: false });
    env.AZURE_FEDERATED_TOKEN_FILE = tokenFile.path;
    expect(provider.detect()).toMatchObject({ available: true });
  });

  it("says which webhook variables are missing when the file is there", () => {
    const detection = kubernetes().detect({ AZURE_FEDERATED_TOKEN_FILE: tokenFile.path });
    expect(detection).toMatchObject({ available: true });
    expect(detection?.reason).toContain(
      "AZURE_CLIENT_ID (annotate the service account with azure.workload.identity/client-id)",
    );
    expect(detection?.reason).toContain("AZURE_TENANT_ID");
    expect(detection).not.toHaveProperty("clientId");
  });

  it("explains the pod label and service-account annotation when the variable is missing", () => {
    const inPod = kubernetes().detect({ KUBERNETES_SERVICE_HOST: "10.0.0.1" });
    expect(inPod).toMatchObject({ available: false });
    const reason = inPod && !inPod.available ? inPod.reason : "";
    expect(reason).toContain("this pod has no AZURE_FEDERATED_TOKEN_FILE");
    expect(reason).toContain('azure.workload.identity/use: "true"');
    expect(reason).toContain("azure.workload.identity/client-id");
    const outside = kubernetes().detect({});
    expect(outside && !outside.available ? outside.reason : "").toContain(
      "does not look like a Kubernetes pod",
    );
  });

  it("is not available when the named file does not exist", () => {
    const missing = join(scratch, "nope", "token");
    const detection = kubernetes().detect({ AZURE_FEDERATED_TOKEN_FILE: missing });
    expect(detection).toMatchObject({ available: false });
    expect(detection && !detection.available ? detection.reason : "").toContain(
      `${missing}, which does not exist`,
    );
  });

  it("prefers tokenFilePath to the variable", () => {
    const detection = kubernetes({ tokenFilePath: tokenFile.path }).detect({});
    expect(detection).toMatchObject({
      available: true,
      reason: expect.stringContaining("tokenFilePath names"),
    });
  });
});

describe("kubernetes() getAssertion", () => {
  it("returns the token in the file", async () => {
    const provider = kubernetes({ env: tokenFile.env() });
    await expect(provider.getAssertion(context)).resolves.toBe(tokenFile.current.token);
  });

  it("answers from one stat while the file is unchanged, and re-reads it once kubelet swapped ..data", async () => {
    const provider = kubernetes({ env: tokenFile.env() });
    const first = tokenFile.current.token;
    expect(await provider.getAssertion(context)).toBe(first);
    expect(await provider.getAssertion(context)).toBe(first);
    expect(await provider.getAssertion(context)).toBe(first);
    expect(fileReads()).toBe(1);

    const rotated = await tokenFile.rotate();
    expect(rotated).not.toBe(first);
    expect(await provider.getAssertion(context)).toBe(rotated);
    expect(await provider.getAssertion(context)).toBe(rotated);
    expect(fileReads()).toBe(2);
  });

  it("notices a file rewritten in place, not only a symlink swap", async () => {
    const path = join(scratch, "token");
    await writeFile(path, tokenFile.current.token);
    const provider = kubernetes({ tokenFilePath: path });
    expect(await provider.getAssertion(context)).toBe(tokenFile.current.token);
    const next = await tokenFile.rotate();
    await writeFile(path, `${next}\n`);
    expect(await provider.getAssertion(context)).toBe(next);
  });

  it("reads AZURE_FEDERATED_TOKEN_FILE at each call", async () => {
    const other = await startKubernetesTokenFile({
      namespace: "other",
      serviceAccount: "sa",
      autoRotate: false,
      issuer,
    });
    try {
      const env: NodeJS.ProcessEnv = { ...tokenFile.env() };
      const provider = kubernetes({ env });
      expect(claimsOf(await provider.getAssertion(context)).sub).toBe("system:serviceaccount:payments:api");
      env.AZURE_FEDERATED_TOKEN_FILE = other.path;
      expect(claimsOf(await provider.getAssertion(context)).sub).toBe("system:serviceaccount:other:sa");
    } finally {
      await other.close();
    }
  });

  it("never fails nor returns a stale token while kubelet rotates the file under it", async () => {
    const provider = kubernetes({ env: tokenFile.env() });
    let rotating = true;
    const rotations = (async () => {
      for (let index = 0; index < 40; index++) await tokenFile.rotate();
      rotating = false;
    })();
    const seen: string[] = [];
    while (rotating) seen.push(await provider.getAssertion(context));
    await rotations;
    const written = new Set(tokenFile.history.map((entry) => entry.token));
    expect(seen.length).toBeGreaterThan(0);
    for (const token of seen) expect(written.has(token)).toBe(true);
    expect(await provider.getAssertion(context)).toBe(tokenFile.current.token);
  });

  it("never returns a cached token once its exp has passed, even when the file did not change", async () => {
    let now = Date.now();
    const provider = kubernetes({ env: tokenFile.env(), clock: () => now });
    const shortLived = await tokenFile.rotate({ lifetimeSeconds: 60 });
    const expiresAtMs = tokenFile.current.expiresAt * 1000;
    expect(await provider.getAssertion(context)).toBe(shortLived);
    now = expiresAtMs - 1;
    expect(await provider.getAssertion(context)).toBe(shortLived);
    now = expiresAtMs;
    const error = await rejectionOf(provider.getAssertion(context));
    expect(error).toBeInstanceOf(KubernetesTokenFileError);
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error.name).toBe("KubernetesTokenFileError");
    expect(String(error)).toMatch(/^KubernetesTokenFileError: kubernetes: the token in /);
    expect((error as KubernetesTokenFileError).problem).toBe("expired");
    expect(error.message).toContain(tokenFile.path);
    expect(error.message).toMatch(/expired at .* \(0 s ago\) and the file has not been rotated/);
    expect(exposedText(error)).not.toContain(shortLived);

    const fresh = await tokenFile.rotate();
    expect(await provider.getAssertion(context)).toBe(fresh);
  });

  it("refuses a clock that is not a function, naming the option", () => {
    const notAClock = 1_700_000_000_000 as unknown as () => number;
    expect(() => kubernetes({ clock: notAClock })).toThrow(InvalidInputError);
    expect(() => kubernetes({ clock: notAClock })).toThrow(
      /^Invalid clock: got 1700000000000; expected a function returning the time in epoch milliseconds/,
    );
  });

  it("refuses an expired token in the file with a clear error", async () => {
    const expired = await tokenFile.rotate({ expired: true });
    const error = await rejectionOf(kubernetes({ env: tokenFile.env() }).getAssertion(context));
    expect((error as KubernetesTokenFileError).problem).toBe("expired");
    expect(error.message).toMatch(/kubelet rewrites projected tokens at 80% of their lifetime/);
    expect(exposedText(error)).not.toContain(expired);
  });

  it("refuses an empty file, naming the path", async () => {
    await tokenFile.write("");
    const error = await rejectionOf(kubernetes({ env: tokenFile.env() }).getAssertion(context));
    expect(error).toBeInstanceOf(KubernetesTokenFileError);
    expect((error as KubernetesTokenFileError).problem).toBe("empty");
    expect((error as KubernetesTokenFileError).path).toBe(tokenFile.path);
    expect(error.message).toContain(`the token file ${tokenFile.path}`);
    expect(error.message).toContain("is empty");
  });

  it.each([
    ["plain text", "hunter2-not-a-token-but-secret"],
    ["two segments", "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ"],
    ["a JWT-shaped string whose header is not JSON", "c2VjcmV0LWhlYWRlcg.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJl"],
  ])("refuses a file that does not hold a JWT (%s), never showing its content", async (_kind, content) => {
    await tokenFile.write(content);
    const error = await rejectionOf(kubernetes({ env: tokenFile.env() }).getAssertion(context));
    expect((error as KubernetesTokenFileError).problem).toBe("not-a-jwt");
    expect(error.message).toContain(tokenFile.path);
    expect(error.message).toContain("does not hold a JWT");
    expect(exposedText(error)).not.toContain(content);
    for (const segment of content.split(".")) expect(exposedText(error)).not.toContain(segment);
  });

  it("refuses a missing file with CredentialUnavailableError naming the path", async () => {
    const missing = join(scratch, "gone", "token");
    const error = await rejectionOf(kubernetes({ tokenFilePath: missing }).getAssertion(context));
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.name).toBe("CredentialUnavailableError");
    expect(error.message).toContain(`the token file ${missing} does not exist`);
  });

  it("refuses a dangling ..data symlink (the volume was torn down) as a missing file", async () => {
    await rm(join(tokenFile.directory, "..data"));
    const error = await rejectionOf(kubernetes({ env: tokenFile.env() }).getAssertion(context));
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toContain(tokenFile.path);
  });

  it("refuses a directory given as the token file", async () => {
    const error = await rejectionOf(kubernetes({ tokenFilePath: scratch }).getAssertion(context));
    expect((error as KubernetesTokenFileError).problem).toBe("unreadable");
    expect(error.message).toContain(`${scratch} is a directory, not a regular file`);
  });

  it("refuses a file far too large to be a token without reading it", async () => {
    const path = join(scratch, "huge");
    await writeFile(path, "x".repeat(100_000));
    const error = await rejectionOf(kubernetes({ tokenFilePath: path }).getAssertion(context));
    expect((error as KubernetesTokenFileError).problem).toBe("unreadable");
    expect(error.message).toContain("holds 100000 bytes");
  });

  it.skipIf(process.getuid?.() === 0)(
    "refuses an unreadable file, saying how to fix permissions",
    async () => {
      const path = join(scratch, "locked");
      await writeFile(path, tokenFile.current.token);
      await chmod(path, 0o000);
      const error = await rejectionOf(kubernetes({ tokenFilePath: path }).getAssertion(context));
      expect((error as KubernetesTokenFileError).problem).toBe("unreadable");
      expect(error.message).toMatch(/cannot be read \(EACCES\).*fsGroup/);
    },
  );

  it("refuses a path under a regular file (ENOTDIR) as unreadable, naming the path", async () => {
    const file = join(scratch, "plain");
    await writeFile(file, "x");
    const error = await rejectionOf(kubernetes({ tokenFilePath: join(file, "token") }).getAssertion(context));
    expect((error as KubernetesTokenFileError).problem).toBe("unreadable");
    expect(error.message).toContain(`${join(file, "token")} cannot be read (ENOTDIR)`);
  });

  it("throws CredentialUnavailableError with the detect reason when no file is configured", async () => {
    const error = await rejectionOf(kubernetes({ env: {} }).getAssertion(context));
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(error.message).toContain("AZURE_FEDERATED_TOKEN_FILE is not set");
    expect(error.message).toContain('azure.workload.identity/use: "true"');
  });

  it("honours an aborted signal", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(
      kubernetes({ env: tokenFile.env() }).getAssertion({ audience: AUDIENCE, signal: controller.signal }),
    ).rejects.toThrow("stop");
  });

  it("warns (without the token) when the token's audience is not the one asked for", async () => {
    const token = await kubernetes({ env: tokenFile.env() }).getAssertion({
      audience: "api://AzureADTokenExchangeUSGov",
    });
    const warning = logs.lines.find((line) => line.includes("not api://AzureADTokenExchangeUSGov"));
    expect(warning).toContain(`["${AUDIENCE}"]`);
    expect(warning).not.toContain(token);
  });

  it("refuses an empty tokenFilePath option at once, naming it", () => {
    expect(() => kubernetes({ tokenFilePath: "" })).toThrow(InvalidInputError);
    expect(() => kubernetes({ tokenFilePath: "" })).toThrow(/Invalid tokenFilePath/);
  });

  it("never writes a token into a log line, at verbose level", async () => {
    const provider = kubernetes({ env: tokenFile.env() });
    await provider.getAssertion(context);
    await tokenFile.rotate();
    await provider.getAssertion(context);
    await tokenFile.write("not-a-jwt-secret");
    await rejectionOf(provider.getAssertion(context));
    expect(logs.lines.length).toBeGreaterThan(1);
    const logged = logs.text();
    for (const { token } of tokenFile.history) {
      expect(logged).not.toContain(token);
      expect(logged).not.toContain(token.split(".")[1]);
    }
    expect(logged).not.toContain("not-a-jwt-secret");
  });
});
