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

/**
 * `fs.open`: the new file descriptor.
 *
 * @example
 * ```ts
 * const descriptor = await openFile("/var/run/secrets/azure/tokens/azure-identity-token", constants.O_RDONLY);
 * ```
 */
export function openFile(path: string, flags: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs().open(path, flags, (error, descriptor) => (error ? reject(error) : resolve(descriptor)));
  });
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
  return new Promise((resolve, reject) => {
    fs().fstat(descriptor, { bigint: true }, (error, stats) => (error ? reject(error) : resolve(stats)));
  });
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
  return new Promise((resolve, reject) => {
    fs().read(descriptor, buffer, 0, buffer.length, null, (error, bytesRead) =>
      error ? reject(error) : resolve(bytesRead),
    );
  });
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
  return new Promise((resolve, reject) => {
    fs().close(descriptor, (error) => (error ? reject(error) : resolve()));
  });
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
  return new Promise((resolve, reject) => {
    fs().realpath.native(path, (error, resolved) => (error ? reject(error) : resolve(resolved)));
  });
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
  return new Promise((resolve, reject) => {
    fs().stat(path, { bigint: true }, (error, stats) => (error ? reject(error) : resolve(stats)));
  });
}
