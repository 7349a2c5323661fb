import { redact, shorten } from "@azfed/core/provider";
import { describe, expect, it } from "vitest";
import { boundedMessage } from "../src/bounded-message";
import { shouldUseColor, terminalSafe, terminalStyle } from "../src/terminal-style";

// terminal-style.ts and bounded-message.ts on their own, word for word: every line the CLI writes goes
// through them, and `AZFED_MUTATION_PACKAGE=cli AZFED_MUTATION_TESTS=terminal pnpm mutation` scores
// them with these tests first (docs/testing.md, "Packages outside core").

const tty = { write: () => true, isTTY: true };
const pipe = { write: () => true };

describe("shouldUseColor", () => {
  it.each(["", "1", "2", "3", "true"])(
    "FORCE_COLOR=%j colours even a pipe, and wins over NO_COLOR",
    (force) => {
      expect(shouldUseColor(pipe, { FORCE_COLOR: force, NO_COLOR: "1", TERM: "dumb" })).toBe(true);
    },
  );

  it.each(["0", "false", "4", " 1", "TRUE"])(
    "FORCE_COLOR=%j turns colour off, even on a terminal",
    (force) => {
      expect(shouldUseColor(tty, { FORCE_COLOR: force, TERM: "xterm" })).toBe(false);
    },
  );

  it("without FORCE_COLOR: only on a terminal, not with a non-empty NO_COLOR, not on TERM=dumb", () => {
    expect(shouldUseColor(tty, {})).toBe(true);
    expect(shouldUseColor(tty, { TERM: "xterm-256color" })).toBe(true);
    expect(shouldUseColor(pipe, {})).toBe(false);
    expect(shouldUseColor({ write: () => true, isTTY: false }, {})).toBe(false);
    expect(shouldUseColor(tty, { NO_COLOR: "1" })).toBe(false);
    expect(shouldUseColor(tty, { NO_COLOR: "" })).toBe(true);
    expect(shouldUseColor(tty, { TERM: "dumb" })).toBe(false);
  });
});

describe("terminalStyle", () => {
  it("writes each style's Select Graphic Rendition pair when enabled", () => {
    const style = terminalStyle(true);
    expect(style.enabled).toBe(true);
    expect([
      style.bold("t"),
      style.dim("t"),
      style.red("t"),
      style.green("t"),
      style.yellow("t"),
      style.cyan("t"),
    ]).toEqual([
      "\u001b[1mt\u001b[22m",
      "\u001b[2mt\u001b[22m",
      "\u001b[31mt\u001b[39m",
      "\u001b[32mt\u001b[39m",
      "\u001b[33mt\u001b[39m",
      "\u001b[36mt\u001b[39m",
    ]);
  });

  it("leaves the text as it is when disabled", () => {
    const style = terminalStyle(false);
    expect(style.enabled).toBe(false);
    for (const paint of [style.bold, style.dim, style.red, style.green, style.yellow, style.cyan]) {
      expect(paint("t")).toBe("t");
    }
  });
});

describe("terminalSafe", () => {
  it("escapes every control character but line breaks and colour sequences, before, between and after them", () => {
    expect(terminalSafe("a\u001b[1Ab\r\n\u001b[31mred\u001b[39m\u0007\u009b")).toBe(
      "a\\x1b[1Ab\\r\n\u001b[31mred\u001b[39m\\x07\\x9b",
    );
    expect(terminalSafe("\u001b[1m\u001b[22m")).toBe("\u001b[1m\u001b[22m");
    expect(terminalSafe("plain\ntext")).toBe("plain\ntext");
    expect(terminalSafe("")).toBe("");
  });
});

describe("boundedMessage", () => {
  it("shortens each run of more than 200 non-space characters, and keeps the words and shorter runs", () => {
    const [a, b, c] = ["a".repeat(201), "b".repeat(200), "c".repeat(300)];
    expect(boundedMessage(`x ${a} y ${b} z ${c}`)).toBe(`x ${shorten(a, 200)} y ${b} z ${shorten(c, 200)}`);
    expect(shorten(a, 200)).toMatch(/^a{1,200}… \(201 characters\)$/);
    expect(boundedMessage("--app expects a GUID")).toBe("--app expects a GUID");
    expect(boundedMessage("é".repeat(201))).toBe(shorten("é".repeat(201), 200));
  });

  it("redacts before it shortens", () => {
    const secret = `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.${"s".repeat(300)}`;
    expect(boundedMessage(`Authorization: Bearer ${secret}`)).toBe("Authorization: Bearer [REDACTED]");
    expect(boundedMessage(`token ${secret}`)).toBe(redact(`token ${secret}`));
    expect(boundedMessage(`token ${secret}`)).not.toContain("s".repeat(20));
  });
});
