// Runs `azfed` in-process through `runCli`, with its own streams, environment and stdin: what the
// binary does, minus the process start. `azfed-binary.test.ts` checks the real executable.
import type { TestCertificateAuthority } from "@azfed/testing";
import { runCli } from "../src/index";
import { type AzfedRun, runs } from "./azfed-run";

export interface AzfedRunOptions {
  /** The job's or pod's variables: the command sees these and nothing of the test process's. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The CA the command's HTTPS requests trust (the emulators'), as NODE_EXTRA_CA_CERTS for the binary. */
  readonly ca?: TestCertificateAuthority;
  readonly stdin?: string;
  readonly cwd?: string;
}

/** Runs `azfed …args` in-process and resolves with its exit code and what it wrote. */
export async function runAzfed(args: readonly string[], options: AzfedRunOptions = {}): Promise<AzfedRun> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value !== undefined) env[name] = value;
  }
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: {
      write: (text) => {
        stdout += text;
      },
      isTTY: false,
    },
    stderr: {
      write: (text) => {
        stderr += text;
      },
      isTTY: false,
    },
    stdin: linesOf(options.stdin ?? ""),
    env,
    cwd: options.cwd ?? process.cwd(),
    ...(options.ca ? { dispatcher: options.ca.dispatcher } : {}),
  });
  const run = { args, code, stdout, stderr };
  runs.push(run);
  return run;
}

async function* linesOf(text: string): AsyncIterable<string> {
  if (text !== "") yield text;
}
