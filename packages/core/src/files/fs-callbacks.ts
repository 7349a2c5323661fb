import type { BigIntStats } from "node:fs";

/*
 * The few `node:fs` calls azfed makes on a cold path (a token file's read), as promises over
 * `node:fs`'s callback functions, with `node:fs` taken by `process.getBuiltinModule`. Neither
 * `node:fs/promises` nor `node:fs` is imported: an ES module import of `node:fs` builds its namespace
 * by reading every export, and its `promises`, `ReadStream`, `Dir`… getters load Node's
 * `fs/promises`, readline, REPL history, file watchers and fs streams (some 30 modules on Node 20.20.2
 * and 24.21.0, `process.moduleLoadList`); the CommonJS exports object reads nothing.
 */
const fs = () => process.getBuiltinModule("node:fs");

/** A `node:fs` callback call as a promise: `start` calls the function with `done` as its callback. */
function settled<T>(
  start: (done: (error: NodeJS.ErrnoException | null, value: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value))));
}

/**
 * `fs.open`: the new file descriptor.
 *
 * @example
 * ```ts
 * const descriptor = await openFile("/var/run/secrets/azure/tokens/azure-identity-token", constants.O_RDONLY);
 * ```
 */
export function openFile(path: string, flags: number): Promise<number> {
  return settled((done) => fs().open(path, flags, done));
}

/**
 * `fs.fstat` with `bigint` times and sizes.
 *
 * @example
 * ```ts
 * const stats = await fileStats(descriptor);
 * ```
 */
export function fileStats(descriptor: number): Promise<BigIntStats> {
  return settled((done) => fs().fstat(descriptor, { bigint: true }, done));
}

/**
 * `fs.read` into `buffer` from its start, at the file's current position: the bytes read (0 at the end).
 *
 * @example
 * ```ts
 * const bytesRead = await readInto(descriptor, Buffer.alloc(16 * 1024));
 * ```
 */
export function readInto(descriptor: number, buffer: Buffer): Promise<number> {
  return settled((done) => fs().read(descriptor, buffer, 0, buffer.length, null, done));
}

/**
 * `fs.close`.
 *
 * @example
 * ```ts
 * await closeFile(descriptor);
 * ```
 */
export function closeFile(descriptor: number): Promise<void> {
  return settled<void>((done) => fs().close(descriptor, (error) => done(error, undefined)));
}

/**
 * `fs.realpath.native` (the system's `realpath`, as `fs/promises` has it): the path with every link resolved.
 *
 * @example
 * ```ts
 * const resolved = await realPath("/var/run/secrets/azure/tokens/azure-identity-token");
 * ```
 */
export function realPath(path: string): Promise<string> {
  return settled((done) => fs().realpath.native(path, done));
}

/**
 * `fs.stat` (links followed) with `bigint` times and sizes.
 *
 * @example
 * ```ts
 * const stats = await pathStats("/var/run/secrets/azure/tokens/azure-identity-token");
 * ```
 */
export function pathStats(path: string): Promise<BigIntStats> {
  return settled((done) => fs().stat(path, { bigint: true }, done));
}
