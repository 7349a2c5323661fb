// Types of scripts/conformance-case.mjs, for the tests that import it (packages/testing/test/conformance-case-script.test.ts).

/** The most bytes of stdin the script reads: 64 KiB. */
export declare const MAX_STDIN_BYTES: number;

/** The `--redact` pairs as conformanceCaseFromToken's `redact` map. */
export declare function redactionsFrom(pairs: readonly string[]): Record<string, string>;

/** `stdin`'s text, given up (and the stream destroyed) past `maxBytes`. */
export declare function readStdin(
  stdin: AsyncIterable<Buffer | Uint8Array> & { destroy(): void },
  maxBytes: number,
): Promise<string>;

/** The script on the given arguments and streams; answers the exit code (0, 1, or 2 for a usage error). */
export declare function conformanceCaseScript(
  args: readonly string[],
  io: {
    readonly stdin: AsyncIterable<Buffer | Uint8Array> & { destroy(): void };
    readonly stdout: { write(text: string): unknown };
    readonly stderr: { write(text: string): unknown };
  },
): Promise<number>;
