import { AuthenticationError, FederatedTokenCredential } from "@azfed/core";
import {
  type CapturedAzureLogs,
  captureAzureLogs,
  type EntraEmulator,
  expectNoSecrets,
  exposedText,
  type KubernetesTokenFile,
  type RecordedRequest,
  rejectionOf,
  startEntraEmulator,
  startKubernetesTokenFile,
} from "@azfed/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  KubernetesTokenFileError,
  kubernetes,
  kubernetesFederatedCredential,
  kubernetesSubject,
} from "../src/index";

const NAMESPACE = "payments";
const SERVICE_ACCOUNT = "api";

let entra: EntraEmulator;
let tokenFile: KubernetesTokenFile;
let logs: CapturedAzureLogs;
let scopeNumber = 0;

/** A scope no earlier exchange used, so the credential's cache cannot answer and a new exchange happens. */
function freshScope(): string {
  scopeNumber++;
  return `https://resource-${scopeNumber}.example.com/.default`;
}

function tokenRequests(): RecordedRequest[] {
  return entra.requests.filter((request) => request.endpoint === "token");
}

function presentedJtis(): unknown[] {
  return tokenRequests().map((request) => request.assertionClaims?.jti);
}

function credentialFor(file: KubernetesTokenFile, clock?: () => number): FederatedTokenCredential {
  return new FederatedTokenCredential({
    assertion: kubernetes({ env: file.env(), clock }),
    authorityHost: entra.url,
    dispatcher: entra.dispatcher,
    retry: { maxRetries: 0 },
  });
}

async function trust(file: KubernetesTokenFile, issuer = file.issuer): Promise<void> {
  const fic = kubernetesFederatedCredential({
    issuer,
    namespace: file.namespace,
    serviceAccount: file.serviceAccount,
  });
  entra.addApplication({
    clientId: file.clientId,
    tenantId: file.tenantId,
    federatedCredentials: [{ ...fic, audiences: [...fic.audiences] }],
  });
}

beforeAll(async () => {
  entra = await startEntraEmulator();
});
afterAll(() => entra.close());

beforeEach(async () => {
  entra.reset();
  tokenFile = await startKubernetesTokenFile({
    namespace: NAMESPACE,
    serviceAccount: SERVICE_ACCOUNT,
    authorityHost: entra.url,
    ca: entra.ca,
    autoRotate: false,
  });
  await trust(tokenFile);
  logs = captureAzureLogs();
});

afterEach(async () => {
  logs.restore();
  expectNoSecrets(
    logs.text(),
    tokenFile.history.map(({ token }) => token),
  );
  await tokenFile.close();
});

describe("kubernetes → FederatedTokenCredential → Entra emulator, over HTTPS", () => {
  it("exchanges the projected token, with client and tenant from the webhook's variables", async () => {
    const credential = credentialFor(tokenFile);
    const accessToken = await credential.getToken(freshScope());
    const claims = await entra.verifyAccessToken(accessToken.token);
    expect(claims.appid ?? claims.azp).toBe(tokenFile.clientId);
    expect(claims.tid).toBe(tokenFile.tenantId);

    const [request] = tokenRequests();
    expect(request?.status).toBe(200);
    expect(request?.assertionClaims?.sub).toBe(
      kubernetesSubject({ namespace: NAMESPACE, serviceAccount: SERVICE_ACCOUNT }),
    );
    expect(request?.assertionClaims?.iss).toBe(tokenFile.issuer);
    expect(request?.assertionClaims?.jti).toBe(tokenFile.current.jti);
    expect(tokenFile.issuer.endsWith("/")).toBe(true);
  });

  it("presents the rotated token at the next exchange", async () => {
    const credential = credentialFor(tokenFile);
    await credential.getToken(freshScope());
    const firstJti = tokenFile.current.jti;
    await tokenFile.rotate();
    await credential.getToken(freshScope());
    await tokenFile.rotate();
    await credential.getToken(freshScope());
    expect(presentedJtis()).toEqual([firstJti, tokenFile.history[1]?.jti, tokenFile.history[2]?.jti]);
    expect(new Set(presentedJtis()).size).toBe(3);
  });

  it("finishes an exchange in flight with the token it read, and presents the rotated one next", async () => {
    const credential = credentialFor(tokenFile);
    const before = tokenFile.current;
    entra.setLatency(400);
    const inFlight = credential.getToken(freshScope());
    while (tokenRequests().length === 0) await new Promise((done) => setTimeout(done, 10));
    const rotatedDuringRequest = await tokenFile.rotate();
    expect(tokenRequests()).toHaveLength(1);
    await inFlight;
    entra.setLatency(0);
    await credential.getToken(freshScope());

    expect(presentedJtis()).toEqual([before.jti, tokenFile.current.jti]);
    expect(tokenFile.current.token).toBe(rotatedDuringRequest);
    expect(tokenRequests().map((request) => request.status)).toEqual([200, 200]);
  });

  it("never presents a token past its exp: the expired token fails before Entra, the rotated one works", async () => {
    let skewMs = 0;
    const credential = credentialFor(tokenFile, () => Date.now() + skewMs);
    await tokenFile.rotate({ lifetimeSeconds: 60 });
    await credential.getToken(freshScope());
    skewMs = 60_000; // the provider's clock reaches the token's exp

    const error = await rejectionOf(credential.getToken(freshScope()));
    expect(exposedText(error)).toMatch(/expired at .* and the file has not been rotated/);
    expect(exposedText(error)).toContain(tokenFile.path);
    expect(tokenRequests()).toHaveLength(1);

    await tokenFile.rotate();
    await credential.getToken(freshScope());
    expect(presentedJtis()).toEqual([tokenFile.history[1]?.jti, tokenFile.current.jti]);
    for (const request of tokenRequests()) {
      expect(Number(request.assertionClaims?.exp) * 1000).toBeGreaterThan(request.receivedAt.getTime());
    }
  });

  it("keeps working across kubelet-style rotations at 80% of a short lifetime, never presenting an expired token", async () => {
    const rotating = await startKubernetesTokenFile({
      namespace: NAMESPACE,
      serviceAccount: SERVICE_ACCOUNT,
      clientId: tokenFile.clientId,
      tenantId: tokenFile.tenantId,
      issuer: tokenFile.oidcIssuer,
      lifetimeSeconds: 2,
    });
    try {
      const credential = credentialFor(rotating);
      // Exchange every 200 ms until the emulated kubelet has rotated the file (at 1.6 s) and at least
      // two exchanges were made, then once more. (Counting exchanges, not time: on a loaded machine one
      // exchange took over 1.6 s, the file rotated after the first, and only two were made.)
      const giveUpAt = Date.now() + 20_000;
      let exchanges = 0;
      do {
        await credential.getToken(freshScope());
        exchanges++;
        await new Promise((done) => setTimeout(done, 200));
      } while ((rotating.rotations === 0 || exchanges < 2) && Date.now() < giveUpAt);
      await credential.getToken(freshScope());
      expect(rotating.rotations).toBeGreaterThanOrEqual(1);
      const presented = tokenRequests();
      expect(presented.length).toBeGreaterThanOrEqual(3);
      expect(presented.map((request) => request.status)).toEqual(Array(presented.length).fill(200));
      expect(new Set(presented.map((request) => request.assertionClaims?.jti)).size).toBeGreaterThan(1);
      for (const request of presented) {
        expect(Number(request.assertionClaims?.exp) * 1000).toBeGreaterThan(request.receivedAt.getTime());
      }
      expectNoSecrets(
        logs.text(),
        rotating.history.map(({ token }) => token),
      );
    } finally {
      await rotating.close();
    }
  });

  it("explains a FIC whose issuer lacks the trailing slash, without showing the token", async () => {
    await trust(tokenFile, tokenFile.issuer.replace(/\/$/, ""));
    const error = await rejectionOf(credentialFor(tokenFile).getToken(freshScope()));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/AADSTS700211|AADSTS70021/);
    expect(exposedText(error)).not.toContain(tokenFile.current.token);
  });

  it("refuses a FIC for another service account (subject mismatch), without showing the token", async () => {
    const fic = kubernetesFederatedCredential({
      issuer: tokenFile.issuer,
      namespace: NAMESPACE,
      serviceAccount: "other",
    });
    entra.addApplication({
      clientId: tokenFile.clientId,
      tenantId: tokenFile.tenantId,
      federatedCredentials: [{ ...fic, audiences: [...fic.audiences] }],
    });
    const error = await rejectionOf(credentialFor(tokenFile).getToken(freshScope()));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/AADSTS700213|AADSTS70021/);
    expect(exposedText(error)).not.toContain(tokenFile.current.token);
  });

  it("reports a broken token file through the credential, naming the path and never the content", async () => {
    await tokenFile.write("secret-looking-garbage");
    const error = await rejectionOf(credentialFor(tokenFile).getToken(freshScope()));
    const shown = exposedText(error);
    expect(shown).toContain(tokenFile.path);
    expect(shown).toContain("does not hold a JWT");
    expect(shown).not.toContain("secret-looking-garbage");
    expect(error instanceof KubernetesTokenFileError || error.cause instanceof KubernetesTokenFileError).toBe(
      true,
    );
    expect(tokenRequests()).toHaveLength(0);
  });

  it("is unavailable to the credential without the webhook's variables, saying what to add", async () => {
    const credential = new FederatedTokenCredential({
      tenantId: tokenFile.tenantId,
      clientId: tokenFile.clientId,
      assertion: kubernetes({ env: {} }),
      authorityHost: entra.url,
      dispatcher: entra.dispatcher,
    });
    const error = await rejectionOf(credential.getToken(freshScope()));
    expect(error.name).toBe("CredentialUnavailableError");
    expect(error.message).toContain("azure.workload.identity/use");
  });
});
