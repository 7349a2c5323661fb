import { randomUUID } from "node:crypto";
import { captureAzureLogs } from "@azfed/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { KNOWN_CLOUDS } from "../src/clouds";
import { createMsalTokenExchange } from "../src/credential/msal-exchange";
import { AuthenticationError } from "../src/diagnosis/authentication-error";
import { AssertionFetchError } from "../src/errors/assertion-fetch-error";
import type { AssertionContext } from "../src/provider/assertion-provider";
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

function credentialFor(
  clientId: string,
  options: {
    audience?: string;
    authorityHost?: string;
    assertion?: (context: AssertionContext) => Promise<string>;
  } = {},
) {
  return federation.credential({
    clientId,
    authorityHost: options.authorityHost ?? USGOV_HOST,
    dispatcher: routeEverythingTo(federation.entra),
    ...(options.audience === undefined ? {} : { audience: options.audience }),
    ...(options.assertion === undefined ? {} : { assertion: options.assertion }),
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
    expect(said).toContain(
      `azfed:info FederatedTokenCredential: Entra has no federated credential for audience ${USGOV} (AADSTS700212); ` +
        `asking assertion callback once for ${PUBLIC}, the other audience convention of the cloud`,
    );
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

/** The info lines of one failed `getToken`, and what it threw. */
async function failureOf(run: () => Promise<unknown>): Promise<{ error: unknown; said: string }> {
  const logs = captureAzureLogs({ level: "info" });
  try {
    const error = await run().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    return { error, said: logs.text() };
  } finally {
    logs.restore();
  }
}

const noSecondRequest = (audience: string) =>
  `azfed:info FederatedTokenCredential: assertion callback has no token for ${audience} (its audience is fixed outside azfed); no second token request`;

describe("which error a failed AADSTS700212 retry throws", () => {
  it("the first refusal when the provider fails for the other audience", async () => {
    const clientId = applicationTrusting(PUBLIC);
    const credential = credentialFor(clientId, {
      assertion: async (context) => {
        if (context.audience === PUBLIC)
          throw new AssertionFetchError({ provider: "test", message: "no such audience" });
        return federation.assertion(context);
      },
    });
    const { error, said } = await failureOf(() => credential.getToken(SCOPE));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).aadsts).toContain(700212);
    expect(said).toContain(noSecondRequest(PUBLIC));
    expect(tokenRequests()).toHaveLength(1);
  });

  it("the first refusal when the provider's token for the other audience still carries the first", async () => {
    const clientId = applicationTrusting(PUBLIC);
    const asked: string[] = [];
    const credential = credentialFor(clientId, {
      assertion: async (context: AssertionContext) => {
        asked.push(context.audience);
        return federation.assertion({ ...context, audience: USGOV });
      },
    });
    const { error, said } = await failureOf(() => credential.getToken(SCOPE));
    expect((error as AuthenticationError).aadsts).toContain(700212);
    expect(asked).toEqual([USGOV, PUBLIC]);
    expect(said).toContain(noSecondRequest(PUBLIC));
    expect(tokenRequests()).toHaveLength(1);
  });

  it("the retry's own refusal when Entra refuses the retry for another reason", async () => {
    const clientId = applicationTrusting(PUBLIC);
    const credential = credentialFor(clientId, {
      assertion: (context) =>
        context.audience === PUBLIC
          ? federation.issuer.mint({ sub: SUBJECT, aud: PUBLIC }, { expired: true })
          : federation.assertion(context),
    });
    const { error, said } = await failureOf(() => credential.getToken(SCOPE));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).aadsts).toEqual([700024]);
    expect(said).not.toContain("no second token request");
    expect(tokenRequests()).toHaveLength(2);
  });

  it("the abort's reason when the caller aborts during the retry", async () => {
    const clientId = applicationTrusting(PUBLIC);
    const controller = new AbortController();
    const reason = new Error("the caller gave up during the retry");
    const exchange = createMsalTokenExchange({
      clientId,
      tenantId: federation.tenantId,
      provider: {
        name: "aborted-platform",
        getAssertion: async (context) => {
          if (context.audience === PUBLIC) controller.abort(reason);
          return federation.assertion(context);
        },
      },
      authorityHost: USGOV_HOST,
      cloud: KNOWN_CLOUDS.usgov,
      audience: USGOV,
      audienceChosen: false,
      disableInstanceDiscovery: false,
      dispatcher: routeEverythingTo(federation.entra),
      timeoutMs: 30_000,
      clock: Date.now,
    });
    const error = await exchange({
      scopes: [SCOPE],
      tenantId: federation.tenantId,
      enableCae: false,
      signal: controller.signal,
      deadline: Date.now() + 30_000,
    }).catch((caught: unknown) => caught);
    expect(error).toBe(reason);
    expect(tokenRequests()).toHaveLength(1);
  });
});
