import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../src/errors/invalid-input-error";
import { type Federation, SCOPE, useFederation } from "./federation-fixture";

let federation: Federation;

useFederation((started) => {
  federation = started;
});

/** Entra's example challenge, decoded from the `claims` of its `WWW-Authenticate` header. */
const CHALLENGE = '{"access_token":{"acrs":{"essential":true,"value":"cp1"}}}';

describe("getToken with a claims challenge", () => {
  it("refuses a malformed challenge before asking the provider or Entra, with an InvalidInputError", async () => {
    const credential = federation.credential();
    for (const claims of ["not json", '{"id_token":1}', Buffer.from(CHALLENGE).toString("base64")]) {
      await expect(credential.getToken(SCOPE, { enableCae: true, claims })).rejects.toThrow(
        InvalidInputError,
      );
    }
    expect(federation.contexts).toHaveLength(0);
    expect(federation.entra.count("token")).toBe(0);
  });

  it("sends a well-formed challenge to Entra, past the cache", async () => {
    const credential = federation.credential();
    const first = await credential.getToken(SCOPE, { enableCae: true });
    const challenged = await credential.getToken(SCOPE, { enableCae: true, claims: CHALLENGE });
    expect(challenged.token).not.toBe(first.token);
    const sent = federation.entra.requests.filter((request) => request.endpoint === "token");
    expect(sent).toHaveLength(2);
    expect(JSON.parse(String(sent[1]?.form.claims))).toMatchObject(JSON.parse(CHALLENGE));
  });
});
