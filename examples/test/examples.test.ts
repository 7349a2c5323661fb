import { fileURLToPath } from "node:url";
import {
  blobServiceClientTrusting,
  type EntraEmulator,
  type RunningAzurite,
  startAzurite,
  startEntraEmulator,
  type TestCertificateAuthority,
  testCertificateAuthority,
} from "@azfed/testing";
import * as storageBlob from "@azure/storage-blob";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDemo } from "../demo/demo";
import { DEMO_PLATFORMS } from "../demo/platforms";

const EXAMPLES_DIRECTORY = fileURLToPath(new URL("../", import.meta.url));
/** Azurite's documented development account key (public, the same in every Azurite). */
const AZURITE_DEVELOPMENT_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/;

let ca: TestCertificateAuthority;
let entra: EntraEmulator;
let azurite: RunningAzurite;

beforeAll(async () => {
  ca = await testCertificateAuthority();
  [entra, azurite] = await Promise.all([
    startEntraEmulator({ ca }),
    startAzurite({ ca, resolveFrom: EXAMPLES_DIRECTORY }),
  ]);
});

afterAll(async () => {
  await Promise.all([entra?.close(), azurite?.close()]);
});

/**
 * Lists a container with the account key: a check that does not go through azfed at all. The
 * client's connections trust the test CA (`blobServiceClientTrusting`: this process's global trust
 * is left alone).
 */
async function blobsIn(container: string): Promise<string[]> {
  const credential = new storageBlob.StorageSharedKeyCredential(azurite.accountName, AZURITE_DEVELOPMENT_KEY);
  const service = blobServiceClientTrusting(storageBlob, { ca, accountUrl: azurite.accountUrl, credential });
  const names: string[] = [];
  for await (const blob of service.getContainerClient(container).listBlobsFlat()) names.push(blob.name);
  return names;
}

describe("examples/<platform>/index.ts, run as that platform's job against the emulators", () => {
  for (const platform of DEMO_PLATFORMS) {
    it(`${platform}: detects the platform, uploads and lists a blob, and explains a mismatched credential`, async () => {
      const lines: string[] = [];
      const result = await runDemo({
        platform,
        print: (line) => lines.push(line),
        services: { ca, entra, azurite },
      });
      const output = lines.join("\n");

      expect(result.problems).toEqual([]);
      expect(result.ok).toBe(true);
      expect(output).toMatch(new RegExp(`│ platform:  ${platform} \\(`));
      expect(output).toMatch(/│ token: {5}expires \d{4}-\d\d-\d\dT/);
      expect(output).toMatch(/Matched {5}federated credential "/);
      expect(output).toMatch(/Microsoft Entra refused the token exchange:/);
      expect(output).toMatch(/OK: Entra refused with AADSTS\d+/);
      expect(output).toMatch(/Compared with "[^"]+":\n {4}(issuer|subject|audience) +token has /);
      expect(output).not.toMatch(JWT);

      // The blob is really in Azurite, seen without azfed.
      const [container, ...name] = (result.uploadedBlob ?? "").split("/");
      expect(await blobsIn(container ?? "")).toContain(name.join("/"));

      // Entra issued a token to the matching app, and refused the mismatched one.
      const tokenRequests = entra.requests.filter((request) => request.endpoint === "token");
      const matching = tokenRequests.filter(
        (request) => request.form.client_id === result.clientIds?.matching,
      );
      const mismatched = tokenRequests.filter(
        (request) => request.form.client_id === result.clientIds?.mismatched,
      );
      expect(matching.map((request) => request.status)).toEqual([200]);
      if (platform === "managed-identity") {
        // The identity's token, issued in its home tenant, was exchanged in another tenant (where the
        // home tenant's multi-tenant app is provisioned), for the app's token there.
        const claims = matching[0]?.assertionClaims ?? {};
        const homeTenant = String(claims.tid);
        expect(claims).toMatchObject({
          iss: entra.issuer(homeTenant),
          sub: claims.oid,
          aud: "api://AzureADTokenExchange",
        });
        expect(claims.azp).not.toBe(claims.sub);
        expect(matching[0]?.path).toMatch(/^\/[0-9a-f-]{36}\/oauth2\/v2\.0\/token(\?|$)/);
        expect(matching[0]?.path).not.toContain(homeTenant);
      }
      expect(mismatched.length).toBeGreaterThan(0);
      expect(mismatched.every((request) => request.status >= 400 && request.errorCode !== undefined)).toBe(
        true,
      );
    });
  }
});
