import { randomUUID } from "node:crypto";
import { type ConformanceCase, conformanceCorpus } from "@azfed/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { cloudForAuthorityHost } from "../src/clouds";
import { AuthenticationError } from "../src/diagnosis/authentication-error";
import { type Federation, routeEverythingTo, SCOPE, SUBJECT, useFederation } from "./federation-fixture";

// The cited exchange cases of packages/testing/conformance/entra.json (issue 19, item 4): in a cloud
// with two audience conventions, the credential asks for the cloud's own first and, when the user
// chose no audience and Entra answers AADSTS700212, once for the other; a chosen audience is kept.
// Each runs a real exchange against the Entra emulator, its host routed there.
const cases = conformanceCorpus("entra").cases.filter(
  (c) => typeof c.input.settings?.authorityHost === "string" && c.input.fic !== undefined,
);

let federation: Federation;
useFederation((started) => {
  federation = started;
});
beforeEach(() => {
  federation.contexts.length = 0;
  federation.claims = {};
});

interface ExchangeSettings {
  readonly authorityHost: string;
  readonly audience?: string | undefined;
}

describe("Entra conformance: the exchange audience in a cloud with two conventions", () => {
  it("the corpus has the cases (a retry, a first match, a chosen audience)", () => {
    expect(cases.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        "china-700212-retry-finds-azure-login-audience",
        "usgov-portal-audience-matches-first",
        "china-chosen-audience-not-retried",
      ]),
    );
  });

  it.each(cases.map((c) => [c.id, c] as const))("%s", async (_id, testCase: ConformanceCase) => {
    const settings = testCase.input.settings as unknown as ExchangeSettings;
    const fic = testCase.input.fic as { issuer: string; subject: string; audiences: string[] };
    const cloudAudience = cloudForAuthorityHost(settings.authorityHost)?.exchangeAudience;
    expect(cloudAudience).toBeDefined();
    // The case's issuer is a documented one: its tokens are signed by the local issuer's keys.
    federation.entra.locateIssuer(fic.issuer, federation.issuer.issuer);
    federation.claims = { iss: fic.issuer, sub: fic.subject };
    expect(fic.subject).toBe(SUBJECT);
    const clientId = randomUUID();
    federation.entra.addApplication({
      clientId,
      tenantId: federation.tenantId,
      federatedCredentials: [
        { name: "main", issuer: fic.issuer, subject: fic.subject, audiences: fic.audiences },
      ],
    });
    const credential = federation.credential({
      clientId,
      authorityHost: settings.authorityHost,
      dispatcher: routeEverythingTo(federation.entra),
      ...(settings.audience === undefined ? {} : { audience: settings.audience }),
    });
    const asked = () => federation.contexts.map((context) => context.audience);

    const refusal = testCase.expected.refusal;
    if (refusal !== undefined) {
      const error = await credential.getToken(SCOPE).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(AuthenticationError);
      for (const part of refusal.message) expect((error as Error).message).toContain(part);
      expect(asked()).toEqual([settings.audience]);
      return;
    }
    const token = await credential.getToken(SCOPE);
    expect(token?.token).toBeTruthy();
    const matched = testCase.expected.audience as string;
    // The cloud's own audience first; the other convention only after AADSTS700212, once.
    expect(asked()).toEqual(matched === cloudAudience ? [cloudAudience] : [cloudAudience, matched]);
  });
});
