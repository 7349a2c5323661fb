import { describe, expect, it } from "vitest";
import { escapeControlCharacters } from "../src/escape-control-characters";

// What a terminal or a log reader would act on is shown as an escape (issue 20, finding 4).
describe("escapeControlCharacters", () => {
  it("names CR, LF and tab, and shows the other C0 characters, DEL and C1 as \\xNN", () => {
    expect(escapeControlCharacters("a\nb\rc\td")).toBe("a\\nb\\rc\\td");
    expect(escapeControlCharacters("\u0000\u0001\u001b[2K\u001f")).toBe("\\x00\\x01\\x1b[2K\\x1f");
    expect(escapeControlCharacters("\u007f\u0080\u009b\u009f")).toBe("\\x7f\\x80\\x9b\\x9f");
  });

  it("shows the line and paragraph separators and the bidirectional overrides as \\uNNNN", () => {
    expect(escapeControlCharacters("\u2028\u2029")).toBe("\\u2028\\u2029");
    expect(escapeControlCharacters("\u202a\u202e\u2066\u2069")).toBe("\\u202a\\u202e\\u2066\\u2069");
  });

  it("leaves visible text alone, the characters next to each escaped range included", () => {
    const visible = " ~\u00a0\u00ff\u2027\u202f\u2065\u206a é ✓ 𝒳";
    expect(escapeControlCharacters(visible)).toBe(visible);
  });

  it("escapes every control character of a run, not only the first", () => {
    expect(escapeControlCharacters("\u001b\u001b\n\n")).toBe("\\x1b\\x1b\\n\\n");
  });

  it("keeps line feeds with keepLineBreaks, and escapes CR and the rest all the same", () => {
    expect(escapeControlCharacters("one\ntwo\r\n\u001b", { keepLineBreaks: true })).toBe(
      "one\ntwo\\r\n\\x1b",
    );
    expect(escapeControlCharacters("one\ntwo", { keepLineBreaks: false })).toBe("one\\ntwo");
  });

  it("a forged log line and an OSC 52 clipboard write come out as one visible line", () => {
    const forged =
      "repo:o/r\n[azfed] \u001b[1A\u001b[2K✓ Entra issued an access token\u001b]52;c;ZXZpbA==\u0007";
    const shown = escapeControlCharacters(forged);
    const codes = [...shown].map((character) => character.charCodeAt(0));
    expect(codes.filter((code) => code < 0x20 || (code >= 0x7f && code <= 0x9f))).toEqual([]);
    expect(shown).toBe(
      "repo:o/r\\n[azfed] \\x1b[1A\\x1b[2K✓ Entra issued an access token\\x1b]52;c;ZXZpbA==\\x07",
    );
  });
});
