import { AssertionFetchError } from "@azfed/core";

/**
 * What is wrong with the token a variable or a file holds: the place is `empty`, `unreadable` (not
 * a regular file, too large, permissions), holds something that is `not-a-jwt`, or a token that has
 * `expired` (nobody but its writer can refresh it).
 *
 * @example
 * ```ts
 * const problem: OidcTokenProblem = "expired";
 * ```
 */
export type OidcTokenProblem = "empty" | "unreadable" | "not-a-jwt" | "expired";

/**
 * Thrown by {@link oidcToken}, {@link spacelift} and {@link jenkins} when the variable or the file is
 * there but holds no usable token. The message names the place (the variable's name or the file's
 * path, never its content), says who writes it and what to check. It is an `AssertionFetchError`,
 * so code handling every provider's fetch failures handles it too.
 *
 * @example
 * ```ts
 * try {
 *   await spacelift().getAssertion({ audience: "demo.app.spacelift.io" });
 * } catch (error) {
 *   if (error instanceof OidcTokenError && error.problem === "expired") {
 *     console.error(`${error.source} holds an expired token`);
 *   }
 * }
 * ```
 */
export class OidcTokenError extends AssertionFetchError {
  override readonly name: string = "OidcTokenError";
  /** Where the token was read: `variable NAME` or `file PATH`. */
  readonly source: string;
  /** What is wrong with it. */
  readonly problem: OidcTokenProblem;

  constructor(details: {
    provider: string;
    source: string;
    problem: OidcTokenProblem;
    message: string;
    cause?: unknown;
  }) {
    super({ provider: details.provider, message: details.message, cause: details.cause });
    this.source = details.source;
    this.problem = details.problem;
  }
}
