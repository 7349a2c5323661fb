import type { BigIntStats } from "node:fs";
import { abortable } from "../async/abortable";
import { shorten } from "../bounded-text";
import type { Clock } from "../clock";
import { CredentialUnavailableError } from "../errors/credential-unavailable-error";
import { escapeControlCharacters } from "../escape-control-characters";
import type { AssertionClaims } from "../fic/decode-assertion";
import { BoundedFileError } from "../files/bounded-file-error";
import { pathStats, realPath } from "../files/fs-callbacks";
import { describeFileType, readBoundedFile } from "../files/read-bounded-file";
import { logger } from "../logger";
import { decodeToken, type ExpectedAudience, requireUnexpired, warnOnTokenAudience } from "./check-token";
import { type TokenFacts, type TokenPlace, tokenError } from "./token-facts";

/** A token is a few kilobytes; a file holding more is the wrong file. */
export const MAX_TOKEN_FILE_BYTES = 64 * 1024;
/**
 * A file can be caught mid-rotation: kubelet swaps `..data` between our `realpath` and our `open`
 * (ENOENT); spiffe-helper rewrites in place (`os.WriteFile`: truncate, then write), so a read can meet
 * it empty or cut short. Such a read is tried again, a little later, before the file is called broken.
 *
 * @see spiffe/spiffe-helper pkg/disk/json.go `WriteJWTSVID` (commit 06cfd7e98596e8d3b4576c08e24cad7eb80f86cf,
 *   checked 2026-12-07): `return os.WriteFile(filePath, []byte(jwtSVID.Marshal()), jwtSVIDFileMode)`
 */
const ATTEMPTS = 3;
const MID_WRITE_WAIT_MS = 25;
/** A cached token this close to its `exp` is read again at each call (a rotation the `stat` missed is seen). */
const REREAD_BEFORE_EXPIRY_MS = 5 * 60_000;

interface CachedToken {
  readonly configuredPath: string;
  readonly resolvedPath: string;
  readonly stats: BigIntStats;
  readonly token: string;
  readonly claims: AssertionClaims;
}

/** A read to try again: the file vanished or was caught mid-write. */
class MidRotation extends Error {
  constructor(readonly final: Error) {
    super(final.message);
  }
}

/**
 * Reads the token a platform keeps in a file (a projected service-account token, a JWT-SVID
 * spiffe-helper writes, a token a CI system drops), the one careful way every provider shares:
 *
 * - rotation-safe: symlinks are resolved at each call (kubelet swaps `..data` atomically) and the
 *   target's identity (device, inode, size, mtime, ctime) compared with the last read: an unchanged
 *   file costs one `realpath` and one `stat`, a rotated or rewritten one is read at once, a token
 *   within 5 minutes of its `exp` is read again at each call, and an expired one is never returned;
 *   a file that vanished or is caught empty or cut short mid-write is read again (3 tries, 25 ms apart);
 * - bounded: core's `readBoundedFile` (opened without blocking, a regular file only, at most 64 KiB
 *   counted as read, within 5 s, `signal` honoured);
 * - checked: trimmed, a JWT (`decodeAssertion`), not expired by `clock`, its audience compared with
 *   the one asked for (a log line, never a refusal: the writer fixed it);
 * - explained: a missing file is a `CredentialUnavailableError`, anything else the provider's typed
 *   error ({@link TokenFacts.error}) naming the path and the setting that named it, never the content.
 *
 * @example
 * ```ts
 * const file = new TokenFile(facts);
 * const { token } = await file.read("/var/run/secrets/azure/tokens/azure-identity-token", {
 *   audience: "api://AzureADTokenExchange",
 * });
 * ```
 */
export class TokenFile<P extends string = never> {
  #cached: CachedToken | undefined;
  readonly #facts: TokenFacts<P>;
  readonly #clock: Clock;

  constructor(facts: TokenFacts<P>, clock: Clock = Date.now) {
    this.#facts = facts;
    this.#clock = clock;
  }

  /**
   * The current token in the file at `path` and its claims; `expected` (when given) is the audience
   * it is compared with. Throws the signal's reason as soon as `signal` aborts.
   */
  async read(
    path: string,
    expected?: ExpectedAudience | undefined,
    signal?: AbortSignal | undefined,
  ): Promise<{ readonly token: string; readonly claims: AssertionClaims }> {
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      try {
        return await this.#readOnce(path, expected, signal);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (!(error instanceof MidRotation)) throw error;
        if (attempt >= ATTEMPTS) throw error.final;
        let timer: NodeJS.Timeout | undefined;
        await abortable(
          new Promise((resolve) => {
            timer = setTimeout(resolve, MID_WRITE_WAIT_MS);
          }),
          signal,
          () => clearTimeout(timer),
        );
      }
    }
  }

  async #readOnce(
    path: string,
    expected: ExpectedAudience | undefined,
    signal: AbortSignal | undefined,
  ): Promise<{ readonly token: string; readonly claims: AssertionClaims }> {
    const facts = this.#facts;
    let resolvedPath: string;
    let before: BigIntStats;
    try {
      resolvedPath = await realPath(path);
      before = await pathStats(resolvedPath);
    } catch (error) {
      throw this.#systemError(path, error);
    }
    const place: TokenPlace = { kind: "file", name: path };
    const file = `the token file ${describePath(path, resolvedPath)}`;
    if (!before.isFile()) {
      throw this.#wrongFile(path, `${file} is ${describeFileType(before)}, not a regular file`);
    }
    if (before.size > BigInt(MAX_TOKEN_FILE_BYTES)) {
      throw this.#wrongFile(path, `${file} holds ${before.size} bytes, far more than a token`);
    }
    const cached = this.#cached;
    if (
      cached?.configuredPath === path &&
      cached.resolvedPath === resolvedPath &&
      sameFile(cached.stats, before) &&
      !this.#nearExpiry(cached.claims)
    ) {
      return { token: cached.token, claims: cached.claims };
    }

    let read: { readonly text: string; readonly stats: BigIntStats };
    try {
      read = await readBoundedFile(resolvedPath, { maxBytes: MAX_TOKEN_FILE_BYTES, signal });
    } catch (error) {
      if (!(error instanceof BoundedFileError) || error.problem === "unreadable") {
        throw this.#systemError(path, error);
      }
      throw this.#wrongFile(path, `${file} ${error.what}`, error);
    }
    // Empty or cut short may be a file caught mid-write: tried again before it is called broken.
    let midWrite = false;
    const checking: TokenFacts<P> = {
      ...facts,
      error: (problem, message, cause) => {
        midWrite = problem === "empty" || problem === "not-a-jwt";
        return tokenError(facts, place, problem, message, cause);
      },
    };
    let decoded: { readonly token: string; readonly claims: AssertionClaims };
    try {
      decoded = decodeToken(read.text, { place, shown: file }, checking);
    } catch (error) {
      throw midWrite ? new MidRotation(error as Error) : error;
    }
    requireUnexpired(
      decoded.claims,
      { place, shown: `the token in ${describePath(path, resolvedPath)}` },
      this.#clock(),
      facts,
    );

    const previous = this.#cached;
    this.#cached = { configuredPath: path, resolvedPath, stats: read.stats, ...decoded };
    const { exp } = decoded.claims;
    logger.verbose(
      `${facts.provider}: ${previous ? "re-read" : "read"} the token file ${describePath(path, resolvedPath)}${
        exp === undefined ? "" : `; the token expires at ${new Date(exp * 1000).toISOString()}`
      }`,
    );
    warnOnTokenAudience(decoded.claims, expected, `the token in ${shown(path)}`, facts);
    return decoded;
  }

  #nearExpiry(claims: AssertionClaims): boolean {
    return claims.exp !== undefined && claims.exp * 1000 - REREAD_BEFORE_EXPIRY_MS <= this.#clock();
  }

  #wrongFile(path: string, message: string, cause?: unknown): Error {
    const facts = this.#facts;
    return tokenError(
      facts,
      { kind: "file", name: path },
      "unreadable",
      `${message}; point ${facts.setting} at ${facts.token}`,
      cause,
    );
  }

  /** A missing path (tried again: perhaps mid-rotation), a refused permission, or another system error. */
  #systemError(path: string, error: unknown): Error {
    const facts = this.#facts;
    const code =
      error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
    if (code === "ENOENT") {
      return new MidRotation(
        new CredentialUnavailableError(
          `${facts.provider}: the token file ${shown(path)} does not exist; ${facts.writer} writes ${facts.token} there: ${facts.whenMissing}`,
          { cause: error },
        ),
      );
    }
    const file = `the token file ${shown(path)}`;
    if (code === "EACCES" || code === "EPERM") {
      const how = facts.whenNoPermission === undefined ? "" : ` ${facts.whenNoPermission}`;
      return tokenError(
        facts,
        { kind: "file", name: path },
        "unreadable",
        `${file} cannot be read (${code}); let this process's user read it${how}`,
        error,
      );
    }
    return this.#wrongFile(path, `${file} cannot be read (${code ?? "error"})`, error);
  }
}

function sameFile(known: BigIntStats, now: BigIntStats): boolean {
  return (
    known.dev === now.dev &&
    known.ino === now.ino &&
    known.size === now.size &&
    known.mtimeNs === now.mtimeNs &&
    known.ctimeNs === now.ctimeNs
  );
}

/** A path as messages show it: control characters escaped, at most 300 characters. */
function shown(path: string): string {
  return shorten(escapeControlCharacters(path), 300);
}

function describePath(path: string, resolvedPath: string): string {
  return resolvedPath === path ? shown(path) : `${shown(path)} (${shown(resolvedPath)})`;
}
