// Issue 20 finding 4: escape sequences from token claims reached `doctor` output raw (a fake green
// "✓ Entra issued an access token" after cursor-up and erase; an OSC 52 clipboard write), and a
// newline in a token's `sub` forged a whole line. Every value from outside is now shown escaped.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unsignedJwt } from "@azfed/testing";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/index";
import { terminalSafe } from "../src/terminal-style";

const directory = mkdtempSync(join(tmpdir(), "azfed-escapes-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const ESC = "\u001b";
const HOSTILE = `system:serviceaccount:apps:api\n✓ Entra issued an access token${ESC}[1A${ESC}[2K${ESC}]52;c;ZXZpbA==\u0007\r`;

async function azfed(argv: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    env,
  });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

/** Control characters other than the line breaks between lines the CLI wrote itself. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe("values from outside never drive the terminal", () => {
  it("azfed doctor shows a hostile sub escaped, on its own line, with no escape sequence", async () => {
    const tokenFile = join(directory, "token");
    const now = Math.floor(Date.now() / 1000);
    writeFileSync(
      tokenFile,
      unsignedJwt({
        iss: "https://oidc.example.test/",
        sub: HOSTILE,
        aud: "api://AzureADTokenExchange",
        iat: now,
        exp: now + 3600,
      }),
    );
    const result = await azfed(["doctor"], {
      AZURE_FEDERATED_TOKEN_FILE: tokenFile,
      AZURE_CLIENT_ID: "00000000-0000-0000-0000-000000000001",
      AZURE_TENANT_ID: "00000000-0000-0000-0000-000000000002",
      AZFED_PROVIDER: "kubernetes",
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(output).toContain(
      "apps:api\\n✓ Entra issued an access token\\x1b[1A\\x1b[2K\\x1b]52;c;ZXZpbA==\\x07\\r",
    );
    expect(output).not.toMatch(RAW_CONTROL);
    expect(output.split("\n").some((line) => line.startsWith("✓ Entra issued"))).toBe(false);
  });

  it("terminalSafe keeps the CLI's own colours and line breaks, and escapes everything else", () => {
    expect(terminalSafe(`${ESC}[32mok${ESC}[39m\nnext`)).toBe(`${ESC}[32mok${ESC}[39m\nnext`);
    expect(terminalSafe(`a${ESC}[1Ab${ESC}]52;c;eA==\u0007\rc\u202e`)).toBe(
      "a\\x1b[1Ab\\x1b]52;c;eA==\\x07\\rc\\u202e",
    );
  });
});
