import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { fetch } from "undici";
import { describe, expect, it } from "vitest";
import { type EntraTokenResponse, InvalidEmulatorOptionError, startEntraEmulator } from "../src/index";
import {
  clientId,
  entra,
  exchange,
  exchangeAudience,
  expectRefusal,
  issuer,
  jwtBearer,
  mint,
  multiTenantClientId,
  otherTenantId,
  scope,
  subject,
  tenantId,
  useEntraEmulatorUnderTest,
} from "./entra-emulator-under-test";

describe("startEntraEmulator", () => {
  useEntraEmulatorUnderTest();

  describe("a successful exchange", () => {
    it("returns an Entra-shaped token response and a v1 app token for the scope's resource", async () => {
      const result = await exchange(await mint());
      expect(result.status).toBe(200);
      const body = result.body as EntraTokenResponse;
      expect(Object.keys(body)).toEqual(["token_type", "expires_in", "ext_expires_in", "access_token"]);
      expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599 });
      expect(result.headers.get("cache-control")).toBe("no-store, no-cache");
      const claims = await entra.verifyAccessToken(body.access_token);
      expect(claims).toMatchObject({
        aud: "https://management.azure.com",
        iss: `https://sts.windows.net/${tenantId}/`,
        appid: clientId,
        tid: tenantId,
        ver: "1.0",
        idtyp: "app",
      });
      expect(claims.oid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(claims.sub).toBe(claims.oid);
      expect((claims.exp as number) - (claims.iat as number)).toBe(3599);
      expect(claims.nbf).toBe(claims.iat);
      expect(claims.xms_cc).toBeUndefined();
    });

    it("sends refresh_in (half the lifetime) only for lifetimes over two hours", async () => {
      entra.setTokenLifetime(86_399);
      try {
        const body = (await exchange(await mint())).body as EntraTokenResponse;
        expect(body.expires_in).toBe(86_399);
        expect(body.refresh_in).toBe(43_199);
        entra.setTokenLifetime(7200);
        expect(((await exchange(await mint())).body as EntraTokenResponse).refresh_in).toBeUndefined();
      } finally {
        entra.setTokenLifetime(3599);
      }
    });

    it("sends the refresh_in set with setRefreshIn, even one Entra would not send, until unset or reset", async () => {
      const refreshIn = async () => ((await exchange(await mint())).body as EntraTokenResponse).refresh_in;
      entra.setRefreshIn(600);
      expect(await refreshIn()).toBe(600);
      entra.setRefreshIn(0);
      expect(await refreshIn()).toBe(0);
      entra.setRefreshIn(5000); // above expires_in (3599)
      expect(await refreshIn()).toBe(5000);
      entra.setRefreshIn(undefined);
      expect(await refreshIn()).toBeUndefined();
      entra.setRefreshIn(600);
      entra.reset();
      expect(await refreshIn()).toBeUndefined();
      entra.setTokenLifetime(86_399);
      try {
        expect(await refreshIn()).toBe(43_199);
      } finally {
        entra.setTokenLifetime(3599);
      }
    });

    it("refuses a refresh_in that is not a whole number of seconds from 0 to 172800, naming it", () => {
      for (const bad of [-1, 1.5, Number.NaN, 172_801]) {
        expect(() => entra.setRefreshIn(bad)).toThrow(
          /refreshInSeconds.*whole number of seconds from 0 to 172800/s,
        );
      }
      expect(() => entra.setRefreshIn(172_800)).not.toThrow();
      entra.setRefreshIn(undefined);
    });

    it("adds xms_cc when the claims parameter asks for client capabilities (CAE)", async () => {
      const result = await exchange(await mint(), {
        claims: JSON.stringify({ access_token: { xms_cc: { values: ["cp1"] } } }),
      });
      const claims = decodeJwt((result.body as EntraTokenResponse).access_token);
      expect(claims.xms_cc).toEqual(["cp1"]);
    });

    it("lets a multi-tenant app get tokens in another tenant, and refuses a single-tenant one (700016)", async () => {
      const multi = await exchange(await mint(), { client_id: multiTenantClientId }, otherTenantId);
      expect(multi.status).toBe(200);
      expect(decodeJwt((multi.body as EntraTokenResponse).access_token).tid).toBe(otherTenantId);
      const single = await exchange(await mint(), {}, otherTenantId);
      expectRefusal(single, {
        code: 700016,
        error: "unauthorized_client",
        status: 400,
        message: new RegExp(
          `Application with identifier '${clientId}' was not found in the directory '${otherTenantId}'`,
        ),
      });
    });

    it("accepts tokens signed by a rotated key (refetching the JWKS once for an unknown key id)", async () => {
      expect((await exchange(await mint())).status).toBe(200);
      const fetchesBefore = issuer.count("keys");
      await issuer.rotateKeys();
      expect((await exchange(await mint())).status).toBe(200);
      expect(issuer.count("keys")).toBe(fetchesBefore + 1);
      expect((await exchange(await mint())).status).toBe(200);
      expect(issuer.count("keys")).toBe(fetchesBefore + 1);
    });
  });

  describe("registration checks", () => {
    it("refuses credentials Entra would refuse, naming the field and the fix", () => {
      const base = { name: "ok-name", issuer: issuer.issuer, subject: "s", audiences: [exchangeAudience] };
      const attempts: [Record<string, unknown>, RegExp][] = [
        [{ ...base, name: "x" }, /federatedCredentials\[0\]\.name/],
        [{ ...base, audiences: [] }, /federatedCredentials\[0\]\.audiences.*exactly one audience/],
        [{ ...base, audiences: ["a", "b"] }, /exactly one audience/],
        [{ ...base, subject: "x".repeat(601) }, /federatedCredentials\[0\]\.subject.*600/],
        [{ ...base, subject: undefined }, /exactly one of subject and claimsMatchingExpression/],
      ];
      for (const [credential, message] of attempts) {
        const attempt = () =>
          entra.addApplication({
            clientId: "4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a",
            federatedCredentials: [credential as never],
          });
        expect(attempt).toThrow(InvalidEmulatorOptionError);
        expect(attempt).toThrow(message);
      }
      const twentyOne = Array.from({ length: 21 }, (_, index) => ({
        ...base,
        name: `fic-${index}`,
        subject: `s${index}`,
      }));
      expect(() =>
        entra.addApplication({
          clientId: "4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a",
          federatedCredentials: twentyOne,
        }),
      ).toThrow(/at most 20 federated credentials/);
      expect(() => entra.addFederatedCredential(randomUUID(), base)).toThrow(/call addApplication/);
    });

    it("loads applications from a JSON config file", async () => {
      const directory = mkdtempSync(join(tmpdir(), "azfed-entra-config-"));
      try {
        const configFile = join(directory, "entra.json");
        const configClientId = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b";
        writeFileSync(
          configFile,
          JSON.stringify({
            applications: [
              {
                clientId: configClientId,
                tenantId,
                federatedCredentials: [
                  { name: "from-file", issuer: issuer.issuer, subject, audiences: [exchangeAudience] },
                ],
              },
            ],
          }),
        );
        const fromFile = await startEntraEmulator({ configFile });
        try {
          const response = await fetch(`${fromFile.url}/${tenantId}/oauth2/v2.0/token`, {
            method: "POST",
            dispatcher: fromFile.dispatcher,
            body: new URLSearchParams({
              grant_type: "client_credentials",
              client_id: configClientId,
              scope,
              client_assertion_type: jwtBearer,
              client_assertion: await mint(),
            }),
          });
          expect(response.status).toBe(200);
        } finally {
          await fromFile.close();
        }
        writeFileSync(
          configFile,
          JSON.stringify({
            applications: [{ clientId: configClientId, federatedCredentials: [{ name: "x" }] }],
          }),
        );
        await expect(startEntraEmulator({ configFile })).rejects.toThrow(
          /configFile .*entra\.json applications\[0\]\.federatedCredentials\[0\]\.name/,
        );
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    });
  });
});
