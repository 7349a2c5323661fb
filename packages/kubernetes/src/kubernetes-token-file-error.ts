import { AssertionFetchError } from "@azfed/core/provider";

/**
 * What is wrong with a projected token file: it is `empty`, `unreadable` (permissions, not a regular
 * file, too large), `not-a-jwt`, or holds a token that has `expired`.
 *
 * @example
 * ```ts
 * const problem: KubernetesTokenFileProblem = "expired";
 * ```
 */
export type KubernetesTokenFileProblem = "empty" | "unreadable" | "not-a-jwt" | "expired";

/**
 * Thrown by the `kubernetes()` provider when the token file exists but does not yield a usable token.
 * The message names the file and what to check; it never contains the file's content. Its `name` is
 * `"KubernetesTokenFileError"`, and it is an `AssertionFetchError`, so code handling every provider's
 * fetch failures (with `instanceof AssertionFetchError`) handles it too.
 *
 * @example
 * ```ts
 * try {
 *   await kubernetes().getAssertion({ audience: "api://AzureADTokenExchange" });
 * } catch (error) {
 *   if (error instanceof KubernetesTokenFileError && error.problem === "expired") {
 *     console.error(`kubelet has not rotated ${error.path}`);
 *   }
 * }
 * ```
 */
export class KubernetesTokenFileError extends AssertionFetchError {
  override readonly name: string = "KubernetesTokenFileError";
  /** The token file's path, as configured (before symlinks are resolved). */
  readonly path: string;
  /** What is wrong with it. */
  readonly problem: KubernetesTokenFileProblem;

  constructor(details: {
    path: string;
    problem: KubernetesTokenFileProblem;
    message: string;
    cause?: unknown;
  }) {
    super({ provider: "kubernetes", message: details.message, cause: details.cause });
    this.path = details.path;
    this.problem = details.problem;
  }
}
