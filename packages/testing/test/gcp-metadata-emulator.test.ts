import { decodeJwt } from "jose";
import { fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GcpMetadataEmulator, startGcpMetadataEmulator } from "../src/index";

let metadata: GcpMetadataEmulator;

beforeAll(async () => {
  metadata = await startGcpMetadataEmulator();
});
afterAll(() => metadata?.close());

describe("the GCP metadata emulator", () => {
  it("answers 403 without the Metadata-Flavor: Google request header, as the real server does", async () => {
    const response = await fetch(
      `${metadata.url}/computeMetadata/v1/instance/service-accounts/default/identity?audience=x`,
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("Missing Metadata-Flavor:Google header");
    expect(metadata.issuedTokens).toHaveLength(0);
  });

  it("issues a standard-format token without email or google claims, and needs an audience", async () => {
    const headers = { "metadata-flavor": "Google" };
    const base = `${metadata.url}/computeMetadata/v1/instance/service-accounts/default/identity`;
    const standard = await fetch(`${base}?audience=aud-1&format=standard`, { headers });
    expect(standard.headers.get("metadata-flavor")).toBe("Google");
    const claims = decodeJwt(await standard.text());
    expect(claims).toMatchObject({ aud: "aud-1", sub: metadata.serviceAccount.uniqueId });
    expect(claims).not.toHaveProperty("email");
    expect(claims).not.toHaveProperty("google");
    const missing = await fetch(base, { headers });
    expect(missing.status).toBe(400);
  });
});
