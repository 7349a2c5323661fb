import type { BigIntStats } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import {
  type AssertionClaims,
  BoundedFileError,
  CredentialUnavailableError,
  decodeAssertion,
  InvalidAssertionError,
} from "@azfed/core";
import { type Clock, describeFileType, logger, readBoundedFile } from "@azfed/core/provider";
import { KubernetesTokenFileError } from "./kubernetes-token-file-error";

/** A projected token is a couple of kilobytes; anything this large is the wrong file. */
const MAX_TOKEN_FILE_BYTES = 64 * 1024;
/** kubelet may remove the old data directory between our `realpath` and our `open`: try again. */
const MAX_ATTEMPTS = 3;

interface FileIdentity {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
}

interface CachedToken {
  readonly configuredPath: string;
  readonly resolvedPath: string;
  readonly identity: FileIdentity;
  readonly token: string;
  /** `exp` in epoch milliseconds, when the token has one. */
  readonly expiresAt: number | undefined;
}

/**
 * Reads a projected service-account token file the way kubelet writes it: `token` is a symlink to
 * `..data/token`, and `..data` is swapped atomically to a new timestamped directory at each rotation.
 * Every read resolves the symlinks and compares the target's identity (device, inode, size, mtime,
 * ctime) with the last read: an unchanged file costs one `realpath` and one `stat`, a rotated one is
 * read at once, and a token is never returned once its `exp` has passed by `clock`.
 *
 * @internal
 */
export class ProjectedTokenFile {
  #cached: CachedToken | undefined;
  readonly #clock: Clock;

  constructor(clock: Clock = Date.now) {
    this.#clock = clock;
  }

  /**
   * The current token in the file at `path`; throws a typed error naming `path` when there is none,
   * and the signal's reason as soon as `signal` aborts.
   */
  async read(path: string, audience?: string | ExpectedAudience, signal?: AbortSignal): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      try {
        return await this.#readOnce(path, audience, signal);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (errorCode(error) === "ENOENT" && attempt < MAX_ATTEMPTS) continue;
        throw describeFileError(path, error);
      }
    }
  }

  async #readOnce(
    path: string,
    audience: string | ExpectedAudience | undefined,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    const resolvedPath = await realpath(path);
    // The type is checked before the file is opened: opening a FIFO (or a device) blocks one of libuv's
    // few threads until a writer comes, and no signal can end that wait.
    const before = await stat(resolvedPath, { bigint: true });
    checkRegularFile(path, resolvedPath, before);
    const cached = this.#cached;
    if (
      cached &&
      cached.configuredPath === path &&
      cached.resolvedPath === resolvedPath &&
      sameFile(cached.identity, before) &&
      !this.#hasExpired(cached.expiresAt)
    ) {
      return cached.token;
    }

    // Core's one reader: opened without blocking, the type checked again on the handle (the path may
    // have become a FIFO since), at most 64 KiB counted as read (`/proc` files report a size of 0).
    let content: string;
    let identity: FileIdentity;
    try {
      const file = await readBoundedFile(resolvedPath, { maxBytes: MAX_TOKEN_FILE_BYTES, signal });
      content = file.text;
      identity = identityOf(file.stats);
    } catch (error) {
      // `unreadable` carries the system's code (ENOENT mid-rotation is tried again): described below.
      if (!(error instanceof BoundedFileError) || error.problem === "unreadable") throw error;
      throw new KubernetesTokenFileError({
        path,
        problem: "unreadable",
        message: `the token file ${describePath(path, resolvedPath)} ${error.what}, far from a token; point AZURE_FEDERATED_TOKEN_FILE (or tokenFilePath) at the projected service-account token`,
      });
    }

    const token = content.trim();
    if (token === "") {
      throw new KubernetesTokenFileError({
        path,
        problem: "empty",
        message: `the token file ${describePath(path, resolvedPath)} is empty; kubelet writes the projected token there, so check the pod's projected service-account token volume`,
      });
    }
    let claims: AssertionClaims;
    try {
      claims = decodeAssertion(token);
    } catch (error) {
      if (!(error instanceof InvalidAssertionError)) throw error;
      throw new KubernetesTokenFileError({
        path,
        problem: "not-a-jwt",
        message: `the token file ${describePath(path, resolvedPath)} does not hold a JWT (expected header.payload.signature in base64url); point AZURE_FEDERATED_TOKEN_FILE (or tokenFilePath) at the projected service-account token`,
        cause: error,
      });
    }
    const expiresAt = claims.exp === undefined ? undefined : claims.exp * 1000;
    if (this.#hasExpired(expiresAt)) {
      const ago = Math.round((this.#clock() - (expiresAt as number)) / 1000);
      throw new KubernetesTokenFileError({
        path,
        problem: "expired",
        message: `the token in ${describePath(path, resolvedPath)} expired at ${new Date(expiresAt as number).toISOString()} (${ago} s ago) and the file has not been rotated; kubelet rewrites projected tokens at 80% of their lifetime, so check that the pod's projected volume is mounted and kubelet is healthy`,
      });
    }

    const previous = this.#cached;
    this.#cached = { configuredPath: path, resolvedPath, identity, token, expiresAt };
    logger.verbose(
      `kubernetes: ${previous ? "re-read" : "read"} the token file ${describePath(path, resolvedPath)}${
        expiresAt === undefined ? "" : `; the token expires at ${new Date(expiresAt).toISOString()}`
      }`,
    );
    warnOnAudienceMismatch(path, claims.aud, audience);
    return token;
  }

  #hasExpired(expiresAt: number | undefined): boolean {
    return expiresAt !== undefined && expiresAt <= this.#clock();
  }
}

/** A regular file of token size, or a typed error saying what the path holds instead. */
function checkRegularFile(path: string, resolvedPath: string, stats: BigIntStats): void {
  if (!stats.isFile()) {
    throw new KubernetesTokenFileError({
      path,
      problem: "unreadable",
      message: `the token file ${describePath(path, resolvedPath)} is ${describeFileType(stats)}, not a regular file; point AZURE_FEDERATED_TOKEN_FILE (or tokenFilePath) at the projected token itself`,
    });
  }
  if (stats.size > BigInt(MAX_TOKEN_FILE_BYTES)) {
    throw new KubernetesTokenFileError({
      path,
      problem: "unreadable",
      message: `the token file ${describePath(path, resolvedPath)} holds ${stats.size} bytes, far more than a token; point AZURE_FEDERATED_TOKEN_FILE (or tokenFilePath) at the projected service-account token`,
    });
  }
}

function identityOf(stats: BigIntStats): FileIdentity {
  return {
    dev: stats.dev,
    ino: stats.ino,
    size: stats.size,
    mtimeNs: stats.mtimeNs,
    ctimeNs: stats.ctimeNs,
  };
}

function sameFile(known: FileIdentity, stats: BigIntStats): boolean {
  return (
    known.dev === stats.dev &&
    known.ino === stats.ino &&
    known.size === stats.size &&
    known.mtimeNs === stats.mtimeNs &&
    known.ctimeNs === stats.ctimeNs
  );
}

function describePath(path: string, resolvedPath: string): string {
  return resolvedPath === path ? path : `${path} (${resolvedPath})`;
}

/**
 * The audience the exchange asks for, and the cloud's other audience convention when the user chose
 * none: the file's audience is fixed by the pod spec, so a token for the other convention is
 * presented as it is (and said so), never silently.
 */
export interface ExpectedAudience {
  readonly audience: string;
  readonly alternateAudience?: string | undefined;
}

function warnOnAudienceMismatch(
  path: string,
  aud: string | string[],
  expected: string | ExpectedAudience | undefined,
): void {
  if (expected === undefined) return;
  const { audience, alternateAudience } = typeof expected === "string" ? { audience: expected } : expected;
  const audiences = typeof aud === "string" ? [aud] : aud;
  if (audiences.includes(audience)) return;
  if (alternateAudience !== undefined && audiences.includes(alternateAudience)) {
    logger.info(
      `kubernetes: the token in ${path} is for audience ${alternateAudience} (fixed by the projected volume), the cloud's other convention than ${audience}; presenting it: the federated identity credential must name ${alternateAudience}`,
    );
    return;
  }
  logger.warning(
    `kubernetes: the token in ${path} is for audience ${JSON.stringify(aud)}, not ${audience}; Entra will refuse it unless the federated identity credential names that audience (set the projected volume's audience, or the credential's audience option, to match)`,
  );
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error
    ? String((error as NodeJS.ErrnoException).code)
    : undefined;
}

function describeFileError(path: string, error: unknown): Error {
  if (error instanceof KubernetesTokenFileError) return error;
  const code = errorCode(error);
  if (code === "ENOENT") {
    return new CredentialUnavailableError(
      `kubernetes: the token file ${path} does not exist; the Azure Workload Identity webhook mounts it in pods labelled azure.workload.identity/use: "true", so check the label, the pod's projected volume and AZURE_FEDERATED_TOKEN_FILE`,
      { cause: error },
    );
  }
  if (code === "EACCES" || code === "EPERM") {
    return new KubernetesTokenFileError({
      path,
      problem: "unreadable",
      message: `the token file ${path} cannot be read (${code}); let the process's user read it, e.g. with the pod's securityContext.fsGroup`,
      cause: error,
    });
  }
  return new KubernetesTokenFileError({
    path,
    problem: "unreadable",
    message: `the token file ${path} cannot be read (${code ?? (error instanceof Error ? error.message : String(error))}); point AZURE_FEDERATED_TOKEN_FILE (or tokenFilePath) at the projected service-account token`,
    cause: error,
  });
}
