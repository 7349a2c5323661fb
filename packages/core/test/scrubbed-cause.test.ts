// What azfed keeps of a foreign error (issue 20 finding 1), behaviour by behaviour: the unit tests of
// `scrubCause` that need no server (cause-chain.test.ts holds the ones that do). Each pins a rule a
// mutation run of `errors/scrubbed-cause.ts` found unpinned.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { CredentialUnavailableError } from "../src/errors/credential-unavailable-error";
import { ScrubbedCause, scrubCause } from "../src/errors/scrubbed-cause";

const SECRET = "q9Xv2LmT7rKpW4sZ8nBcY6dHfJ3gA5eU";

function withStack(message: string, stack: unknown): Error {
  const error = new Error(message);
  Object.defineProperty(error, "stack", { value: stack });
  return error;
}

function withCode(code: unknown): Error {
  return Object.assign(new Error("connect failed"), { code });
}

describe("scrubCause", () => {
  it("keeps nothing for a missing cause, undefined or null", () => {
    expect(scrubCause(undefined)).toBeUndefined();
    expect(scrubCause(null)).toBeUndefined();
  });

  it("copies at most four causes below the first, and keeps azfed's own errors as they are", () => {
    let deep: Error = new Error("level 0");
    for (let level = 1; level <= 8; level++) deep = new Error(`level ${level}`, { cause: deep });
    const messages: string[] = [];
    for (let current = scrubCause(deep); current; current = current.cause as Error | undefined) {
      messages.push(current.message);
    }
    expect(messages).toEqual(["level 8", "level 7", "level 6", "level 5", "level 4"]);
    const own = new CredentialUnavailableError("not here", { cause: new Error(`Bearer ${SECRET}`) });
    expect(scrubCause(own)).toBe(own);
    expect(own.cause).toBeInstanceOf(ScrubbedCause);
    expect(inspect(own, { depth: Number.POSITIVE_INFINITY })).not.toContain(SECRET);
  });

  it("names a cause that is not an Error 'Error', with its text as the message", () => {
    for (const [value, message] of [
      ["refused", "refused"],
      [`Bearer ${SECRET}`, "Bearer [REDACTED]"],
      [42, "42"],
      [false, "false"],
      [{ token: SECRET }, "[object Object]"],
      [[SECRET], "[object Array]"],
      [{ toString: () => SECRET }, "[object Object]"],
    ] as const) {
      const copy = scrubCause(value);
      expect(copy).toBeInstanceOf(ScrubbedCause);
      expect(copy?.name).toBe("Error");
      expect(copy?.message).toBe(message);
      expect(copy?.stack).toBe(`Error: ${message}`);
    }
  });

  it("keeps an error's name when it is an identifier, and says 'Error' otherwise", () => {
    const named = (name: string) => Object.assign(new Error("failed"), { name });
    expect(scrubCause(named("HTTPParserError"))?.name).toBe("HTTPParserError");
    expect(scrubCause(named("A".repeat(64)))?.name).toBe("A".repeat(64));
    for (const name of ["\u001b[2KFake", "A".repeat(65), "1Error", "", "Bad Name", `Error ${SECRET}`]) {
      const copy = scrubCause(named(name));
      expect(copy?.name).toBe("Error");
      expect(copy?.stack?.startsWith("Error: failed")).toBe(true);
    }
  });

  it("keeps `code` only when it is a short identifier in text", () => {
    expect((scrubCause(withCode("ECONNREFUSED")) as ScrubbedCause).code).toBe("ECONNREFUSED");
    expect((scrubCause(withCode("ERR_TLS_CERT:1.2-x")) as ScrubbedCause).code).toBe("ERR_TLS_CERT:1.2-x");
    for (const code of [
      42,
      undefined,
      null,
      { code: "E" },
      "",
      "E".repeat(65),
      "ECONN\nRESET",
      `Bearer ${SECRET}`,
    ]) {
      expect((scrubCause(withCode(code)) as ScrubbedCause).code).toBeUndefined();
    }
    expect((scrubCause(new Error("no code")) as ScrubbedCause).code).toBeUndefined();
  });

  it("keeps only stack frames, at most twelve, each scrubbed", () => {
    const frames = Array.from({ length: 20 }, (_, index) => `    at step${index} (/app/file.js:${index}:1)`);
    const stack = [
      `Error: ${SECRET} leaked`,
      `data: ${SECRET}`,
      `    at send (/app/token.js:1:1) ${SECRET}`,
      "    at \u001b[2K forged",
      ...frames,
    ].join("\n");
    const copy = scrubCause(withStack("leaked", stack), [SECRET]);
    const lines = copy?.stack?.split("\n") ?? [];
    expect(lines[0]).toBe("Error: leaked");
    expect(lines[1]).toBe("    at send (/app/token.js:1:1) [REDACTED]");
    expect(lines[2]).toBe("    at \\x1b[2K forged");
    expect(lines.slice(3)).toEqual(frames.slice(0, 10));
    expect(lines).toHaveLength(13);
    expect(copy?.stack).not.toContain(SECRET);
  });

  it("keeps no frame of a stack that is missing or not text, and does not throw on it", () => {
    expect(scrubCause(withStack("no stack", undefined))?.stack).toBe("Error: no stack");
    expect(scrubCause(withStack("odd stack", 5))?.stack).toBe("Error: odd stack");
    expect(scrubCause(withStack("odd stack", { toString: () => "    at x (y:1:1)" }))?.stack).toBe(
      "Error: odd stack\n    at x (y:1:1)",
    );
  });

  it("shortens a long message after scrubbing it", () => {
    // The secret straddles the cut: shortened first, its first characters would stay.
    const copy = scrubCause(new Error(`${"x".repeat(1970)}${SECRET}${"y".repeat(5000)}`), [SECRET]);
    expect(copy?.message.length).toBeLessThanOrEqual(2000);
    expect(copy?.message).toMatch(/^x{1970}\[REDACTED\]y… \(6980 characters\)$/);
    expect(copy?.message).not.toContain(SECRET.slice(0, 8));
  });

  it("gives the copy of a cause without its own cause no `cause` property at all", () => {
    const copy = scrubCause(new Error("alone"));
    expect(Object.hasOwn(copy as Error, "cause")).toBe(false);
    expect(inspect(copy)).not.toContain("[cause]");
    const chained = scrubCause(new Error("outer", { cause: new Error("inner") }));
    expect(Object.hasOwn(chained as Error, "cause")).toBe(true);
    expect((chained as Error).cause).toMatchObject({ message: "inner" });
  });
});
