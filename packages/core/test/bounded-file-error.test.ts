// What BoundedFileError keeps (issue 20): its name, and the system's error as a scrubbed copy, the two
// things a mutation run of files/bounded-file-error.ts found unpinned.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { ScrubbedCause } from "../src/errors/scrubbed-cause";
import { BoundedFileError } from "../src/files/bounded-file-error";

const SECRET = "q9Xv2LmT7rKpW4sZ8nBcY6dHfJ3gA5eU";

describe("BoundedFileError", () => {
  it("is named BoundedFileError, in its name and its stack", () => {
    const error = new BoundedFileError("/var/run/token", "not-a-file", "is a directory");
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("BoundedFileError");
    expect(String(error)).toBe("BoundedFileError: /var/run/token is a directory");
    expect(error.problem).toBe("not-a-file");
    expect(error.what).toBe("is a directory");
    expect(error.code).toBeUndefined();
  });

  it("keeps the system's error as a scrubbed copy, with its code, and never the secret in it", () => {
    const system = Object.assign(new Error(`EACCES: open failed, Bearer ${SECRET}`), { code: "EACCES" });
    const error = new BoundedFileError("/token", "unreadable", "cannot be read (EACCES)", {
      code: "EACCES",
      cause: system,
    });
    expect(error.code).toBe("EACCES");
    expect(error.cause).toBeInstanceOf(ScrubbedCause);
    expect(error.cause).not.toBe(system);
    const cause = error.cause as ScrubbedCause;
    expect(cause.message).toBe("EACCES: open failed, Bearer [REDACTED]");
    expect(cause.code).toBe("EACCES");
    expect(inspect(error, { depth: Number.POSITIVE_INFINITY })).not.toContain(SECRET);
  });

  it("has no cause when the system gave none", () => {
    expect(new BoundedFileError("/token", "too-large", "holds more than 10 bytes").cause).toBeUndefined();
  });
});
