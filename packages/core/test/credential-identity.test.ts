import { describe, expect, it } from "vitest";
import { FederatedTokenCredential } from "../src/credential/federated-token-credential";
import {
  isResolvedIdentity,
  resolveIdentity,
  withPlatformIdentity,
} from "../src/credential/resolve-identity";
import { InvalidInputError } from "../src/errors/invalid-input-error";
import type { AssertionProvider } from "../src/provider/assertion-provider";
import { type Federation, SCOPE, useFederation } from "./federation-fixture";

let federation: Federation;
useFederation((started) => {
  federation = started;
});

/** A provider whose platform was detected elsewhere: asking again would fail the test. */
function detectedElsewhere(): AssertionProvider & { detectCalls: number } {
  const provider = {
    name: "detected-elsewhere",
    detectCalls: 0,
    detect() {
      provider.detectCalls++;
      return { available: false, reason: "asked again" } as const;
    },
    getAssertion: (ctx: Parameters<AssertionProvider["getAssertion"]>[0]) => federation.assertion(ctx),
  };
  return provider;
}

describe("FederatedTokenCredential takes a settled identity as it is", () => {
  it("uses identity from resolveIdentity without asking the provider's detect again", async () => {
    const provider = detectedElsewhere();
    const identity = resolveIdentity({
      tenantId: federation.tenantId,
      clientId: federation.clientId,
      authorityHost: federation.entra.url,
      env: {},
    });
    const credential = new FederatedTokenCredential({
      identity,
      assertion: provider,
      dispatcher: federation.entra.dispatcher,
    });
    await expect(credential.getToken(SCOPE)).resolves.toMatchObject({ tokenType: "Bearer" });
    expect(provider.detectCalls).toBe(0);
  });

  it("refuses an identity resolveIdentity did not return (its values were never checked)", () => {
    const forged = {
      tenantId: "contoso tenant",
      clientId: federation.clientId,
      authorityHost: federation.entra.url,
    };
    const error = (() => {
      try {
        return new FederatedTokenCredential({ identity: forged, assertion: () => "unused" });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe("identity");
  });

  it("refuses an identity without a client, and one given with tenantId beside it", () => {
    const noClient = resolveIdentity({ tenantId: federation.tenantId, env: {} });
    expect(() => new FederatedTokenCredential({ identity: noClient, assertion: () => "unused" })).toThrow(
      /Invalid identity/,
    );
    const whole = resolveIdentity({ tenantId: federation.tenantId, clientId: federation.clientId, env: {} });
    expect(
      () =>
        new FederatedTokenCredential({
          identity: whole,
          tenantId: federation.tenantId,
          assertion: () => "unused",
        }),
    ).toThrow(/Invalid identity: got "given with tenantId"/);
  });
});

describe("withPlatformIdentity: the platform fills in what options and environment left out", () => {
  const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  const CLIENT = "00000000-0000-0000-0000-000000000001";

  it("keeps the configured values and checks only the platform's", () => {
    const configured = resolveIdentity({ clientId: CLIENT, env: {} });
    const settled = withPlatformIdentity(configured, {
      name: "azure-pipelines",
      tenantId: TENANT,
      clientId: "ignored",
    });
    expect(settled).toMatchObject({ tenantId: TENANT, clientId: CLIENT });
    expect(isResolvedIdentity(settled)).toBe(true);
    expect(() =>
      withPlatformIdentity(configured, { name: "azure-pipelines", tenantId: "not a tenant" }),
    ).toThrow(/Invalid tenantId \(from the azure-pipelines platform\)/);
  });

  it("checks every value of an identity it did not resolve", () => {
    expect(() =>
      withPlatformIdentity(
        { tenantId: "not a tenant", clientId: CLIENT, authorityHost: "https://x.example" },
        undefined,
      ),
    ).toThrow(/Invalid tenantId/);
  });
});
