import { type AssertionContext, AssertionFetchError } from "@azfed/core";
import { type Clock, logger, TokenFile } from "@azfed/core/provider";
import { explainJwtSvid, warnAboutAlgorithm } from "./jwt-svid";

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

/**
 * The JWT-SVID file spiffe-helper keeps, read through core's one token-file reader (`TokenFile`:
 * rotation-safe, bounded, a file caught mid-write read again, an expired SVID never returned); this
 * file holds only SPIFFE's words.
 *
 * @see spiffe/spiffe-helper pkg/sidecar/sidecar.go (commit 06cfd7e98596e8d3b4576c08e24cad7eb80f86cf,
 *   checked 2026-12-07): renews at `time.Until(svid.Expiry)/2 + time.Second`; pkg/disk/json.go
 *   `WriteJWTSVID` rewrites the file in place with `os.WriteFile`
 * @internal
 */
export class JwtSvidFile {
  readonly #file: TokenFile<"no-issuer">;

  constructor(clock: Clock) {
    this.#file = new TokenFile<"no-issuer">(
      {
        provider: "spiffe",
        token: "the JWT-SVID",
        writer: "spiffe-helper",
        setting: "jwtSvidFile",
        whenMissing:
          "it writes jwt_svids' jwt_svid_file_name in its cert_dir: check that it runs with that cert_dir and file name and can reach the Workload API",
        whenExpired:
          "spiffe-helper renews it at half its lifetime: run spiffe-helper with daemon_mode = true beside this process",
        whenNoPermission: "(spiffe-helper's jwt_svid_file_mode)",
        whenOtherAudience: (audience) => `spiffe-helper: set jwt_audience = "${audience}"`,
        explainInvalid: explainJwtSvid,
        error: (problem, message, cause, place) =>
          new SpiffeJwtSvidFileError({ path: place.name, problem, message, cause }),
      },
      clock,
    );
  }

  /** The JWT-SVID in `path` now, checked; its algorithm and audience warned about. */
  async read(path: string, context: AssertionContext): Promise<string> {
    const { token, claims } = await this.#file.read(path, context, context.signal);
    warnAboutAlgorithm(token, `the JWT-SVID file ${path}`);
    logger.verbose(`spiffe: read the JWT-SVID of ${claims.sub} from ${path}`);
    return token;
  }
}
