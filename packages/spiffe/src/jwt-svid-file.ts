import { setTimeout as sleep } from "node:timers/promises";
import {
  type AssertionContext,
  AssertionFetchError,
  BoundedFileError,
  CredentialUnavailableError,
} from "@azfed/core";
import { logger, readBoundedFile } from "@azfed/core/provider";
import { jwtSvidProblem, warnAboutJwtSvid } from "./jwt-svid";

/**
 * What is wrong with a JWT-SVID file: `empty`, `unreadable` (permissions, not a regular file, too
 * large), `not-a-jwt`, `no-issuer` (the SPIRE server's `jwt_issuer` is not set) or `expired`
 * (spiffe-helper no longer renews it).
 *
 * @example
 * ```ts
 * const problem: SpiffeJwtSvidFileProblem = "expired";
 * ```
 */
export type SpiffeJwtSvidFileProblem = "empty" | "unreadable" | "not-a-jwt" | "no-issuer" | "expired";

/**
 * Thrown by the `spiffe({ jwtSvidFile })` provider when the file exists but holds no usable JWT-SVID.
 * The message names the file and what to check; it never holds the file's content. It is an
 * `AssertionFetchError` (`provider` is `"spiffe"`).
 *
 * @example
 * ```ts
 * try {
 *   await spiffe({ jwtSvidFile: "/run/spiffe/jwt_svid.token" }).getAssertion({ audience: "api://AzureADTokenExchange" });
 * } catch (error) {
 *   if (error instanceof SpiffeJwtSvidFileError && error.problem === "expired") console.error("is spiffe-helper running?");
 * }
 * ```
 */
export class SpiffeJwtSvidFileError extends AssertionFetchError {
  override readonly name: string = "SpiffeJwtSvidFileError";
  /** The file's path, as configured. */
  readonly path: string;
  /** What is wrong with it. */
  readonly problem: SpiffeJwtSvidFileProblem;

  constructor(details: {
    path: string;
    problem: SpiffeJwtSvidFileProblem;
    message: string;
    cause?: unknown;
  }) {
    super({ provider: "spiffe", message: details.message, cause: details.cause });
    this.path = details.path;
    this.problem = details.problem;
  }
}

/** A JWT-SVID is a few kilobytes; a file holding more is the wrong file (the bound of a projected token file too). */
const MAX_FILE_BYTES = 64 * 1024;
/**
 * spiffe-helper rewrites the file in place (`os.WriteFile`: truncate, then write), so a read can meet
 * it empty or cut short: read again a little later before calling it broken.
 *
 * @see spiffe/spiffe-helper pkg/disk/json.go `WriteJWTSVID` (commit 06cfd7e98596e8d3b4576c08e24cad7eb80f86cf,
 *   checked 2026-12-07): `return os.WriteFile(filePath, []byte(jwtSVID.Marshal()), jwtSVIDFileMode)`;
 *   pkg/sidecar/sidecar.go renews at `time.Until(svid.Expiry)/2 + time.Second`
 */
const MID_WRITE_ATTEMPTS = 3;
const MID_WRITE_WAIT_MS = 25;
const HELPER = "spiffe-helper writes it (jwt_svids' jwt_svid_file_name in its cert_dir)";

/**
 * Reads the JWT-SVID spiffe-helper keeps in `path`, at every call (a small file: no cache to go stale),
 * through core's bounded reader (opened without blocking, a regular file only, at most 64 KiB, within
 * 5 s). A token that has expired by `now` is never returned.
 *
 * @internal
 */
export async function readJwtSvidFile(
  path: string,
  context: AssertionContext,
  now: () => number,
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    context.signal?.throwIfAborted();
    const svid = (await readFile(path, context.signal)).trim();
    const checked = svid === "" ? undefined : jwtSvidProblem(svid, now());
    const midWrite = checked === undefined || ("problem" in checked && checked.problem === "not-a-jwt");
    if (midWrite && attempt < MID_WRITE_ATTEMPTS) {
      await sleep(MID_WRITE_WAIT_MS, undefined, { signal: context.signal });
      continue;
    }
    if (checked === undefined) {
      throw new SpiffeJwtSvidFileError({
        path,
        problem: "empty",
        message: `the JWT-SVID file ${path} is empty; ${HELPER}: check that it runs and can reach the Workload API`,
      });
    }
    if ("problem" in checked) {
      throw new SpiffeJwtSvidFileError({
        path,
        problem: checked.problem,
        message: `the file ${path} ${checked.message}${checked.problem === "expired" ? `; ${HELPER} and renews it at half its lifetime: run spiffe-helper with daemon_mode = true beside this process` : ""}`,
      });
    }
    warnAboutJwtSvid(svid, checked.claims, context, path);
    logger.verbose(`spiffe: read the JWT-SVID of ${checked.claims.sub} from ${path}`);
    return svid;
  }
}

async function readFile(path: string, signal: AbortSignal | undefined): Promise<string> {
  try {
    return (await readBoundedFile(path, { maxBytes: MAX_FILE_BYTES, signal })).text;
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const code = error instanceof BoundedFileError ? error.code : undefined;
    if (code === "ENOENT") {
      throw new CredentialUnavailableError(
        `spiffe: the JWT-SVID file ${path} does not exist; ${HELPER}: check that spiffe-helper runs with that cert_dir and file name`,
        { cause: error },
      );
    }
    if (!(error instanceof BoundedFileError)) throw error;
    throw new SpiffeJwtSvidFileError({
      path,
      problem: "unreadable",
      message: `the JWT-SVID file ${path} ${error.what}; ${code === "EACCES" || code === "EPERM" ? "let this process's user read it (spiffe-helper's jwt_svid_file_mode)" : `point jwtSvidFile at the file ${HELPER}`}`,
      cause: error,
    });
  }
}
