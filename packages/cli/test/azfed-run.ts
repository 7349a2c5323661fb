// What one run of `azfed` gave, in-process or as a child process, and the redaction check over runs.

/** The arguments, exit code and output of one run of `azfed`. */
export interface AzfedRun {
  readonly args: readonly string[];
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Every run of this test file, so an `afterAll` can check all output for secrets. */
export const runs: AzfedRun[] = [];

const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/;

/**
 * What leaks from `run`: any of `secrets`, or anything shaped like a JWT, in an output stream —
 * except the stdout of `azfed token`, whose whole point is the access token.
 */
export function findLeaks(run: AzfedRun, secrets: Iterable<string>): string[] {
  const leaks: string[] = [];
  const tokenCommand = run.args[0] === "token";
  const streams: [string, string][] = [["stderr", run.stderr]];
  if (!tokenCommand) streams.push(["stdout", run.stdout]);
  for (const [name, text] of streams) {
    if (JWT.test(text)) leaks.push(`${name} of \`azfed ${run.args.join(" ")}\` holds a JWT`);
    for (const secret of secrets) {
      if (secret.length >= 8 && text.includes(secret)) {
        leaks.push(`${name} of \`azfed ${run.args.join(" ")}\` holds a secret (${secret.slice(0, 6)}…)`);
      }
    }
  }
  return leaks;
}
