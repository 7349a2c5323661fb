#!/usr/bin/env node
// Turns a real OIDC token into a draft conformance case: the claims only (header and signature
// dropped), with the identifiers you mark replaced. Usage (after `pnpm build`):
//
//   node scripts/conformance-case.mjs --id push-to-main --title "a push to main …" \
//     --redact acme-internal=mygroup --redact 4242=1234 < token.txt
//
// The token is read from stdin (never from the command line, where it would land in the shell's
// history). Fill in `source` before adding the case to packages/testing/conformance/{platform}.json:
// the corpus loader refuses a case without one.
import { parseArgs } from "node:util";
import { conformanceCaseFromToken } from "../packages/testing/dist/index.js";

const { values } = parseArgs({
  options: {
    id: { type: "string" },
    title: { type: "string" },
    redact: { type: "string", multiple: true, default: [] },
  },
});
if (!values.id || !values.title) {
  process.stderr.write(
    'usage: node scripts/conformance-case.mjs --id <id> --title "<sentence>" [--redact value=replacement]... < token\n',
  );
  process.exit(2);
}
const redact = {};
for (const pair of values.redact) {
  const at = pair.indexOf("=");
  redact[at === -1 ? pair : pair.slice(0, at)] = at === -1 ? "redacted" : pair.slice(at + 1);
}
/** Real OIDC tokens are a few kilobytes; conformanceCaseFromToken refuses more than 16 KiB characters. */
const MAX_STDIN_BYTES = 64 * 1024;

/**
 * stdin, read as a stream and given up past `maxBytes`: `readFileSync(0)` read all of a 1 GiB input
 * (20.8 s, 1 GB resident) before the length check, and failed with EAGAIN on a non-blocking pipe.
 */
async function readStdin(maxBytes) {
  const chunks = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    total += chunk.length;
    if (total > maxBytes) {
      process.stdin.destroy();
      throw new Error(`stdin holds more than ${maxBytes} bytes; expected one OIDC token (a few kilobytes)`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

try {
  const token = (await readStdin(MAX_STDIN_BYTES)).trim();
  const draft = conformanceCaseFromToken(token, { id: values.id, title: values.title, redact });
  process.stdout.write(`${JSON.stringify(draft, null, 2)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
