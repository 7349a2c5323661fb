import type { HttpRequest } from "@azfed/core/provider";

/**
 * A stream the CLI writes to: `process.stdout`, `process.stderr`, or anything with `write`.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const capture: CliOutput = { write: (text) => lines.push(text), isTTY: false };
 * ```
 */
export interface CliOutput {
  /** Writes text as it is (the CLI adds its own line breaks). */
  write(text: string): unknown;
  /** Whether the stream is a terminal; colour is only ever used on one. */
  readonly isTTY?: boolean | undefined;
}

/**
 * Everything the `azfed` command touches outside itself. `runCli` takes it so the command can run
 * in-process (tests, tools embedding it) without touching the real process.
 *
 * @example
 * ```ts
 * const io: Partial<CliIo> = {
 *   stdout: { write: (text) => out.push(text) },
 *   env: { ...process.env, NO_COLOR: "1" },
 *   dispatcher: new Agent({ connect: { ca: privateCaPem } }), // from undici
 * };
 * const exitCode = await runCli(["subject", "github", "--repository", "contoso/app", "--branch", "main"], io);
 * ```
 */
export interface CliIo {
  /** Results: subjects, FICs, claims, the access token of `azfed token`. */
  readonly stdout: CliOutput;
  /** Errors, warnings and diagnoses. */
  readonly stderr: CliOutput;
  /** Read by `azfed validate -`. */
  readonly stdin: AsyncIterable<string | Uint8Array>;
  /** The environment the platform is detected from (default `process.env`). */
  readonly env: NodeJS.ProcessEnv;
  /** Relative file names are resolved against it (default `process.cwd()`). */
  readonly cwd: string;
  /** The current time in milliseconds since the epoch (default `Date.now`). */
  readonly now: () => number;
  /**
   * The undici dispatcher every HTTP request of the command goes through: to the platform's token
   * endpoint and to Entra (default: `HTTPS_PROXY` / `NO_PROXY` when set, else Node's own). Give one
   * to trust a private CA in-process, as `NODE_EXTRA_CA_CERTS` does for the binary.
   */
  readonly dispatcher?: HttpRequest["dispatcher"] | undefined;
}

/**
 * The real process's streams, environment, directory and clock, with any part replaced.
 *
 * @example
 * ```ts
 * const io = resolveCliIo({ env: { NO_COLOR: "1" } });
 * ```
 */
export function resolveCliIo(overrides: Partial<CliIo> = {}): CliIo {
  return {
    stdout: overrides.stdout ?? process.stdout,
    stderr: overrides.stderr ?? process.stderr,
    stdin: overrides.stdin ?? process.stdin,
    env: overrides.env ?? process.env,
    cwd: overrides.cwd ?? process.cwd(),
    now: overrides.now ?? Date.now,
    ...(overrides.dispatcher ? { dispatcher: overrides.dispatcher } : {}),
  };
}
