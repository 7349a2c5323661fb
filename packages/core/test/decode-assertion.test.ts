import { expectNoSecrets, exposedText, unsignedJwt } from "@azfed/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeAssertion, InvalidAssertionError } from "../src/fic/decode-assertion";

const claims = {
  iss: "https://token.actions.githubusercontent.com",
  sub: "repo:contoso/app:ref:refs/heads/main",
  aud: "api://AzureADTokenExchange",
  iat: 1_700_000_000,
  nbf: 1_700_000_000,
  exp: 1_700_000_300,
  job_workflow_ref: "contoso/app/.github/workflows/deploy.yml@refs/heads/main",
};

function decodeError(input: unknown): InvalidAssertionError {
  try {
    decodeAssertion(input as string);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidAssertionError);
    return error as InvalidAssertionError;
  }
  throw new Error("decodeAssertion accepted the input");
}

const b64 = (value: string) => Buffer.from(value).toString("base64url");
const header = b64(JSON.stringify({ alg: "RS256" }));

describe("decodeAssertion", () => {
  it("returns every claim, typed ones included", () => {
    expect(decodeAssertion(unsignedJwt(claims))).toEqual(claims);
  });

  it("accepts an array audience and a token without exp", () => {
    const decoded = decodeAssertion(unsignedJwt({ iss: "https://i", sub: "s", aud: ["a", "b"] }));
    expect(decoded.aud).toEqual(["a", "b"]);
    expect(decoded.exp).toBeUndefined();
  });

  it.each([
    ["empty", "", "empty", "assertion", /it is empty/],
    ["blank", "   \n", "empty", "assertion", /only whitespace/],
    [
      "trailing newline",
      `${unsignedJwt(claims)}\n`,
      "whitespace",
      "assertion",
      /trailing whitespace.*newline at the end of a token file/,
    ],
    ["one part", "notajwtatall", "not-three-parts", "assertion", /1 dot-separated part \(12 characters\)/],
    ["five parts", "a.b.c.d.e", "not-three-parts", "assertion", /encrypted JWT \(JWE\)/],
    ["JSON answer", '{"value":"abc.def.ghi"}', "not-three-parts", "assertion", /JSON, not a JWT.*`value`/],
    [
      "HTML page",
      "<html><body>Sign in</body></html>",
      "not-three-parts",
      "assertion",
      /HTML or XML document/,
    ],
    ["empty header", `.${b64("{}")}.sig`, "bad-base64url", "assertion.header", /header part is empty/],
    ["empty payload", `${header}..sig`, "bad-base64url", "assertion.payload", /payload part is empty/],
    ["padding", `${header}.abc=.sig`, "bad-base64url", "assertion.payload", /padding '=' at position 3/],
    [
      "standard base64",
      `${header}.ab+c.sig`,
      "bad-base64url",
      "assertion.payload",
      /standard-base64 character '\+'/,
    ],
    ["space inside", `${header}.ab c.sig`, "bad-base64url", "assertion.payload", /whitespace at position 2/],
    [
      "impossible length",
      `${header}.a.sig`,
      "bad-base64url",
      "assertion.payload",
      /not valid base64url \(1 character\)/,
    ],
    [
      "bad header base64",
      `x.${b64(JSON.stringify(claims))}.sig`,
      "bad-base64url",
      "assertion.header",
      /header part is not valid base64url/,
    ],
    [
      "payload not JSON",
      `${header}.${b64("not json")}.sig`,
      "not-json",
      "assertion.payload",
      /does not decode to JSON/,
    ],
    [
      "header not JSON",
      `${b64("nope")}.${b64("{}")}.sig`,
      "not-json",
      "assertion.header",
      /header part does not decode to JSON/,
    ],
    [
      "payload array",
      `${header}.${b64("[1,2]")}.sig`,
      "not-an-object",
      "assertion.payload",
      /JSON array, not an object/,
    ],
    [
      "no iss",
      unsignedJwt({ sub: "s", aud: "a" }),
      "missing-claim",
      "assertion.claims.iss",
      /no `iss` claim \(the issuer URL\)/,
    ],
    [
      "empty sub",
      unsignedJwt({ iss: "https://i", sub: "", aud: "a" }),
      "missing-claim",
      "assertion.claims.sub",
      /no `sub` claim/,
    ],
    [
      "empty aud",
      unsignedJwt({ iss: "https://i", sub: "s", aud: [] }),
      "missing-claim",
      "assertion.claims.aud",
      /no `aud` claim/,
    ],
    [
      "numeric iss",
      unsignedJwt({ iss: 42, sub: "s", aud: "a" }),
      "invalid-claim",
      "assertion.claims.iss",
      /`iss` claim is 42/,
    ],
    [
      "numeric aud",
      unsignedJwt({ iss: "https://i", sub: "s", aud: [1] }),
      "invalid-claim",
      "assertion.claims.aud",
      /is \[1\]/,
    ],
    [
      "string exp",
      unsignedJwt({ iss: "https://i", sub: "s", aud: "a", exp: "soon" }),
      "invalid-claim",
      "assertion.claims.exp",
      /"soon"/,
    ],
  ])("explains %s", (_label, input, reason, field, message) => {
    const error = decodeError(input);
    expect(error.reason).toBe(reason);
    expect(error.field).toBe(field);
    expect(error.name).toBe("InvalidAssertionError");
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/expected .+\. Fix: .+\.$/);
    expect(error.expected.length).toBeGreaterThan(0);
  });

  it("rejects a value that is not a string", () => {
    const error = decodeError(42);
    expect(error.reason).toBe("not-a-string");
    expect(error.message).toContain("type number");
  });

  it("keeps the jose error as the cause of a decoding failure", () => {
    expect(decodeError(`${header}.${b64("not json")}.sig`).cause).toBeInstanceOf(Error);
  });

  it("never puts the token, or a part of it, in anything the error shows", () => {
    const secretPayload = b64(
      JSON.stringify({ iss: "https://i", aud: "a", secret: "s3cr3t-value-0123456789" }),
    );
    const signature = "SIGNATURE-0123456789abcdefghijklmnop";
    const token = `${header}.${secretPayload}.${signature}`;
    const error = decodeError(token);
    expectNoSecrets(exposedText(error), [token, secretPayload, signature]);
  });

  it("round-trips any claims object with iss, sub and aud (property)", () => {
    fc.assert(
      fc.property(
        fc.record({
          iss: fc.webUrl(),
          sub: fc.string({ minLength: 1 }),
          aud: fc.oneof(fc.string({ minLength: 1 }), fc.array(fc.string({ minLength: 1 }), { minLength: 1 })),
          exp: fc.integer({ min: 0, max: 4_000_000_000 }),
          extra: fc.jsonValue(),
        }),
        (payload) => {
          expect(decodeAssertion(unsignedJwt(payload))).toEqual(JSON.parse(JSON.stringify(payload)));
        },
      ),
    );
  });

  it("never echoes a malformed input in its error (property)", () => {
    const base64urlText = fc.stringMatching(/^[A-Za-z0-9_-]{12,60}$/);
    const malformed = fc.oneof(
      base64urlText,
      fc.tuple(base64urlText, base64urlText).map(([a, b]) => `${a}.${b}`),
      fc.tuple(base64urlText, base64urlText, base64urlText).map(([a, b, c]) => `${a}.${b}.${c}`),
      fc.tuple(base64urlText, base64urlText).map(([a, b]) => `${a}.${b}.${a}.${b}`),
    );
    fc.assert(
      fc.property(malformed, (input) => {
        let error: unknown;
        try {
          decodeAssertion(input);
        } catch (caught) {
          error = caught;
        }
        if (error === undefined) return; // a random string that happens to be a JWT with iss/sub/aud
        expect(error).toBeInstanceOf(InvalidAssertionError);
        const message = (error as Error).message;
        for (const part of input.split(".")) expect(message).not.toContain(part);
      }),
    );
  });
});

describe("claim times within a Date's range (issue 20)", () => {
  it("refuses exp, nbf or iat beyond ±8.64e12 s, which no Date can hold", () => {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const claim of ["exp", "nbf", "iat"]) {
      const token = `${part({ alg: "RS256" })}.${part({ iss: "https://x.test", sub: "s", aud: "a", [claim]: 1e300 })}.c2ln`;
      expect(() => decodeAssertion(token)).toThrow(
        new RegExp(`assertion.claims.${claim}.*at most 8640000000000`),
      );
    }
  });
});
