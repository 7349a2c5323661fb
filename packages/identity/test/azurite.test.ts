import { mkdtempSync, rmSync } from "node:fs";
import { get } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  blobServiceClientTrusting,
  InvalidEmulatorOptionError,
  startAzurite,
  testCertificateAuthority,
} from "@azfed/testing";
import * as storageBlob from "@azure/storage-blob";
import { describe, expect, it } from "vitest";

const PACKAGE_DIRECTORY = fileURLToPath(new URL("../", import.meta.url));

/** Azurite's documented development account key (public, the same in every Azurite). */
const AZURITE_DEVELOPMENT_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

function httpsGet(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    }).on("error", reject);
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("startAzurite", () => {
  it("serves the blob API over HTTPS with a certificate from the test CA, and stops its process on close", async () => {
    const ca = await testCertificateAuthority();
    const azurite = await startAzurite({ ca, resolveFrom: PACKAGE_DIRECTORY });
    try {
      expect(azurite.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(azurite.accountUrl).toBe(`${azurite.url}/devstoreaccount1`);
      // No credential at all: Azurite answers (over TLS the CA vouches for) and refuses.
      const answer = await httpsGet(`${azurite.accountUrl}?comp=list`, ca.certificatePem);
      expect([401, 403]).toContain(answer.status);
      expect(answer.body).toContain("<Code>");
      expect(isRunning(azurite.pid)).toBe(true);
    } finally {
      await azurite.close();
    }
    expect(isRunning(azurite.pid)).toBe(false);
    await azurite.close(); // closing twice is fine
  });

  it("says how to fix it when the azurite package cannot be found", async () => {
    const empty = mkdtempSync(join(tmpdir(), "azfed-no-azurite-"));
    try {
      const error = await startAzurite({ resolveFrom: empty }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidEmulatorOptionError);
      expect((error as InvalidEmulatorOptionError).field).toBe("resolveFrom");
      expect((error as Error).message).toContain('add "azurite": "3.35.0" to the devDependencies');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("refuses a port that is not one", async () => {
    await expect(startAzurite({ port: 70_000, resolveFrom: PACKAGE_DIRECTORY })).rejects.toMatchObject({
      name: "InvalidEmulatorOptionError",
      field: "port",
    });
  });
});

describe("blobServiceClientTrusting", () => {
  it("gives a BlobServiceClient that reaches Azurite's HTTPS in this process, where the SDK's own client cannot", async () => {
    // In-process: this process was not started with NODE_EXTRA_CA_CERTS naming the test CA (the
    // SDK's own client below is refused, which proves it).
    expect(process.env.NODE_EXTRA_CA_CERTS ?? "").not.toContain("azfed-test-ca");
    const ca = await testCertificateAuthority();
    const azurite = await startAzurite({ ca, resolveFrom: PACKAGE_DIRECTORY });
    try {
      const credential = new storageBlob.StorageSharedKeyCredential(
        azurite.accountName,
        AZURITE_DEVELOPMENT_KEY,
      );
      const plain = new storageBlob.BlobServiceClient(
        azurite.accountUrl,
        storageBlob.newPipeline(credential, { retryOptions: { maxTries: 1 } }),
      );
      const refused = await plain
        .getContainerClient("plain")
        .createIfNotExists()
        .catch((caught: unknown) => caught);
      expect(String((refused as Error).message)).toMatch(/certificate/);

      const service = blobServiceClientTrusting(storageBlob, {
        ca,
        accountUrl: azurite.accountUrl,
        credential,
      });
      const container = service.getContainerClient("trusted");
      await container.create();
      await container.getBlockBlobClient("hello.txt").upload("hello", 5);
      const names: string[] = [];
      for await (const blob of container.listBlobsFlat()) names.push(blob.name);
      expect(names).toEqual(["hello.txt"]);
      expect(service).toBeInstanceOf(storageBlob.BlobServiceClient);
    } finally {
      await azurite.close();
    }
  });
});
