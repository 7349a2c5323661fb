import { type GcpMetadataEmulator, type OidcIssuer, startGcpMetadataEmulator } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { DEFAULT_PROBE_HOSTS, gcp } from "../src/index";
import { useGcpMetadata } from "./metadata-fixture";
import { startBlackHole, unusedPort } from "./silent-servers";

/** detect() with the time it took. */
async function timedDetect(provider: ReturnType<typeof gcp>, env: NodeJS.ProcessEnv = {}) {
  const started = performance.now();
  const detection = await provider.detect(env);
  return { detection, elapsedMs: performance.now() - started };
}

let issuer: OidcIssuer;
let metadata: GcpMetadataEmulator;

useGcpMetadata((started) => {
  ({ issuer, metadata } = started);
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
      const provider = gcp({ metadataHost: blackHole.host, probeTimeoutMs: 500 });
      const { detection, elapsedMs } = await timedDetect(provider);
      expect(detection).toMatchObject({ available: false });
      expect(detection && !detection.available ? detection.reason : "").toContain("no answer within 500 ms");
      expect(elapsedMs).toBeLessThan(5_000);

      // A probe that timed out is not remembered (issue 20): the next detect probes again.
      expect(blackHole.connections).toBe(1);
      expect(await provider.detect({})).toEqual(detection);
      expect(blackHole.connections).toBeGreaterThanOrEqual(2);
    } finally {
      await blackHole.close();
    }
  });

  it("honours probeTimeoutMs when the metadata server is slow", async () => {
    // The bounds leave seconds of slack for a loaded machine: what fails is waiting for the server.
    metadata.setLatency(10_000);
    const { detection, elapsedMs } = await timedDetect(
      gcp({ metadataHost: metadata.host, probeTimeoutMs: 200 }),
    );
    expect(detection && !detection.available ? detection.reason : "").toContain("no answer within 200 ms");
    expect(elapsedMs).toBeLessThan(5_000);
  });

  it("finds a metadata server that recovered after a probe timed out (issue 20: cached for the process)", async () => {
    metadata.setLatency(10_000);
    // 1.5 s: the second probe must be answered in time on a loaded machine.
    const provider = gcp({ metadataHost: metadata.host, probeTimeoutMs: 1_500 });
    expect(await provider.detect({})).toMatchObject({ available: false });
    metadata.setLatency(0);
    expect(await provider.detect({})).toMatchObject({ available: true });
    // A definite answer is still remembered.
    const probes = metadata.count();
    expect(await provider.detect({})).toMatchObject({ available: true });
    expect(metadata.count()).toBe(probes);
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

describe("gcp() detect: the two default hosts, Google's budget and Google's variables", () => {
  it("probes 169.254.169.254 and metadata.google.internal. (trailing dot) by default, as Google's client does", () => {
    // gcp-metadata: HOST_ADDRESS = 'http://169.254.169.254', SECONDARY_HOST_ADDRESS = 'http://metadata.google.internal.'
    expect(DEFAULT_PROBE_HOSTS).toEqual(["169.254.169.254", "metadata.google.internal."]);
  });

  it("probes the hosts together: a black-holed first host does not delay the one that answers", async () => {
    const blackHole = await startBlackHole();
    try {
      const { detection, elapsedMs } = await timedDetect(
        gcp({ probeHosts: [blackHole.host, metadata.host], probeTimeoutMs: 10_000 }),
      );
      expect(detection).toEqual({
        available: true,
        reason: `the metadata server at ${metadata.url} answered`,
      });
      expect(elapsedMs).toBeLessThan(5_000);
      expect(blackHole.connections).toBe(1);
      expect(metadata.count("root")).toBe(1);
    } finally {
      await blackHole.close();
    }
  });

  it("is available when one host answers as the metadata server and the other answers without the flavor header", async () => {
    const impostor = await startGcpMetadataEmulator({ issuer });
    try {
      impostor.failNext(1, { withoutFlavorHeader: true });
      const detection = await gcp({ probeHosts: [impostor.host, metadata.host] }).detect({});
      expect(detection).toMatchObject({ available: true, reason: expect.stringContaining(metadata.url) });
    } finally {
      await impostor.close();
    }
  });

  it("names every host and why each failed when none answers", async () => {
    const [first, second] = [`127.0.0.1:${await unusedPort()}`, `127.0.0.1:${await unusedPort()}`];
    const detection = await gcp({ probeHosts: [first, second], probeTimeoutMs: 500 }).detect({});
    const reason = detection && !detection.available ? detection.reason : "";
    expect(reason).toContain(`http://${first}: nothing answered: ECONNREFUSED`);
    expect(reason).toContain(`http://${second}: nothing answered: ECONNREFUSED`);
  });

  it("waits up to 3 s by default, so a metadata server slowed by DNS is still found", async () => {
    metadata.setLatency(1200);
    const { detection, elapsedMs } = await timedDetect(gcp({ probeHosts: [metadata.host] }));
    expect(detection).toMatchObject({ available: true });
    expect(elapsedMs).toBeGreaterThanOrEqual(1100);
  });

  it("probes only the configured host when metadataHost is given, never the defaults", async () => {
    const blackHole = await startBlackHole();
    try {
      const detection = await gcp({ metadataHost: metadata.host, probeHosts: [blackHole.host] }).detect({});
      expect(detection).toMatchObject({ available: true });
      expect(blackHole.connections).toBe(0);
    } finally {
      await blackHole.close();
    }
  });

  it("takes GCE_METADATA_IP as a hint, like GCE_METADATA_HOST", async () => {
    const detection = await gcp({ probeHosts: [metadata.host] }).detect({ GCE_METADATA_IP: metadata.host });
    expect(detection).toEqual({
      available: true,
      reason: "GCE_METADATA_IP is set (a metadata server named by GCE_METADATA_IP)",
    });
    expect(metadata.count()).toBe(0);
  });

  it.each([
    ["none", { K_SERVICE: "api" }, false, "METADATA_SERVER_DETECTION is none"],
    ["assume-present", {}, true, "METADATA_SERVER_DETECTION is assume-present"],
    [" None ", {}, false, "METADATA_SERVER_DETECTION is none"],
  ])("honours METADATA_SERVER_DETECTION=%j without probing", async (mode, env, available, reason) => {
    const detection = await gcp({ probeHosts: [metadata.host] }).detect({
      ...env,
      METADATA_SERVER_DETECTION: mode,
    });
    expect(detection).toEqual({ available, reason });
    expect(metadata.count()).toBe(0);
  });

  it("says which values METADATA_SERVER_DETECTION takes when it has another", async () => {
    const detection = await gcp({ probeHosts: [metadata.host] }).detect({
      METADATA_SERVER_DETECTION: "sometimes",
    });
    expect(detection).toEqual({
      available: false,
      reason:
        'METADATA_SERVER_DETECTION is "sometimes": expected one of assume-present, none, bios-only, ping-only, or unset it',
    });
    expect(metadata.count()).toBe(0);
  });

  it("refuses an empty probeHosts list and a probe host with a path", () => {
    expect(() => gcp({ probeHosts: [] })).toThrow(/probeHosts.*at least one host/s);
    expect(() => gcp({ probeHosts: ["127.0.0.1/computeMetadata"] })).toThrow(/probeHosts\[0\]/);
  });
});
