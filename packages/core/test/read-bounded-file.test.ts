// Issue 20 findings 2 and 6: a FIFO at AZURE_KUBERNETES_CA_FILE blocked a libuv thread per call (five
// calls froze file, DNS and crypto work), and /proc/self/pagemap (a "regular file" of size 0 that
// never ends) passed the 64 KiB token-file limit (288–603 MB read). One reader for every path azfed
// opens: opened without blocking, type checked on the handle, limited by the bytes it reads.
import { execFileSync } from "node:child_process";
import { lookup } from "node:dns/promises";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BoundedFileError } from "../src/files/bounded-file-error";
import { readBoundedFile, readBoundedFileSync } from "../src/files/read-bounded-file";

let directory: string;
let fifo: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "azfed-bounded-file-"));
  fifo = join(directory, "fifo");
  execFileSync("mkfifo", [fifo]);
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function refusal(path: string, maxBytes = 64 * 1024): Promise<BoundedFileError> {
  const error = await readBoundedFile(path, { maxBytes }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(BoundedFileError);
  return error as BoundedFileError;
}

describe("readBoundedFile", () => {
  it("reads a regular file whole, with its stat", async () => {
    const path = join(directory, "token");
    await writeFile(path, "a.b.c\n");
    const file = await readBoundedFile(path, { maxBytes: 6 });
    expect(file.text).toBe("a.b.c\n");
    expect(file.stats.isFile()).toBe(true);
    expect(readBoundedFileSync(path, { maxBytes: 6 }).text).toBe("a.b.c\n");
  });

  it("refuses a FIFO without waiting for a writer, and eight calls in a row leave libuv's threads free", async () => {
    const started = performance.now();
    const errors = await Promise.all(Array.from({ length: 8 }, () => refusal(fifo)));
    for (const error of errors) {
      expect(error.problem).toBe("not-a-file");
      expect(error.message).toContain("a named pipe (FIFO)");
    }
    // With a thread blocked per open, this lookup (on libuv's pool) would never come back.
    await lookup("localhost");
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(() => readBoundedFileSync(fifo, { maxBytes: 10 })).toThrow(/named pipe/);
  });

  it("refuses a directory and a device", async () => {
    expect((await refusal(directory)).message).toContain("a directory");
    expect((await refusal("/dev/zero")).message).toContain("a device");
    expect(() => readBoundedFileSync("/dev/zero", { maxBytes: 10 })).toThrow(/a device/);
  });

  it.runIf(existsSync("/proc/self/pagemap"))(
    "stops /proc/self/pagemap (size 0, endless) at the limit counted while reading",
    async () => {
      const error = await refusal("/proc/self/pagemap", 64 * 1024);
      expect(error.problem).toBe("too-large");
      expect(error.message).toContain("more than 65536 bytes");
      expect(() => readBoundedFileSync("/proc/self/pagemap", { maxBytes: 1024 })).toThrow(/more than 1024/);
    },
  );

  it("refuses a file one byte over the limit, and says what the system refused", async () => {
    const path = join(directory, "big");
    await writeFile(path, "x".repeat(11));
    expect((await refusal(path, 10)).problem).toBe("too-large");
    expect((await readBoundedFile(path, { maxBytes: 11 })).text).toHaveLength(11);
    const missing = await refusal(join(directory, "missing"));
    expect(missing.problem).toBe("unreadable");
    expect(missing.code).toBe("ENOENT");
  });

  it("throws the signal's reason once aborted", async () => {
    const reason = new Error("stop");
    const path = join(directory, "token");
    await expect(readBoundedFile(path, { maxBytes: 10, signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
  });
});
