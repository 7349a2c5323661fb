import {
  type GcpMetadataEmulator,
  type OidcIssuer,
  startGcpMetadataEmulator,
  startOidcIssuer,
} from "@azfed/testing";
import { afterAll, beforeAll, beforeEach } from "vitest";

/**
 * Starts an OIDC issuer for the test file and a GCP metadata emulator minting its tokens for each test
 * (a fresh one, so no request or fault carries over), and closes them after. `receive` gets both
 * before each test.
 */
export function useGcpMetadata(
  receive: (started: { readonly issuer: OidcIssuer; readonly metadata: GcpMetadataEmulator }) => void,
): void {
  let issuer: OidcIssuer | undefined;
  beforeAll(async () => {
    issuer = await startOidcIssuer();
  });
  afterAll(() => issuer?.close());
  beforeEach(async () => {
    if (!issuer) throw new Error("the OIDC issuer did not start");
    const metadata = await startGcpMetadataEmulator({ issuer });
    receive({ issuer, metadata });
    return () => metadata.close();
  });
}
