import { inspect } from "node:util";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import { SecretExposedError } from "./secret-exposed-error";
import { exposedText } from "./secret-exposure";

/** How long a run of a secret's characters must be to count as a trace of it. */
const DEFAULT_RUN_LENGTH = 24;

/**
 * Throws a {@link SecretExposedError} when anything `error` can show (see {@link exposedText}, plus
 * `util.inspect` of the whole chain at unlimited depth with hidden properties: what `console.error`
 * prints) holds a trace of one of `secrets`: the secret whole, one of its dot-separated segments of 8
 * characters or more (a JWT's header, payload or signature), or any run of `runLength` (default 24)
 * of its characters. The error names which secret and where, never the secret itself.
 *
 * @example
 * ```ts
 * import { expectNoSecretTrace } from "@azfed/testing";
 *
 * const error = await provider.getAssertion({ audience }).catch((caught: unknown) => caught);
 * expectNoSecretTrace(error, [requestToken]);
 * ```
 */
export function expectNoSecretTrace(
  error: unknown,
  secrets: Iterable<string>,
  runLength = DEFAULT_RUN_LENGTH,
): void {
  const text = `${exposedText(error)}\n${inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true, maxStringLength: Number.POSITIVE_INFINITY, breakLength: Number.POSITIVE_INFINITY })}`;
  let index = 0;
  for (const secret of secrets) {
    if (typeof secret !== "string" || secret.length < runLength) {
      throw new InvalidEmulatorOptionError({
        field: `secrets[${index}]`,
        value: typeof secret === "string" ? `${secret.length} characters` : secret,
        expected: `a string of at least ${runLength} characters`,
        fix: "pass the secret the test handed to the code under test",
      });
    }
    const pieces = [secret, ...secret.split(".").filter((segment) => segment.length >= 8)];
    for (let start = 0; start + runLength <= secret.length; start++) {
      pieces.push(secret.slice(start, start + runLength));
    }
    for (const piece of pieces) {
      const offset = text.indexOf(piece);
      if (offset !== -1) {
        throw new SecretExposedError(
          `secrets[${index}] (${secret.length} characters): ${piece.length} of its characters appear at offset ${offset} of what the error shows`,
        );
      }
    }
    index++;
  }
}
