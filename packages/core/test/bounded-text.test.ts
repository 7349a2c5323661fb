import { describe, expect, it } from "vitest";
import { shorten } from "../src/bounded-text";

describe("shorten", () => {
  it("keeps text of at most maxLength characters as it is", () => {
    expect(shorten("", 0)).toBe("");
    expect(shorten("abcdef", 6)).toBe("abcdef");
    expect(shorten("abc", 20)).toBe("abc");
  });

  it("cuts longer text to maxLength characters, ending with how long it was", () => {
    const text = "x".repeat(1000);
    const shown = shorten(text, 30);
    expect(shown).toBe(`${"x".repeat(11)}… (1000 characters)`);
    expect(shown).toHaveLength(30);
  });

  it("cuts one character over the limit too", () => {
    const text = "y".repeat(41);
    expect(shorten(text, 40)).toBe(`${"y".repeat(23)}… (41 characters)`);
  });

  it("keeps only the length when maxLength is shorter than the suffix", () => {
    expect(shorten("z".repeat(500), 5)).toBe("… (500 characters)");
  });

  it("never cuts a surrogate pair in half", () => {
    // The suffix "… (105 characters)" has 18 characters: a limit of 22 keeps 4, "abc" and the high
    // half of 😀, which is dropped with it.
    const text = `abc😀${"d".repeat(100)}`;
    expect(shorten(text, 22)).toBe(`abc… (${text.length} characters)`);
  });

  it("keeps a whole surrogate pair that fits", () => {
    const text = `abc😀${"d".repeat(100)}`;
    expect(shorten(text, 23)).toBe(`abc😀… (${text.length} characters)`);
  });

  it("cuts exactly at the high-surrogate range, U+D800 to U+DBFF", () => {
    // U+D7FF and U+DC00 (a low surrogate on its own) are not high surrogates: the cut stays where it is.
    for (const edge of ["\ud7ff", "\udc00", "\ue000"]) {
      const text = `abc${edge}${"d".repeat(101)}`;
      expect(shorten(text, 22)).toBe(`abc${edge}… (${text.length} characters)`);
    }
    for (const high of ["\ud800", "\udbff"]) {
      const text = `abc${high}\udc00${"d".repeat(100)}`;
      expect(shorten(text, 22)).toBe(`abc… (${text.length} characters)`);
    }
  });
});
