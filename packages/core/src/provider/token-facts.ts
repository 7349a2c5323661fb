import { AssertionFetchError } from "../errors/assertion-fetch-error";
import type { InvalidAssertionError } from "../fic/decode-assertion";

/**
 * What is wrong with the token a file or a variable holds: the place is `empty`, `unreadable` (not a
 * regular file, too large, permissions), holds something that is `not-a-jwt`, or a token that has
 * `expired` (only its writer can refresh it).
 *
 * @example
 * ```ts
 * const problem: TokenProblem = "expired";
 * ```
 */
export type TokenProblem = "empty" | "unreadable" | "not-a-jwt" | "expired";

/**
 * Where a token was read: a file (by the path as configured) or an environment variable (by name).
 *
 * @example
 * ```ts
 * const place: TokenPlace = { kind: "file", name: "/var/run/secrets/azure/tokens/azure-identity-token" };
 * ```
 */
export interface TokenPlace {
  readonly kind: "file" | "variable";
  /** The file's path as configured (before symlinks are resolved), or the variable's name. */
  readonly name: string;
}

/**
 * What a provider tells {@link TokenFile} and {@link readTokenVariable} about its platform's token:
 * the words of their messages (who writes the token, which setting names the place, what to do) and
 * the typed error it throws. The readers own the rule and the sentence; the provider only the facts.
 *
 * @typeParam P - problems the provider names beyond {@link TokenProblem} (SPIFFE's `no-issuer`).
 * @example
 * ```ts
 * const facts: TokenFacts = {
 *   provider: "kubernetes",
 *   token: "the projected service-account token",
 *   writer: "kubelet",
 *   setting: "AZURE_FEDERATED_TOKEN_FILE (or tokenFilePath)",
 *   whenMissing: "check the pod's projected service-account token volume",
 *   whenExpired: "kubelet rewrites projected tokens at 80% of their lifetime: check that kubelet is healthy",
 * };
 * ```
 */
export interface TokenFacts<P extends string = never> {
  /** The provider's name, the prefix of every message: "kubernetes". */
  readonly provider: string;
  /** What the token is, as a noun phrase: "the projected service-account token", "the JWT-SVID". */
  readonly token: string;
  /** Who writes the token, as the subject of a sentence: "kubelet", "spiffe-helper", "HCP Terraform". */
  readonly writer: string;
  /** The setting that named the place, for the fix: "AZURE_FEDERATED_TOKEN_FILE (or tokenFilePath)". */
  readonly setting: string;
  /** What to check when the place does not exist, is unset or empty. */
  readonly whenMissing: string;
  /** What to do when the token has expired (azfed cannot refresh it). */
  readonly whenExpired: string;
  /** How to let this process read the file, after "let this process's user read it": "(jwt_svid_file_mode)". */
  readonly whenNoPermission?: string | undefined;
  /** How to give the token `audience` when it has another one. Default: name that audience in the credential. */
  readonly whenOtherAudience?: ((audience: string) => string) | undefined;
  /** A platform's own words for a JWT it knows better (SPIFFE: no `iss` means `jwt_issuer` is unset). */
  readonly explainInvalid?:
    | ((
        error: InvalidAssertionError,
      ) => { readonly problem: TokenProblem | P; readonly message: string } | undefined)
    | undefined;
  /** The provider's typed error for a place that holds no usable token. Default `AssertionFetchError`. */
  readonly error?:
    | ((problem: TokenProblem | P, message: string, cause: unknown, place: TokenPlace) => AssertionFetchError)
    | undefined;
}

/**
 * The provider's typed error for `problem`, or an `AssertionFetchError` when it gave none.
 *
 * @example
 * ```ts
 * throw tokenError(facts, { kind: "file", name: "/t" }, "empty", "the token file /t is empty");
 * ```
 */
export function tokenError<P extends string>(
  facts: TokenFacts<P>,
  place: TokenPlace,
  problem: TokenProblem | P,
  message: string,
  cause?: unknown,
): AssertionFetchError {
  return facts.error
    ? facts.error(problem, message, cause, place)
    : new AssertionFetchError({ provider: facts.provider, message, cause });
}
