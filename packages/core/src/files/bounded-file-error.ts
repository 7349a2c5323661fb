import { shorten } from "../bounded-text";
import { markScrubbed, scrubCause } from "../errors/scrubbed-cause";
import { escapeControlCharacters } from "../escape-control-characters";

/**
 * Why `readBoundedFile` read no text: the path is not a regular file (a FIFO, a directory, a
 * device, a socket), it holds more bytes than the limit (counted as read: `/proc` files report a size
 * of 0), reading took longer than the time allowed, or the system refused (`ENOENT`, `EACCES`, …).
 *
 * @example
 * ```ts
 * const problem: BoundedFileProblem = "not-a-file";
 * ```
 */
export type BoundedFileProblem = "not-a-file" | "too-large" | "timeout" | "unreadable";

/**
 * Thrown by `readBoundedFile`: says what the path holds or what went wrong, with the system's
 * error `code` when there is one. Callers turn it into their own typed error, naming the setting that
 * gave the path.
 *
 * @example
 * ```ts
 * try { await readBoundedFile(path, { maxBytes: 65_536 }); } catch (e) {
 *   if (e instanceof BoundedFileError && e.problem === "not-a-file") console.error(e.what);
 * }
 * ```
 */
export class BoundedFileError extends Error {
  override readonly name = "BoundedFileError";
  readonly problem: BoundedFileProblem;
  /** What the path holds or what happened, as the end of a sentence: "is a named pipe (FIFO)". */
  readonly what: string;
  /** The system's error code (`ENOENT`, `EACCES`, ...) for `unreadable`. */
  readonly code: string | undefined;

  constructor(
    path: string,
    problem: BoundedFileProblem,
    what: string,
    options: { code?: string | undefined; cause?: unknown } = {},
  ) {
    super(`${shorten(escapeControlCharacters(path), 300)} ${what}`, { cause: scrubCause(options.cause) });
    markScrubbed(this);
    this.problem = problem;
    this.what = what;
    this.code = options.code;
  }
}
