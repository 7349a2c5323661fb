// A plain getToken (one scope string, no tenant, CAE, claims or proof-of-possession) is answered from
// the cache key of the last plain request without working the key out again. These pin the requests
// that must not take that shortcut (survivors of a mutation run of
// credential/federated-token-credential.ts, issue 20), and that scopes given as an array are cached
// under the same key as the string.
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../src/errors/invalid-input-error";
import { type Federation, SCOPE, useFederation } from "./federation-fixture";

let federation: Federation;

useFederation((started) => {
  federation = started;
});

const CHALLENGE = JSON.stringify({ access_token: { nbf: { essential: true, value: "1700000000" } } });

describe("the last plain request's cache key", () => {
  it("a claims challenge after a plain request still goes to Entra", async () => {
    const credential = federation.credential();
    const plain = await credential.getToken(SCOPE);
    const challenged = await credential.getToken(SCOPE, { claims: CHALLENGE });
    expect(challenged.token).not.toBe(plain.token);
    expect(federation.entra.count("token")).toBe(2);
  });

  it("proof-of-possession options after a plain request are still refused, naming what is expected", async () => {
    const credential = federation.credential();
    await credential.getToken(SCOPE);
    const error = await credential
      .getToken(SCOPE, {
        proofOfPossessionOptions: {
          nonce: "n",
          resourceRequestMethod: "GET",
          resourceRequestUrl: "https://a",
        },
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    // Its text once said "bearer tokens", and redact() took "bearer tokens." for a credential.
    expect((error as Error).message).toBe(
      'Invalid getTokenOptions.proofOfPossessionOptions: got "set"; ' +
        "expected no proof-of-possession options: FederatedTokenCredential does not issue proof-of-possession (PoP) tokens.",
    );
  });

  it("scopes given as an array are cached too, in any order", async () => {
    const credential = federation.credential();
    const first = await credential.getToken([SCOPE]);
    expect(await credential.getToken([SCOPE])).toBe(first);
    expect(await credential.getToken(SCOPE)).toBe(first);
    expect(await credential.getToken([SCOPE])).toBe(first);
    expect(federation.entra.count("token")).toBe(1);
  });
});
