import { shorten } from "../bounded-text";
import { escapeControlCharacters } from "../escape-control-characters";
import { redact } from "../redact";
import { scrubSecrets } from "../scrub-secrets";

/** How many causes below an error are copied; deeper ones are dropped. */
const MAX_CAUSE_DEPTH = 4;
const MAX_MESSAGE_LENGTH = 2000;
const MAX_STACK_FRAMES = 12;
const ERROR_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const ERROR_CODE = /^[A-Za-z0-9_.:-]{1,64}$/;
const STACK_FRAME = /^ {4}at [^\n]{1,300}$/;

/** azfed's own errors: built from scrubbed text with a scrubbed cause, so kept as they are. */
const scrubbedErrors = new WeakSet<object>();

/**
 * A scrubbed copy of an error from outside azfed (a network, file or library error) kept as the
 * `cause` of azfed's errors: its `name`, its `code` (`ECONNRESET`, `HPE_INVALID_HEADER_TOKEN`, …),
 * its message redacted, scrubbed of the secrets of the request, with control characters escaped and
 * shortened, and its stack frames; never any other property (Node's `HTTPParserError.data` and
 * `rawPacket` hold the raw bytes of an answer that may echo the request, secrets included).
 *
 * @example
 * ```ts
 * if (error.cause instanceof ScrubbedCause) console.log(error.cause.code); // e.g. "ECONNREFUSED"
 * ```
 */
export class ScrubbedCause extends Error {
  override readonly name: string;
  /** The original error's `code`, when it was a short identifier. */
  readonly code: string | undefined;

  constructor(name: string, message: string, code: string | undefined, frames: string, cause?: Error) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = name;
    this.code = code;
    this.stack = `${name}: ${message}${frames}`;
    scrubbedErrors.add(this);
  }
}

/**
 * What azfed keeps as the `cause` of an error it throws: its own errors (already scrubbed) as they
 * are, anything else as a {@link ScrubbedCause} copy, causes below it copied the same way (at most
 * four deep). `secrets` are the exact strings the failed operation handled (header values, form
 * fields, a request token), scrubbed whole and in part on top of {@link redact}'s patterns.
 *
 * @example
 * ```ts
 * throw new MyError("the request failed", { cause: scrubCause(error, [requestToken]) });
 * ```
 */
// Stryker disable next-line ArrayDeclaration: no secrets scrubs none; a placeholder secret no message holds changes nothing
export function scrubCause(cause: unknown, secrets: Iterable<string | undefined> = []): Error | undefined {
  return copy(cause, [...secrets], 0);
}

/**
 * Records that `error` (an azfed error whose message and cause were scrubbed as it was built) needs
 * no copy when it becomes the cause of another.
 *
 * @example
 * ```ts
 * class MyError extends Error { constructor(m: string) { super(redact(m)); markScrubbed(this); } }
 * ```
 */
export function markScrubbed(error: Error): void {
  scrubbedErrors.add(error);
}

function copy(cause: unknown, secrets: readonly (string | undefined)[], depth: number): Error | undefined {
  if (cause === undefined || cause === null) return undefined;
  // A WeakSet holds only objects: `has` of a string or number is `false`, no type check needed.
  if (scrubbedErrors.has(cause as object)) return cause as Error;
  const clean = (text: string): string =>
    shorten(escapeControlCharacters(redact(scrubSecrets(text, secrets))), MAX_MESSAGE_LENGTH);
  if (!(cause instanceof Error)) {
    return new ScrubbedCause("Error", clean(describe(cause)), undefined, "");
  }
  const name = ERROR_NAME.test(cause.name) ? cause.name : "Error";
  const rawCode: unknown = (cause as { code?: unknown }).code;
  const code = typeof rawCode === "string" && ERROR_CODE.test(rawCode) ? rawCode : undefined;
  // `String`: a stack that is missing ("undefined") or not text holds no frame, and never throws.
  const frames = String(cause.stack)
    .split("\n")
    .filter((line) => STACK_FRAME.test(line))
    .slice(0, MAX_STACK_FRAMES)
    .map((line) => `\n${clean(line)}`)
    .join("");
  const inner = depth < MAX_CAUSE_DEPTH ? copy(cause.cause, secrets, depth + 1) : undefined;
  return new ScrubbedCause(name, clean(String(cause.message)), code, frames, inner);
}

/** A thrown value that is not an Error: its text, but an object's type only (its `toString` may print anything). */
function describe(value: unknown): string {
  return typeof value === "object" ? Object.prototype.toString.call(value) : String(value);
}
