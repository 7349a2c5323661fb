import {
  type GcpMetadataEmulator,
  type OidcIssuer,
  startGcpMetadataEmulator,
  startOidcIssuer,
} from "@azfed/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { gcp } from "../src/index";
import { startBlackHole, unusedPort } from "./silent-servers";

/** detect() with the time it took. */
async function timedDetect(provider: ReturnType<typeof gcp>, env: NodeJS.ProcessEnv = {}) {
  const started = performance.now();
  const detection = await provider.detect(env);
  return { detection, elapsedMs: performance.now() - started };
}

let issuer: OidcIssuer;
let metadata: GcpMetadataEmulator;

beforeAll(async () => {
  issuer = await startOidcIssuer();
});
afterAll(() => issuer.close());

beforeEach(async () => {
  metadata = await startGcpMetadataEmulator({ issuer });
  return () => metadata.close();
});

describe("gcp() detect", () => {
  it.each([
    ["K_SERVICE", "a Cloud Run service"],
    ["CLOUD_RUN_JOB", "a Cloud Run job"],
    ["FUNCTION_TARGET", "Cloud Functions"],
    ["GAE_SERVICE", "App Engine"],
  ])("answers from %s without touching the network", async (variable, platform) => {
    const detection = await gcp({ metadataHost: metadata.host }).detect({ [variable]: "x" });
    expect(detection).toEqual({ available: true, reason: `${variable} is set (${platform})` });
    expect(metadata.count()).toBe(0);
  });

  it("takes GCE_METADATA_HOST as a hint too", async () => {
    const detection = await gcp().detect(metadata.env());
    expect(detection).toMatchObject({
      available: true,
      reason: expect.stringContaining("GCE_METADATA_HOST"),
    });
    expect(metadata.count()).toBe(0);
  });

  it("without hints, probes the metadata server once (with the flavor header) and remembers the answer", async () => {
    const provider = gcp({ metadataHost: metadata.host });
    const detection = await provider.detect({});
    expect(detection).toEqual({ available: true, reason: `the metadata server at ${metadata.url} answered` });
    expect(await provider.detect({})).toEqual(detection);
    expect(await gcp({ metadataHost: metadata.host }).detect({})).toEqual(detection);
    expect(metadata.count("root")).toBe(1);
    expect(metadata.requests[0]?.flavor).toBe("Google");
  });

  it("is not available when the probe is answered without Metadata-Flavor: Google", async () => {
    metadata.failNext(1, { withoutFlavorHeader: true });
    const detection = await gcp({ metadataHost: metadata.host }).detect({});
    expect(detection).toMatchObject({ available: false });
    expect(detection && !detection.available ? detection.reason : "").toContain(
      "answered 200 without the Metadata-Flavor: Google header",
    );
  });

  it("answers within its bound when nothing listens on the host", async () => {
    const host = `127.0.0.1:${await unusedPort()}`;
    const { detection, elapsedMs } = await timedDetect(gcp({ metadataHost: host }));
    expect(detection).toMatchObject({ available: false });
    const reason = detection && !detection.available ? detection.reason : "";
    expect(reason).toContain(`no Google Cloud metadata server at http://${host}`);
    expect(reason).toContain("ECONNREFUSED");
    expect(reason).toContain("K_SERVICE");
    expect(elapsedMs).toBeLessThan(2000);
  });

  it("answers within its bound when the host accepts connections and never answers (black hole)", async () => {
    const blackHole = await startBlackHole();
    try {
      const provider = gcp({ metadataHost: blackHole.host });
      const { detection, elapsedMs } = await timedDetect(provider);
      expect(detection).toMatchObject({ available: false });
      expect(detection && !detection.available ? detection.reason : "").toContain("no answer within 500 ms");
      expect(elapsedMs).toBeLessThan(2000);

      expect(blackHole.connections).toBe(1);
      expect(await provider.detect({})).toEqual(detection);
      expect(await gcp({ metadataHost: blackHole.host }).detect({})).toEqual(detection);
      expect(blackHole.connections).toBe(1);
    } finally {
      await blackHole.close();
    }
  });

  it("honours probeTimeoutMs when the metadata server is slow", async () => {
    metadata.setLatency(1500);
    const { detection, elapsedMs } = await timedDetect(
      gcp({ metadataHost: metadata.host, probeTimeoutMs: 200 }),
    );
    expect(detection && !detection.available ? detection.reason : "").toContain("no answer within 200 ms");
    expect(elapsedMs).toBeLessThan(1200);
  });

  it("reads the environment given to the factory, whatever detect is passed", async () => {
    const detection = await gcp({ env: { K_SERVICE: "api" } }).detect({});
    expect(detection).toMatchObject({ available: true });
  });

  it("never throws for a malformed GCE_METADATA_HOST: it says what is wrong", async () => {
    const detection = await gcp().detect({ GCE_METADATA_HOST: "http://host/path?x=1" });
    expect(detection).toMatchObject({ available: false });
    const reason = detection && !detection.available ? detection.reason : "";
    expect(reason).toContain("Invalid GCE_METADATA_HOST");
    expect(reason).toContain("remove the path and query");
  });
});
