import { describe, expect, it } from "vitest";
import { checkClaimsChallenge } from "../src/credential/claims-challenge";
import { InvalidInputError } from "../src/errors/invalid-input-error";

/** Entra's example challenge, decoded from the `claims` of its `WWW-Authenticate` header. */
const CHALLENGE = '{"access_token":{"acrs":{"essential":true,"value":"cp1"}}}';

describe("checkClaimsChallenge", () => {
  it("takes a JSON object of objects as it is, and no challenge (undefined or empty) as none", () => {
    expect(checkClaimsChallenge(CHALLENGE)).toBe(CHALLENGE);
    expect(checkClaimsChallenge('{"id_token":{},"access_token":{"nbf":null}}')).toBe(
      '{"id_token":{},"access_token":{"nbf":null}}',
    );
    expect(checkClaimsChallenge("{}")).toBe("{}");
    expect(checkClaimsChallenge(undefined)).toBeUndefined();
    expect(checkClaimsChallenge("")).toBeUndefined();
  });

  it.each([
    [
      "still base64-encoded",
      Buffer.from(CHALLENGE).toString("base64"),
      /in JSON \(a base64-encoded challenge must be decoded first\)/,
    ],
    ["not JSON", "not json", /in JSON/],
    ["a member that is a number", '{"id_token":1}', /JSON object whose members are JSON objects/],
    ["a member that is null", '{"access_token":null}', /JSON object whose members are JSON objects/],
    ["a member that is an array", '{"access_token":[]}', /JSON object whose members are JSON objects/],
    ["an array", "[]", /JSON object whose members are JSON objects/],
    ["JSON null", "null", /JSON object whose members are JSON objects/],
    ["a JSON string", '"claims"', /JSON object whose members are JSON objects/],
    ["not a string", 42, /a claims challenge as a JSON string/],
    [
      "longer than 16 KiB",
      `{"access_token":{"x":"${"a".repeat(16 * 1024)}"}}`,
      /at most 16384 characters \(got 16409\)/,
    ],
  ])("refuses a challenge %s, naming the field and how to fix it", (_, claims, expected) => {
    const refusal = (() => {
      try {
        checkClaimsChallenge(claims);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(InvalidInputError);
    const error = refusal as InvalidInputError;
    expect(error.field).toBe("getTokenOptions.claims");
    expect(error.expected).toMatch(expected);
    expect(error.message).toMatch(
      /Fix: pass the claims challenge decoded from the resource's WWW-Authenticate header/,
    );
  });

  it("takes exactly 16 KiB", () => {
    const claims = `{"a":{"b":"${"c".repeat(16 * 1024 - 14)}"}}`;
    expect(claims).toHaveLength(16 * 1024);
    expect(checkClaimsChallenge(claims)).toBe(claims);
  });
});
