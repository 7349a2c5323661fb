/**
 * Thrown by {@link expectNoSecrets} when a secret shows in an error or a log line. Its message says
 * which secret (by its position in the list and its length) and where, never the secret itself, so
 * a failing test does not print the token it was protecting.
 *
 * @example
 * ```ts
 * try {
 *   expectNoSecrets([exposedText(error)], [assertion]);
 * } catch (failure) {
 *   if (failure instanceof SecretExposedError) console.log(failure.message);
 *   // secrets[0] (a secret of 812 characters, starting "eyJh") appears in text 1 of 1, at offset 96
 * }
 * ```
 */
export class SecretExposedError extends Error {
  override readonly name = "SecretExposedError";
}
