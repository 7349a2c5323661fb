/**
 * The error `promise` rejects with. Throws (failing the test) when it resolves, or when it rejects
 * with something that is not an `Error`, so a test can go on to check the error's class and text.
 *
 * @example
 * ```ts
 * import { rejectionOf } from "@azfed/testing";
 *
 * const error = await rejectionOf(provider.getAssertion({ audience }));
 * expect(error).toBeInstanceOf(CredentialUnavailableError);
 * ```
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  let outcome: { readonly error: unknown } | undefined;
  try {
    await promise;
  } catch (error) {
    outcome = { error };
  }
  if (outcome === undefined) throw new Error("expected the promise to reject, but it resolved");
  if (outcome.error instanceof Error) return outcome.error;
  throw new Error(
    `expected the promise to reject with an Error, but it rejected with ${String(outcome.error)}`,
  );
}
