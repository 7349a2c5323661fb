import { describe, expect, it } from "vitest";
import { MAX_TOKEN_LIFETIME_SECONDS, readTokenReply } from "../src/credential/token-reply";
import { AuthenticationError } from "../src/diagnosis/authentication-error";
import { REDACTED } from "../src/redact";

const TOKEN = "opaque-access-token-value";

function refusal(reply: unknown): AuthenticationError {
  try {
    readTokenReply(reply);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthenticationError);
    return error as AuthenticationError;
  }
  return expect.unreachable("expected the reply to be refused");
}

describe("readTokenReply", () => {
  it("reads access_token, expires_in and refresh_in", () => {
    expect(
      readTokenReply({ access_token: TOKEN, expires_in: 3599, refresh_in: 1800, token_type: "Bearer" }),
    ).toEqual({
      accessToken: TOKEN,
      expiresInSeconds: 3599,
      refreshInSeconds: 1800,
    });
  });

  it("reads Entra v1's numeric strings, around whitespace, and fractions", () => {
    expect(readTokenReply({ access_token: TOKEN, expires_in: "3599", refresh_in: " 1799 " })).toEqual({
      accessToken: TOKEN,
      expiresInSeconds: 3599,
      refreshInSeconds: 1799,
    });
    expect(readTokenReply({ access_token: TOKEN, expires_in: "60.5" }).expiresInSeconds).toBe(60.5);
    expect(readTokenReply({ access_token: TOKEN, expires_in: "60.25" }).expiresInSeconds).toBe(60.25);
    expect(readTokenReply({ access_token: TOKEN, expires_in: " 120 " }).expiresInSeconds).toBe(120);
  });

  it("accepts lifetimes from 1 second to two days", () => {
    expect(MAX_TOKEN_LIFETIME_SECONDS).toBe(172_800);
    expect(readTokenReply({ access_token: TOKEN, expires_in: 1 }).expiresInSeconds).toBe(1);
    expect(readTokenReply({ access_token: TOKEN, expires_in: 172_800 }).expiresInSeconds).toBe(172_800);
    expect(readTokenReply({ access_token: TOKEN, expires_in: "172800" }).expiresInSeconds).toBe(172_800);
  });

  it.each([
    [0, "0"],
    [0.5, "0.5"],
    [-100, "-100"],
    [172_801, "172801"],
    [1e12, "1000000000000"],
    [2 ** 53, "9007199254740992"],
    [Number.POSITIVE_INFINITY, "null"],
    [Number.NaN, "null"],
    ["abc", '"abc"'],
    ["-5", '"-5"'],
    ["1e3", '"1e3"'],
    ["", '""'],
    ["123456789012345678901", '"123456789012345678901"'],
    [null, "null"],
    [true, "true"],
    [[3600], "[3600]"],
  ])("refuses expires_in %j, naming the field, the value and what was expected", (expiresIn, shown) => {
    const error = refusal({ access_token: TOKEN, expires_in: expiresIn });
    expect(error.statusCode).toBe(200);
    expect(error.errorCode).toBe("invalid_token_reply");
    expect(error.aadsts).toEqual([]);
    expect(error.errorDescription).toBe(
      `The token endpoint answered 200 with an unusable expires_in: got ${shown}; expected a number of seconds from 1 to 172800 (the token's lifetime).`,
    );
    expect(error.diagnosis.summary).toBe(
      "The token endpoint's reply was refused: its expires_in is not usable.",
    );
    expect(error.diagnosis.details).toEqual([error.errorDescription]);
    expect(error.diagnosis.likelyCauses.join(" ")).toContain("a proxy in between altered the reply");
    expect(error.diagnosis.fix.join(" ")).toContain("authorityHost (or AZURE_AUTHORITY_HOST)");
    expect(error.message).toContain(error.errorDescription);
  });

  it("accepts a numeric string of 20 characters and refuses one of 21", () => {
    expect(readTokenReply({ access_token: TOKEN, expires_in: "00000000000000003600" }).expiresInSeconds).toBe(
      3600,
    );
    refusal({ access_token: TOKEN, expires_in: "000000000000000003600" });
  });

  it("says a missing expires_in is missing", () => {
    expect(refusal({ access_token: TOKEN }).errorDescription).toContain(
      "unusable expires_in: got no such field;",
    );
  });

  it.each([
    [undefined, "no such field"],
    ["", '""'],
    ["   ", '"   "'],
    [12345, "12345"],
    [null, "null"],
    [{ value: "x" }, '{"value":"x"}'],
  ])("refuses access_token %j, naming the field", (accessToken, shown) => {
    const error = refusal({ access_token: accessToken, expires_in: 3599 });
    expect(error.errorDescription).toBe(
      `The token endpoint answered 200 with an unusable access_token: got ${shown}; expected a non-empty string (the access token).`,
    );
    expect(error.diagnosis.summary).toBe(
      "The token endpoint's reply was refused: its access_token is not usable.",
    );
  });

  it.each([[null], ["a string"], [[{ access_token: TOKEN, expires_in: 3599 }]], [42]])(
    "refuses a reply that is not an object: %j",
    (reply) => {
      expect(refusal(reply).errorDescription).toContain("unusable access_token: got no such field;");
    },
  );

  it("never shows the access token in a refusal, even when echoed in another field", () => {
    const error = refusal({ access_token: TOKEN, expires_in: `${TOKEN}` });
    expect(error.errorDescription).not.toContain(TOKEN);
    expect(error.errorDescription).toContain(REDACTED);
    expect(error.message).not.toContain(TOKEN);
  });

  it("shortens a long value to 80 characters", () => {
    const error = refusal({ access_token: TOKEN, expires_in: "x".repeat(5000) });
    const shown = /got (.*); expected/.exec(error.errorDescription)?.[1] ?? "";
    expect(shown).toHaveLength(80);
    expect(shown).toMatch(/^"x+… \(5002 characters\)$/);
  });

  it("keeps refresh_in only when it is positive and below expires_in", () => {
    const refreshIn = (value: unknown) =>
      readTokenReply({ access_token: TOKEN, expires_in: 3600, refresh_in: value }).refreshInSeconds;
    expect(refreshIn(1)).toBe(1);
    expect(refreshIn(3599)).toBe(3599);
    expect(refreshIn(3600)).toBeUndefined();
    expect(refreshIn(7200)).toBeUndefined();
    expect(refreshIn(0)).toBeUndefined();
    expect(refreshIn(-1)).toBeUndefined();
    expect(refreshIn("soon")).toBeUndefined();
    expect(refreshIn(undefined)).toBeUndefined();
  });
});
