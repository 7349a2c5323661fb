import { describe, expect, it } from "vitest";
import {
  conformanceCaseScript,
  MAX_STDIN_BYTES,
  readStdin,
  redactionsFrom,
} from "../../../scripts/conformance-case.mjs";
import { conformanceCaseFromToken } from "../src/conformance/conformance-case-from-token";
import { unsignedJwt } from "../src/unsigned-jwt";

// scripts/conformance-case.mjs run in-process (its whole run is `conformanceCaseScript`), so that
// `AZFED_MUTATION_PACKAGE=scripts pnpm mutation` sees what these tests reach; the CLI's
// conformance-case-script.test.ts runs it as a process, on a real pipe. Its import of
// @azfed/testing's dist resolves to the source here (vitest.config.ts).

/** A stdin of these chunks that counts what was taken from it and whether it was destroyed. */
function fakeStdin(chunks: Iterable<Buffer> | (() => never)) {
  const seen = { taken: 0, destroyed: 0, started: false };
  const stdin = {
    async *[Symbol.asyncIterator]() {
      seen.started = true;
      if (typeof chunks === "function") chunks();
      else
        for (const chunk of chunks) {
          seen.taken += 1;
          yield chunk;
        }
    },
    destroy() {
      seen.destroyed += 1;
    },
  };
  return { stdin, seen };
}

function* endless(chunk: Buffer) {
  for (;;) yield chunk;
}

async function run(args: string[], chunks: Iterable<Buffer> | (() => never)) {
  const { stdin, seen } = fakeStdin(chunks);
  let stdout = "";
  let stderr = "";
  const code = await conformanceCaseScript(args, {
    stdin,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr, seen };
}

const TOKEN = unsignedJwt({
  iss: "https://token.actions.githubusercontent.com",
  sub: "repo:contoso/app:ref:refs/heads/main",
  aud: "api://AzureADTokenExchange",
});
const USAGE =
  'usage: node scripts/conformance-case.mjs --id <id> --title "<sentence>" [--redact value=replacement]... < token\n';

describe("redactionsFrom (--redact value=replacement)", () => {
  it("splits each pair at its first '=', and replaces a value given alone by 'redacted'", () => {
    expect(redactionsFrom(["acme=org", "4242", "a=b=c", "=x", "k="])).toStrictEqual({
      acme: "org",
      4242: "redacted",
      a: "b=c",
      "": "x",
      k: "",
    });
    expect(redactionsFrom([])).toStrictEqual({});
  });
});

describe("readStdin", () => {
  it("joins the chunks in order and decodes UTF-8 split across them", async () => {
    const e = Buffer.from("é");
    const { stdin, seen } = fakeStdin([
      Buffer.from("ab"),
      e.subarray(0, 1),
      e.subarray(1),
      Buffer.from("cd"),
    ]);
    expect(await readStdin(stdin, 100)).toBe("abécd");
    expect(seen.destroyed).toBe(0);
  });

  it("takes exactly maxBytes, and gives up at the chunk that passes it, destroying the stream", async () => {
    expect(await readStdin(fakeStdin([Buffer.alloc(6, "a"), Buffer.alloc(4, "b")]).stdin, 10)).toBe(
      "aaaaaabbbb",
    );
    const over = fakeStdin([Buffer.alloc(6, "a"), Buffer.alloc(5, "b"), Buffer.alloc(1, "c")]);
    await expect(readStdin(over.stdin, 10)).rejects.toThrow(
      new Error("stdin holds more than 10 bytes; expected one OIDC token (a few kilobytes)"),
    );
    expect(over.seen).toMatchObject({ taken: 2, destroyed: 1 });
  });

  it("stops reading an endless stdin just past its limit", async () => {
    const { stdin, seen } = fakeStdin(endless(Buffer.alloc(1024, "e")));
    await expect(readStdin(stdin, MAX_STDIN_BYTES)).rejects.toThrow(
      `stdin holds more than ${MAX_STDIN_BYTES} bytes`,
    );
    expect(MAX_STDIN_BYTES).toBe(64 * 1024);
    expect(seen.taken).toBe(65);
  });
});

describe("conformanceCaseScript", () => {
  it.each([
    [[]],
    [["--id", "x"]],
    [["--title", "x"]],
    [["--id", "", "--title", "x"]],
    [["--id", "x", "--title", ""]],
  ])("answers 2 with the usage for %j, without reading stdin", async (args) => {
    const result = await run(args, [Buffer.from(TOKEN)]);
    expect(result).toMatchObject({ code: 2, stdout: "", stderr: USAGE });
    expect(result.seen.started).toBe(false);
  });

  it("writes the draft case, as conformanceCaseFromToken makes it, with the marked identifiers replaced", async () => {
    const result = await run(
      ["--id", "push-to-main", "--title", "a push to main", "--redact", "contoso=acme", "--redact", "app"],
      [Buffer.from(`\n  ${TOKEN}\n`)],
    );
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const expected = conformanceCaseFromToken(TOKEN, {
      id: "push-to-main",
      title: "a push to main",
      redact: { contoso: "acme", app: "redacted" },
    });
    expect(result.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    expect(expected.expected.subject).toBe("repo:acme/redacted:ref:refs/heads/main");
  });

  it("trims the token before conformanceCaseFromToken counts its characters", async () => {
    const result = await run(["--id", "x", "--title", "x"], [Buffer.from(`${TOKEN}${"\n".repeat(17_000)}`)]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toMatchObject({ id: "x", title: "x" });
  });

  it("answers 1 with the message of a refused token, of too much stdin, or of whatever stdin threw", async () => {
    const refused = await run(["--id", "x", "--title", "x"], [Buffer.from("not a token")]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(() => conformanceCaseFromToken("not a token", { id: "x", title: "x" })).toThrow(
      refused.stderr.slice(0, -1),
    );
    expect(refused.stderr).toMatch(/three base64url parts.*\n$/s);

    const flood = await run(["--id", "x", "--title", "x"], endless(Buffer.alloc(4096, "e")));
    expect(flood).toMatchObject({
      code: 1,
      stdout: "",
      stderr: `stdin holds more than ${MAX_STDIN_BYTES} bytes; expected one OIDC token (a few kilobytes)\n`,
    });

    const thrown = await run(["--id", "x", "--title", "x"], () => {
      throw "stdin went away";
    });
    expect(thrown).toMatchObject({ code: 1, stdout: "", stderr: "stdin went away\n" });
  });
});
