import type { BigIntStats } from "node:fs";
import { BoundedFileError } from "./bounded-file-error";
import { closeFile, fileStats, openFile, readInto } from "./fs-callbacks";

/**
 * How {@link readBoundedFile} reads: at most `maxBytes` bytes, within `timeoutMs`, until `signal`.
 *
 * @example
 * ```ts
 * const options: BoundedFileOptions = { maxBytes: 64 * 1024, timeoutMs: 5_000, signal };
 * ```
 */
export interface BoundedFileOptions {
  /** The most bytes read; a file holding more is refused (counted while reading, not from `stat`). */
  readonly maxBytes: number;
  /** The most time reading may take. Default 5 s. */
  readonly timeoutMs?: number | undefined;
  /** Stops reading between chunks; its reason is thrown. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * The text of a file {@link readBoundedFile} read, with the `stat` of the opened file (to tell a
 * rotated file from the one read before: device, inode, size, times).
 *
 * @example
 * ```ts
 * const { text, stats } = await readBoundedFile(path, { maxBytes: 65_536 });
 * ```
 */
export interface BoundedFile {
  readonly text: string;
  readonly stats: BigIntStats;
}

/** `node:fs` as `require` gives it: see `fs-callbacks.ts` for why it is not imported. */
const { closeSync, constants, fstatSync, openSync, readSync } = process.getBuiltinModule("node:fs");
const DEFAULT_TIMEOUT_MS = 5_000;
const CHUNK_BYTES = 16 * 1024;
/** Opening a FIFO or a device without it returns at once instead of waiting for a writer. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Reads a small file from a path azfed was given (a projected token, a CA file) the one safe way:
 * opened without blocking (`O_NONBLOCK`: a FIFO's open would otherwise hold one of libuv's four
 * threads until a writer comes, and five such calls freeze file, DNS and crypto work for the
 * process), its type checked on the open handle (a FIFO, a directory, a device or a socket is refused
 * without a read), then read in chunks until its end, refusing it once more than `maxBytes` bytes
 * came (never trusting `stat`'s size: `/proc/self/pagemap` reports 0 and never ends) or once
 * `timeoutMs` passed. Every failure is a {@link BoundedFileError}; an abort throws the signal's reason.
 *
 * @example
 * ```ts
 * const { text } = await readBoundedFile("/var/run/secrets/azure/tokens/azure-identity-token", {
 *   maxBytes: 64 * 1024,
 *   signal,
 * });
 * ```
 */
export async function readBoundedFile(path: string, options: BoundedFileOptions): Promise<BoundedFile> {
  options.signal?.throwIfAborted();
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let descriptor: number;
  try {
    descriptor = await openFile(path, OPEN_FLAGS);
  } catch (error) {
    throw unreadable(path, error);
  }
  try {
    const stats = await fileStats(descriptor);
    refuseIfNotAFile(path, stats);
    const content = new BoundedContent(path, options.maxBytes);
    for (;;) {
      options.signal?.throwIfAborted();
      if (Date.now() > deadline) {
        throw new BoundedFileError(
          path,
          "timeout",
          `took more than ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms to read`,
        );
      }
      const chunk = Buffer.alloc(CHUNK_BYTES);
      const bytesRead = await readInto(descriptor, chunk).catch((error: unknown) => {
        throw unreadable(path, error);
      });
      if (!content.add(chunk, bytesRead)) break;
    }
    return { text: content.text(), stats };
  } finally {
    await closeFile(descriptor).catch(() => undefined);
  }
}

/**
 * {@link readBoundedFile} for synchronous code (a subject computed from the environment): the same
 * non-blocking open, type check and byte limit, without the time limit (a regular file's read ends).
 *
 * @example
 * ```ts
 * const namespace = readBoundedFileSync("/var/run/secrets/kubernetes.io/serviceaccount/namespace", { maxBytes: 4096 }).text;
 * ```
 */
export function readBoundedFileSync(
  path: string,
  options: Pick<BoundedFileOptions, "maxBytes">,
): BoundedFile {
  let descriptor: number;
  try {
    descriptor = openSync(path, OPEN_FLAGS);
  } catch (error) {
    throw unreadable(path, error);
  }
  try {
    const stats = fstatSync(descriptor, { bigint: true });
    refuseIfNotAFile(path, stats);
    const content = new BoundedContent(path, options.maxBytes);
    for (;;) {
      const chunk = Buffer.alloc(CHUNK_BYTES);
      let bytesRead: number;
      try {
        bytesRead = readSync(descriptor, chunk, 0, chunk.length, null);
      } catch (error) {
        throw unreadable(path, error);
      }
      if (!content.add(chunk, bytesRead)) break;
    }
    return { text: content.text(), stats };
  } finally {
    closeSync(descriptor);
  }
}

/**
 * The bytes read so far, read in whole chunks (some files, such as /proc/self/pagemap, refuse reads
 * that are not a multiple of 8 bytes), refused once past the limit.
 */
class BoundedContent {
  readonly #chunks: Buffer[] = [];
  #total = 0;

  constructor(
    readonly path: string,
    readonly maxBytes: number,
  ) {}

  /** Keeps `bytesRead` bytes of `chunk`; `false` at the end of the file. */
  add(chunk: Buffer, bytesRead: number): boolean {
    if (bytesRead === 0) return false;
    this.#chunks.push(chunk.subarray(0, bytesRead));
    this.#total += bytesRead;
    if (this.#total > this.maxBytes) throw tooLarge(this.path, this.maxBytes);
    return true;
  }

  text(): string {
    return Buffer.concat(this.#chunks).toString("utf8");
  }
}

function refuseIfNotAFile(path: string, stats: BigIntStats): void {
  if (stats.isFile()) return;
  throw new BoundedFileError(path, "not-a-file", `is ${describeFileType(stats)}, not a regular file`);
}

/**
 * What a path that is not a regular file holds, as a noun phrase.
 *
 * @example
 * ```ts
 * describeFileType(await stat("/dev/null")); // "a device"
 * ```
 */
export function describeFileType(
  stats: Pick<BigIntStats, "isFIFO" | "isDirectory" | "isCharacterDevice" | "isBlockDevice" | "isSocket">,
): string {
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isDirectory()) return "a directory";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

function tooLarge(path: string, maxBytes: number): BoundedFileError {
  return new BoundedFileError(path, "too-large", `holds more than ${maxBytes} bytes`);
}

/** `error` is what `node:fs` threw: a system error, whose `code` (ENOENT, EACCES, EIO, …) says why. */
function unreadable(path: string, error: unknown): BoundedFileError {
  const { code } = error as NodeJS.ErrnoException;
  return new BoundedFileError(path, "unreadable", `cannot be read (${code})`, { code, cause: error });
}
