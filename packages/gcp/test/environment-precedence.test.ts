import { CredentialUnavailableError } from "@azfed/core";
import { claimsOf, type GcpMetadataEmulator, rejectionOf, startGcpMetadataEmulator } from "@azfed/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GCP_ENVIRONMENT_HINTS, gcp } from "../src/index";
import { unusedPort } from "./silent-servers";

const AUDIENCE = "api://AzureADTokenExchange";
const NO_RETRY = { maxRetries: 0 };

let metadata: GcpMetadataEmulator;
/** A metadata host where nothing listens: the probe and the identity request are refused at once. */
let nowhere: string;

beforeAll(async () => {
  metadata = await startGcpMetadataEmulator();
  nowhere = `127.0.0.1:${await unusedPort()}`;
});
afterAll(() => metadata.close());

/** process.env without any variable that says "Google Cloud" (CI may itself run there). */
beforeEach(() => {
  for (const [name] of GCP_ENVIRONMENT_HINTS) vi.stubEnv(name, undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("gcp() reads options.env, else the env detect is passed, else process.env at call time", () => {
  it("detect: options.env wins over the env detect is passed", async () => {
    const probeNowhere = { metadataHost: nowhere, probeTimeoutMs: 300 };
    expect(await gcp({ ...probeNowhere, env: metadata.env() }).detect({})).toMatchObject({ available: true });
    expect(await gcp({ ...probeNowhere, env: {} }).detect(metadata.env())).toMatchObject({
      available: false,
    });
  });

  it("detect: the env it is passed wins over process.env", async () => {
    vi.stubEnv("K_SERVICE", "api");
    expect(await gcp({ metadataHost: nowhere, probeTimeoutMs: 300 }).detect({})).toMatchObject({
      available: false,
    });
  });

  it("detect: with neither, process.env as it is at the call", async () => {
    const provider = gcp({ metadataHost: nowhere, probeTimeoutMs: 300 });
    expect(await provider.detect()).toMatchObject({ available: false });
    vi.stubEnv("K_SERVICE", "api");
    expect(await provider.detect()).toMatchObject({
      available: true,
      reason: "K_SERVICE is set (a Cloud Run service)",
    });
  });

  it("getAssertion: options.env wins over process.env", async () => {
    vi.stubEnv("GCE_METADATA_HOST", metadata.host);
    const provider = gcp({ env: { GCE_METADATA_HOST: nowhere }, retry: NO_RETRY });
    expect(await rejectionOf(provider.getAssertion({ audience: AUDIENCE }))).toBeInstanceOf(
      CredentialUnavailableError,
    );
    expect(metadata.issuedTokens).toHaveLength(0);
  });

  it("getAssertion: without options.env, process.env as it is at the call", async () => {
    const provider = gcp({ retry: NO_RETRY });
    vi.stubEnv("GCE_METADATA_HOST", nowhere);
    expect(await rejectionOf(provider.getAssertion({ audience: AUDIENCE }))).toBeInstanceOf(
      CredentialUnavailableError,
    );
    vi.stubEnv("GCE_METADATA_HOST", metadata.host);
    const token = await provider.getAssertion({ audience: AUDIENCE });
    expect(claimsOf(token).sub).toBe(metadata.serviceAccount.uniqueId);
  });
});
