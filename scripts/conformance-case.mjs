#!/usr/bin/env node
// Turns a real OIDC token into a draft conformance case: the claims only (header and signature
// dropped), with the identifiers you mark replaced. Usage (after `pnpm build`):
//
//   node scripts/conformance-case.mjs --id push-to-main --title "a push to main …" \
//     --redact acme-internal=mygroup --redact 4242=1234 < token.txt
//
// The token is read from stdin (never from the command line, where it would land in the shell's
// history). Fill in `source` before adding the case to packages/testing/conformance/{platform}.json:
// the corpus loader refuses a case without one. Its parts are exported so that tests run them
// in-process (packages/testing/test/conformance-case-script.test.ts) and `pnpm mutation` can score
// them; run as a script, it runs `conformanceCaseScript` on this process.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { conformanceCaseFromToken } from "../packages/testing/dist/index.js";

/** Real OIDC tokens are a few kilobytes; conformanceCaseFromToken refuses more than 16 KiB characters. */
export const MAX_STDIN_BYTES = 64 * 1024;

const USAGE =
  'usage: node scripts/conformance-case.mjs --id <id> --title "<sentence>" [--redact value=replacement]... < token\n';

/**
 * The `--redact` pairs as conformanceCaseFromToken's `redact` map: `value=replacement` (split at the
 * first `=`), or `value` alone, replaced by `redacted`.
 *
 * @param {readonly string[]} pairs
 * @returns {Record<string, string>}
 */
export function redactionsFrom(pairs) {
  const redact = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    redact[at === -1 ? pair : pair.slice(0, at)] = at === -1 ? "redacted" : pair.slice(at + 1);
  }
  return redact;
}

/**
 * `stdin`'s text, read as a stream and given up past `maxBytes` (the stream is then destroyed):
 * `readFileSync(0)` read all of a 1 GiB input (20.8 s, 1 GB resident) before the length check, and
 * failed with EAGAIN on a non-blocking pipe.
 *
 * @param {AsyncIterable<Buffer> & { destroy(): void }} stdin
 * @param {number} maxBytes
 * @returns {Promise<string>}
 */
export async function readStdin(stdin, maxBytes) {
  const chunks = [];
  let total = 0;
  for await (const chunk of stdin) {
    total += chunk.length;
    if (total > maxBytes) {
      stdin.destroy();
      throw new Error(`stdin holds more than ${maxBytes} bytes; expected one OIDC token (a few kilobytes)`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The script: parses `args`, reads the token from `io.stdin`, writes the draft case to `io.stdout`
 * (or the problem to `io.stderr`) and answers the exit code: 0, 1 for a token or stdin refused, 2
 * for a usage error.
 *
 * @param {readonly string[]} args
 * @param {{ stdin: AsyncIterable<Buffer> & { destroy(): void }, stdout: { write(text: string): unknown }, stderr: { write(text: string): unknown } }} io
 * @returns {Promise<number>}
 */
export async function conformanceCaseScript(args, io) {
  const { values } = parseArgs({
    args: [...args],
    options: {
      id: { type: "string" },
      title: { type: "string" },
      redact: { type: "string", multiple: true, default: [] },
    },
  });
  if (!values.id || !values.title) {
    io.stderr.write(USAGE);
    return 2;
  }
  try {
    const token = (await readStdin(io.stdin, MAX_STDIN_BYTES)).trim();
    const draft = conformanceCaseFromToken(token, {
      id: values.id,
      title: values.title,
      redact: redactionsFrom(values.redact),
    });
    io.stdout.write(`${JSON.stringify(draft, null, 2)}\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await conformanceCaseScript(process.argv.slice(2), process);
}
