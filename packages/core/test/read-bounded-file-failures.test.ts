// What readBoundedFile does at its limits and when the system fails it: the cases a mutation run of
// files/read-bounded-file.ts (run L) found unpinned: the time limit, read errors after a
// successful open, sockets, bigint stats, whole multi-chunk reads and closing every descriptor.
import { closeSync, existsSync, openSync, readdirSync, readlinkSync, realpathSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BoundedFileError } from "../src/files/bounded-file-error";
import { describeFileType, readBoundedFile, readBoundedFileSync } from "../src/files/read-bounded-file";

let directory: string;
let socketServer: Server;
let socketPath: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "azfed-bounded-file-failures-"));
  socketPath = join(directory, "socket");
  socketServer = createServer();
  await new Promise<void>((resolve) => socketServer.listen(socketPath, resolve));
});
afterAll(async () => {
  await new Promise((resolve) => socketServer.close(resolve));
  await rm(directory, { recursive: true, force: true });
});

function caught(read: () => unknown): BoundedFileError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(BoundedFileError);
    return error as BoundedFileError;
  }
  return expect.unreachable("the read should have failed");
}

async function rejected(read: Promise<unknown>): Promise<BoundedFileError> {
  const error = await read.catch((thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(BoundedFileError);
  return error as BoundedFileError;
}

/** The descriptors this process holds open on `path` (other tests' sockets may come and go meanwhile). */
function descriptorsOn(path: string): string[] {
  return readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false; // closed since it was listed
    }
  });
}

describe("readBoundedFile at its limits", () => {
  it.runIf(existsSync("/proc/self/pagemap"))(
    "stops an endless file at the time limit when the byte limit is far away, and names the limit",
    async () => {
      // /proc/self/pagemap never ends; 64 MiB takes well over 10 ms to read even on a quiet machine.
      const error = await rejected(
        readBoundedFile("/proc/self/pagemap", { maxBytes: 64 * 1024 * 1024, timeoutMs: 10 }),
      );
      expect(error.problem).toBe("timeout");
      expect(error.what).toBe("took more than 10 ms to read");
    },
  );

  it("reads a file of several chunks whole, synchronously too", async () => {
    const path = join(directory, "large");
    const text = "0123456789abcdef".repeat(3 * 1024);
    await writeFile(path, text);
    expect((await readBoundedFile(path, { maxBytes: text.length })).text).toBe(text);
    expect(readBoundedFileSync(path, { maxBytes: text.length }).text).toBe(text);
  });

  it("returns the stat with bigint fields (device and inode numbers too large for a number)", async () => {
    const path = join(directory, "token");
    await writeFile(path, "token");
    for (const { stats } of [
      await readBoundedFile(path, { maxBytes: 10 }),
      readBoundedFileSync(path, { maxBytes: 10 }),
    ]) {
      expect(typeof stats.ino).toBe("bigint");
      expect(stats.size).toBe(5n);
    }
  });

  it("refuses a socket (the system will not open one: ENXIO), and names the type of what is not a regular file", async () => {
    expect((await rejected(readBoundedFile(socketPath, { maxBytes: 10 }))).code).toBe("ENXIO");
    expect(caught(() => readBoundedFileSync(socketPath, { maxBytes: 10 })).code).toBe("ENXIO");
    expect(describeFileType(statSync(socketPath))).toBe("a socket");
    const none = { isFIFO: () => false, isDirectory: () => false, isCharacterDevice: () => false };
    const stats = { ...none, isBlockDevice: () => false, isSocket: () => false };
    expect(describeFileType(stats)).toBe("not a regular file");
    expect(describeFileType({ ...stats, isBlockDevice: () => true })).toBe("a device");
  });

  it("says what the system refused, on opening and on reading", async () => {
    const missing = join(directory, "missing");
    for (const error of [
      await rejected(readBoundedFile(missing, { maxBytes: 10 })),
      caught(() => readBoundedFileSync(missing, { maxBytes: 10 })),
    ]) {
      expect(error.problem).toBe("unreadable");
      expect(error.code).toBe("ENOENT");
      expect(error.what).toBe("cannot be read (ENOENT)");
    }
  });

  it.runIf(existsSync("/proc/self/mem"))(
    "turns a read error after the open (EIO from /proc/self/mem) into a BoundedFileError",
    async () => {
      for (const error of [
        await rejected(readBoundedFile("/proc/self/mem", { maxBytes: 1024 })),
        caught(() => readBoundedFileSync("/proc/self/mem", { maxBytes: 1024 })),
      ]) {
        expect(error.problem).toBe("unreadable");
        expect(error.code).toBe("EIO");
        expect(error.message).toBe("/proc/self/mem cannot be read (EIO)");
      }
    },
  );

  it.runIf(existsSync("/proc/self/fd"))(
    "closes every file it opens, whether it read it or refused it",
    async () => {
      await writeFile(join(directory, "closed"), "x".repeat(20));
      const path = realpathSync(join(directory, "closed"));
      const held = openSync(path, "r");
      expect(descriptorsOn(path)).toHaveLength(1); // the check sees an open descriptor
      closeSync(held);
      for (let round = 0; round < 5; round++) {
        await readBoundedFile(path, { maxBytes: 20 });
        readBoundedFileSync(path, { maxBytes: 20 });
        await rejected(readBoundedFile(path, { maxBytes: 10 }));
        caught(() => readBoundedFileSync(path, { maxBytes: 10 }));
      }
      expect(descriptorsOn(path)).toEqual([]);
    },
  );
});
