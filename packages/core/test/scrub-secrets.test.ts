import { describe, expect, it } from "vitest";
import { REDACTED } from "../src/redact";
import { scrubSecrets } from "../src/scrub-secrets";

const header = "eyJhbGciOiJSUzI1NiJ9";
const payload = "eyJzdWIiOiJyZXBvOmNvbnRvc28vYXBwIn0";
const signature = "c2lnbmF0dXJlLWJ5dGVzLWhlcmU";
const assertion = `${header}.${payload}.${signature}`;

describe("scrubSecrets", () => {
  it("replaces every occurrence of a whole secret", () => {
    expect(scrubSecrets(`a ${assertion} b ${assertion}`, [assertion])).toBe(`a ${REDACTED} b ${REDACTED}`);
  });

  it("replaces the whole secret as one, not segment by segment", () => {
    expect(scrubSecrets(`[${assertion}]`, [assertion])).toBe(`[${REDACTED}]`);
  });

  it("replaces a segment echoed on its own", () => {
    expect(scrubSecrets(`the payload was ${payload}.`, [assertion])).toBe(`the payload was ${REDACTED}.`);
    expect(scrubSecrets(`sig=${signature}`, [assertion])).toBe(`sig=${REDACTED}`);
  });

  it("splits a secret at whitespace as well as at dots", () => {
    const secret = "first-part-longer second-part-longer";
    expect(scrubSecrets("got second-part-longer only", [secret])).toBe(`got ${REDACTED} only`);
  });

  it("finds a secret given with surrounding whitespace", () => {
    expect(scrubSecrets(`echo: ${assertion}`, [`  ${assertion}\n`])).toBe(`echo: ${REDACTED}`);
  });

  it("leaves segments shorter than 8 characters, which could be ordinary words", () => {
    const secret = "short.seg.here-but-this-one-long";
    expect(scrubSecrets("short seg here", [secret])).toBe("short seg here");
    expect(scrubSecrets("see here-but-this-one-long", [secret])).toBe(`see ${REDACTED}`);
  });

  it("scrubs a segment of exactly 8 characters, and not one of 7", () => {
    expect(scrubSecrets("x 12345678 y", ["12345678.abcdefgh"])).toBe(`x ${REDACTED} y`);
    expect(scrubSecrets("x 1234567 y", ["1234567.abcdefghij"])).toBe("x 1234567 y");
  });

  it("ignores secrets shorter than 8 characters, empty or missing", () => {
    expect(scrubSecrets("token abc1234 here", ["abc1234", "", "   ", undefined])).toBe("token abc1234 here");
    expect(scrubSecrets("token 12345678 here", ["12345678"])).toBe(`token ${REDACTED} here`);
  });

  it("scrubs every secret given", () => {
    const other = "request-token-of-the-platform";
    expect(scrubSecrets(`${assertion} and ${other}`, [undefined, assertion, other])).toBe(
      `${REDACTED} and ${REDACTED}`,
    );
  });

  it("replaces a longer secret before a shorter one contained in it", () => {
    const long = "abcdefgh-ijklmnop-qrstuvwx";
    const short = "ijklmnop";
    expect(scrubSecrets(`value ${long}`, [short, long])).toBe(`value ${REDACTED}`);
  });

  it("returns text without any secret unchanged", () => {
    expect(scrubSecrets("nothing to hide", [assertion])).toBe("nothing to hide");
    expect(scrubSecrets("nothing to hide", [])).toBe("nothing to hide");
  });
});
