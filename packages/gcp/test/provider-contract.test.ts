import { type GcpMetadataEmulator, providerContract, startGcpMetadataEmulator } from "@azfed/testing";
import { afterAll, beforeAll, describe, it } from "vitest";
import { gcp } from "../src/index";
import { unusedPort } from "./silent-servers";

let metadata: GcpMetadataEmulator;
let nothingListening: string;

beforeAll(async () => {
  metadata = await startGcpMetadataEmulator();
  nothingListening = `127.0.0.1:${await unusedPort()}`;
});
afterAll(() => metadata?.close());

describe("gcp() keeps the provider contract", () => {
  for (const check of providerContract({
    name: "gcp",
    // Off the platform, detect probes a local port nothing listens on, never the real metadata hosts.
    create: (env) => gcp({ env, probeHosts: [nothingListening], retry: { maxRetries: 0 } }),
    platformEnv: () => metadata.env(),
    secretVariables: [],
    secrets: () => metadata.issuedTokens,
  })) {
    it(check.name, check.run);
  }
});
