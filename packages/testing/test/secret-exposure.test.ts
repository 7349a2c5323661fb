import { describe, expect, it } from "vitest";
import { expectNoSecrets, exposedText, InvalidEmulatorOptionError, SecretExposedError } from "../src/index";

const SECRET = "s3cret-request-token-0123456789";
const JWT =
  "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmNvbnRvc28vYXBwIn0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbi0wMTIzNDU2";

/** What `expectNoSecrets` throws, or undefined. */
function failureOf(check: () => void): Error | undefined {
  try {
    check();
  } catch (error) {
    return error as Error;
  }
  return undefined;
}

describe("exposedText", () => {
  it("includes the message, stack, string and JSON forms of the error and of every cause", () => {
    const root = Object.assign(new Error(`socket said ${SECRET}`), { code: "ECONNRESET" });
    const middle = new Error("request failed", { cause: root });
    const error = Object.assign(new TypeError("outer", { cause: middle }), { body: "{json-only-field}" });
    const text = exposedText(error);
    expect(text).toContain(SECRET);
    expect(text).toContain("TypeError: outer");
    expect(text).toContain("{json-only-field}");
    expect(text).toContain('"code":"ECONNRESET"');
    expect(text).toContain("at "); // a stack frame
  });

  it("includes what only util.inspect shows, such as the contents of a Map", () => {
    const error = Object.assign(new Error("refused"), { headers: new Map([["authorization", SECRET]]) });
    expect(JSON.stringify(error)).not.toContain(SECRET);
    expect(exposedText(error)).toContain(SECRET);
  });

  it("follows the errors of an AggregateError", () => {
    const error = new AggregateError([new Error("first"), new Error(`second ${SECRET}`)], "all failed");
    expect(exposedText(error)).toContain(`second ${SECRET}`);
  });

  it("shows something thrown that is not an Error, and survives cycles and JSON that throws", () => {
    expect(exposedText(SECRET)).toContain(SECRET);
    expect(exposedText({ token: SECRET })).toContain(`"token":"${SECRET}"`);
    const cyclic: Error & { self?: unknown } = new Error(`cyclic ${SECRET}`);
    cyclic.cause = cyclic;
    cyclic.self = cyclic;
    expect(exposedText(cyclic)).toContain(`cyclic ${SECRET}`);
    const unserialisable = Object.assign(new Error("big"), { size: 10n });
    expect(exposedText(unserialisable)).toContain("JSON.stringify failed");
  });
});

describe("expectNoSecrets", () => {
  it("passes when no text holds a secret", () => {
    expect(() => expectNoSecrets(["nothing to see", "here"], [SECRET, JWT, /eyJ[\w-]+\.eyJ/])).not.toThrow();
  });

  it("names the secret by position and length and the text, never printing the secret", () => {
    const failure = failureOf(() =>
      expectNoSecrets(["clean", `Authorization: Bearer ${SECRET}`], ["x-other-secret", SECRET]),
    );
    expect(failure).toBeInstanceOf(SecretExposedError);
    expect(failure?.message).toBe(
      `secrets[1] (a secret of ${SECRET.length} characters, starting "s3cr") appears in text 2 of 2, at offset 22`,
    );
    expect(exposedText(failure)).not.toContain(SECRET);
  });

  it("takes one text as a string", () => {
    expect(() => expectNoSecrets(`leaked ${SECRET}`, [SECRET])).toThrow(SecretExposedError);
  });

  it("catches a JWT whose signature shows without the rest", () => {
    const signature = JWT.split(".")[2] ?? "";
    const failure = failureOf(() => expectNoSecrets([`token ...${signature}`], [JWT]));
    expect(failure).toBeInstanceOf(SecretExposedError);
    expect(failure?.message).toMatch(/^the JWT signature of secrets\[0\] \(a secret of \d+ characters/);
  });

  it("treats a RegExp as a pattern no text may match, whatever its flags", () => {
    const jwtShape = /eyJ[\w-]+\.eyJ/g;
    jwtShape.lastIndex = 500;
    const failure = failureOf(() => expectNoSecrets(["", `id_token=${JWT}`], [jwtShape]));
    expect(failure?.message).toBe(
      "text matching secrets[0] /eyJ[\\w-]+\\.eyJ/g appears in text 2 of 2, at offset 9",
    );
  });

  it("refuses an empty secret, which means the test never obtained it", () => {
    expect(() => expectNoSecrets(["text"], [SECRET, ""])).toThrow(InvalidEmulatorOptionError);
    expect(() => expectNoSecrets(["text"], [SECRET, ""])).toThrow(/Invalid secrets\[1\]: got ""/);
  });
});
