import { randomUUID } from "node:crypto";
import { captureAzureLogs } from "@azfed/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { AuthenticationError } from "../src/diagnosis/authentication-error";
import { type Federation, routeEverythingTo, SCOPE, SUBJECT, useFederation } from "./federation-fixture";

// Two conventions for an external issuer's audience outside the public cloud: the cloud's own
// (the portal's default, Azure/login#452; Microsoft's SDKs' deriveAudience) and
// api://AzureADTokenExchange in every cloud (azure/login, the AKS webhook;
// terraform-provider-azuread#1755 shows AADSTS700212 when the two differ).
const USGOV_HOST = "https://login.microsoftonline.us";
const USGOV = "api://AzureADTokenExchangeUSGov";
const PUBLIC = "api://AzureADTokenExchange";

let federation: Federation;

useFederation((started) => {
  federation = started;
});
beforeEach(() => {
  federation.contexts.length = 0;
});

/** A new app registration (so nothing is remembered for it yet) with one credential for `audience`. */
function applicationTrusting(audience: string): string {
  const clientId = randomUUID();
  federation.entra.addApplication({
    clientId,
    tenantId: federation.tenantId,
    federatedCredentials: [
      { name: "main", issuer: federation.issuer.issuer, subject: SUBJECT, audiences: [audience] },
    ],
  });
  return clientId;
}

function credentialFor(clientId: string, options: { audience?: string; authorityHost?: string } = {}) {
  return federation.credential({
    clientId,
    authorityHost: options.authorityHost ?? USGOV_HOST,
    dispatcher: routeEverythingTo(federation.entra),
    ...(options.audience === undefined ? {} : { audience: options.audience }),
  });
}

const tokenRequests = () => federation.entra.requests.filter((request) => request.endpoint === "token");

describe("the cloud's own audience first, the other convention once on AADSTS700212", () => {
  it("a credential made with the cloud's audience matches at the first request", async () => {
    const clientId = applicationTrusting(USGOV);
    await credentialFor(clientId).getToken(SCOPE);
    expect(federation.contexts.map((context) => context.audience)).toEqual([USGOV]);
    expect(tokenRequests()).toHaveLength(1);
  });

  it("a credential made with api://AzureADTokenExchange costs exactly one extra exchange, then is remembered", async () => {
    const clientId = applicationTrusting(PUBLIC);
    const logs = captureAzureLogs({ level: "info" });
    let token = "";
    try {
      token = (await credentialFor(clientId).getToken(SCOPE)).token;
    } finally {
      logs.restore();
    }
    expect(federation.contexts.map((context) => context.audience)).toEqual([USGOV, PUBLIC]);
    // The first ask names the other convention, so a provider with a fixed audience can choose.
    expect(federation.contexts[0]?.alternateAudience).toBe(PUBLIC);
    expect(tokenRequests()).toHaveLength(2);
    const said = logs.lines.join("\n");
    expect(said).toContain(`no federated credential for audience ${USGOV} (AADSTS700212)`);
    expect(said).toContain(`client id ${clientId} at ${USGOV_HOST} matched audience ${PUBLIC}`);
    for (const secret of [token, ...federation.minted]) expect(said).not.toContain(secret);

    // Remembered for the process: another credential for the same app asks for it first.
    federation.contexts.length = 0;
    await credentialFor(clientId).getToken("https://vault.usgovcloudapi.net/.default");
    expect(federation.contexts.map((context) => context.audience)).toEqual([PUBLIC]);
    expect(tokenRequests()).toHaveLength(3);
  });

  it("never retries an audience the user chose", async () => {
    const clientId = applicationTrusting(PUBLIC);
    const error = await credentialFor(clientId, { audience: USGOV })
      .getToken(SCOPE)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).aadsts).toContain(700212);
    expect(federation.contexts.map((context) => context.audience)).toEqual([USGOV]);
    expect(federation.contexts[0]?.alternateAudience).toBeUndefined();
    expect(tokenRequests()).toHaveLength(1);
  });

  it("never retries in the public cloud, whose two conventions are one audience", async () => {
    const clientId = applicationTrusting(USGOV);
    const error = await credentialFor(clientId, { authorityHost: "https://login.microsoftonline.com" })
      .getToken(SCOPE)
      .catch((caught: unknown) => caught);
    expect((error as AuthenticationError).aadsts).toContain(700212);
    expect(tokenRequests()).toHaveLength(1);
  });

  it("retries once only: when neither convention matches, the second refusal is thrown", async () => {
    const clientId = applicationTrusting("api://something-else");
    const error = await credentialFor(clientId)
      .getToken(SCOPE)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).aadsts).toContain(700212);
    expect(federation.contexts.map((context) => context.audience)).toEqual([USGOV, PUBLIC]);
    expect(tokenRequests()).toHaveLength(2);
  });

  it("does not retry a refusal that is not about the audience", async () => {
    const clientId = randomUUID();
    federation.entra.addApplication({
      clientId,
      tenantId: federation.tenantId,
      federatedCredentials: [
        {
          name: "main",
          issuer: federation.issuer.issuer,
          subject: "repo:contoso/other:ref:refs/heads/main",
          audiences: [USGOV],
        },
      ],
    });
    const error = await credentialFor(clientId)
      .getToken(SCOPE)
      .catch((caught: unknown) => caught);
    expect((error as AuthenticationError).aadsts).not.toContain(700212);
    expect(tokenRequests()).toHaveLength(1);
  });

  it("does not retry when the provider presented the other convention already (its audience is fixed)", async () => {
    const clientId = applicationTrusting("api://something-else");
    // A provider whose token always carries api://AzureADTokenExchange, whatever it is asked.
    const asked: string[] = [];
    const credential = federation.credential({
      clientId,
      authorityHost: USGOV_HOST,
      dispatcher: routeEverythingTo(federation.entra),
      assertion: async (context) => {
        asked.push(context.audience);
        return federation.assertion({ ...context, audience: PUBLIC });
      },
    });
    const error = await credential.getToken(SCOPE).catch((caught: unknown) => caught);
    expect((error as AuthenticationError).aadsts).toContain(700212);
    // Asked again for the other convention, its token still carries api://AzureADTokenExchange:
    // nothing new to present, so no second token request, and Entra's first refusal is thrown.
    expect(asked).toEqual([USGOV, USGOV]);
    expect(tokenRequests()).toHaveLength(1);
  });
});
