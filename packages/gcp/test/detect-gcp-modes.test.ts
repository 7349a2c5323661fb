import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HttpRequest } from "@azfed/core/provider";
import { captureAzureLogs, type GcpMetadataEmulator } from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectGcp } from "../src/detect-gcp";
import { gcp } from "../src/index";
import { useGcpMetadata } from "./metadata-fixture";
import { startBlackHole, unusedPort } from "./silent-servers";

const HINTS = "K_SERVICE, CLOUD_RUN_JOB, FUNCTION_TARGET, GAE_SERVICE, GCE_METADATA_IP, GCE_METADATA_HOST";
const ADVICE = "this is not Google Cloud, or set GCE_METADATA_HOST to the metadata server's host";

let metadata: GcpMetadataEmulator;
let folder: string;

useGcpMetadata((started) => {
  ({ metadata } = started);
});
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "azfed-gcp-bios-"));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A BIOS vendor file holding `text`, as /sys/class/dmi/id/bios_vendor does. */
function biosVendorFile(name: string, text: string): string {
  const file = join(folder, name);
  writeFileSync(file, text);
  return file;
}

/** Resolves once `check` holds, or fails after `withinMs`. */
async function eventually(check: () => boolean, withinMs: number): Promise<void> {
  const until = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("METADATA_SERVER_DETECTION=bios-only: the BIOS vendor decides, never the network", () => {
  const biosOnly = { METADATA_SERVER_DETECTION: "bios-only" };

  it("is Google Cloud when the BIOS vendor names Google", async () => {
    const file = biosVendorFile("google", "Google\n");
    const detection = await detectGcp(biosOnly, [metadata.url], {
      probeTimeoutMs: 500,
      biosVendorFile: file,
    });
    expect(detection).toEqual({
      available: true,
      reason: "METADATA_SERVER_DETECTION is bios-only and the BIOS vendor is Google",
    });
    expect(metadata.count()).toBe(0);
  });

  it.each([
    ["another vendor", "SeaBIOS\n"],
    ["a file longer than a vendor's name", `${"x".repeat(300)}Google`],
  ])("is not Google Cloud for %s, and says what it read", async (name, text) => {
    const file = biosVendorFile(name.replace(/\W/g, "-"), text);
    const detection = await detectGcp(biosOnly, [metadata.url], {
      probeTimeoutMs: 500,
      biosVendorFile: file,
    });
    expect(detection).toEqual({
      available: false,
      reason: `METADATA_SERVER_DETECTION is bios-only, none of ${HINTS} is set and ${file} does not name Google`,
    });
    expect(metadata.count()).toBe(0);
  });

  it("is not Google Cloud when there is no BIOS vendor file (not a Linux VM)", async () => {
    const file = join(folder, "missing");
    const detection = await detectGcp(biosOnly, [metadata.url], {
      probeTimeoutMs: 500,
      biosVendorFile: file,
    });
    expect(detection).toMatchObject({
      available: false,
      reason: expect.stringContaining(`${file} does not`),
    });
    expect(metadata.count()).toBe(0);
  });

  it("reads /sys/class/dmi/id/bios_vendor unless told otherwise", async () => {
    const detection = await gcp({ metadataHost: metadata.host }).detect(biosOnly);
    // This machine may or may not be a Compute Engine VM; either way the file is named and not probed.
    expect(detection.reason).toMatch(
      /bios-only.*(BIOS vendor is Google|\/sys\/class\/dmi\/id\/bios_vendor does not)/,
    );
    expect(metadata.count()).toBe(0);
  });

  it("takes Cloud Run's and Cloud Functions' variables first, as Google's residency check does", async () => {
    const file = biosVendorFile("other", "SeaBIOS");
    const detection = await detectGcp({ ...biosOnly, K_SERVICE: "api" }, [metadata.url], {
      probeTimeoutMs: 500,
      biosVendorFile: file,
    });
    expect(detection).toEqual({ available: true, reason: "K_SERVICE is set (a Cloud Run service)" });
  });
});

describe("METADATA_SERVER_DETECTION=ping-only: straight to the probe", () => {
  it("probes even when a variable names Google Cloud, and believes the metadata server", async () => {
    const detection = await gcp({ probeHosts: [metadata.host] }).detect({
      METADATA_SERVER_DETECTION: "Ping-Only",
      K_SERVICE: "api",
    });
    expect(detection).toEqual({ available: true, reason: `the metadata server at ${metadata.url} answered` });
    expect(metadata.count("root")).toBe(1);
  });

  it("is not Google Cloud when nothing answers, whatever the variables say", async () => {
    const host = `127.0.0.1:${await unusedPort()}`;
    const detection = await gcp({ probeHosts: [host] }).detect({
      METADATA_SERVER_DETECTION: "ping-only",
      CLOUD_RUN_JOB: "nightly",
    });
    expect(detection).toMatchObject({ available: false, reason: expect.stringContaining("ECONNREFUSED") });
  });
});

describe("detect's words and what it remembers", () => {
  it("shows the first 40 characters of an unknown METADATA_SERVER_DETECTION", async () => {
    const detection = await gcp({ probeHosts: [metadata.host] }).detect({
      METADATA_SERVER_DETECTION: `${"a".repeat(40)}${"b".repeat(60)}`,
    });
    expect(detection).toEqual({
      available: false,
      reason: `METADATA_SERVER_DETECTION is "${"a".repeat(40)}": expected one of assume-present, none, bios-only, ping-only, or unset it`,
    });
  });

  it("names both hosts and each one's failure, word for word", async () => {
    const [first, second] = [`127.0.0.1:${await unusedPort()}`, `127.0.0.1:${await unusedPort()}`];
    const detection = await gcp({ probeHosts: [first, second], probeTimeoutMs: 2_000 }).detect({});
    expect(detection).toEqual({
      available: false,
      reason: `no Google Cloud metadata server at http://${first} and http://${second} (http://${first}: nothing answered: ECONNREFUSED; http://${second}: nothing answered: ECONNREFUSED) and none of ${HINTS} is set: ${ADVICE}`,
    });
  });

  it('says "network error" for a failure without a code, through the dispatcher it was given', async () => {
    const host = `127.0.0.1:${await unusedPort()}`;
    const refusing = {
      dispatch: () => {
        throw new Error("refused by the dispatcher");
      },
    } as unknown as HttpRequest["dispatcher"];
    const detection = await gcp({ probeHosts: [host], dispatcher: refusing }).detect({});
    expect(detection).toEqual({
      available: false,
      reason: `no Google Cloud metadata server at http://${host} (http://${host}: nothing answered: network error) and none of ${HINTS} is set: ${ADVICE}`,
    });
  });

  it("remembers a server that answered without Metadata-Flavor: one probe for two detects", async () => {
    metadata.failNext(1, { withoutFlavorHeader: true });
    const provider = gcp({ probeHosts: [metadata.host] });
    const first = await provider.detect({});
    expect(first).toMatchObject({
      available: false,
      reason: expect.stringContaining("without the Metadata-Flavor"),
    });
    expect(await provider.detect({})).toEqual(first);
    expect(metadata.count("root")).toBe(1);
  });

  it("takes any answer with Metadata-Flavor: Google, a 503 too, and never retries the probe", async () => {
    metadata.failNext(1, { status: 503 });
    const logs = captureAzureLogs();
    try {
      expect(await gcp({ probeHosts: [metadata.host] }).detect({})).toMatchObject({ available: true });
    } finally {
      logs.restore();
    }
    expect(metadata.requests.map(({ status }) => status)).toEqual([503]);
    expect(logs.lines).toContainEqual(
      expect.stringMatching(
        /^azure:azfed:verbose gcp: http:\/\/127\.0\.0\.1:\d+\/computeMetadata\/v1\/ gave status 503 on attempt 1; not retrying$/,
      ),
    );
  });

  it("forgets a probe in which one host timed out, even when the other refused", async () => {
    const blackHole = await startBlackHole();
    try {
      const refused = `127.0.0.1:${await unusedPort()}`;
      const provider = gcp({ probeHosts: [refused, blackHole.host], probeTimeoutMs: 300 });
      const detection = await provider.detect({});
      expect(detection).toMatchObject({ available: false, reason: expect.stringContaining("ECONNREFUSED") });
      expect(detection.reason).toContain(`http://${blackHole.host}: no answer within 300 ms`);
      expect(blackHole.connections).toBe(1);
      await provider.detect({});
      expect(blackHole.connections).toBe(2);
    } finally {
      await blackHole.close();
    }
  });

  it("cancels the other probes once one host answers", async () => {
    const blackHole = await startBlackHole();
    try {
      const detection = await gcp({
        probeHosts: [blackHole.host, metadata.host],
        probeTimeoutMs: 20_000,
      }).detect({});
      expect(detection).toMatchObject({ available: true });
      expect(blackHole.connections).toBe(1);
      // Left alone, the black hole's connection would stay open for the whole 20 s budget.
      await eventually(() => blackHole.open === 0, 3_000);
    } finally {
      await blackHole.close();
    }
  });
});
