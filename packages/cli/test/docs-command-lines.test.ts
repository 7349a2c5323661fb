// The `azfed` command lines the docs tell users to paste. One piped into a shell must run npx with
// --yes: npx writes its "Ok to proceed?" prompt to stdout, so without it the prompt (and no command)
// goes into `sh`.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** Every Markdown file a user reads: the root README, docs/ and each package's README. */
function userDocs(): string[] {
  const docs = readdirSync(join(repoRoot, "docs"), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".md") && !file.startsWith("api"))
    .map((file) => join("docs", file));
  const packageReadmes = readdirSync(join(repoRoot, "packages")).map((name) =>
    join("packages", name, "README.md"),
  );
  return ["README.md", ...docs, ...packageReadmes];
}

/** The shell commands of a Markdown text, continuation lines (ending in `\`) joined into one. */
function shellCommands(markdown: string): string[] {
  const commands: string[] = [];
  let current = "";
  for (const line of markdown.split("\n")) {
    current = current ? `${current} ${line.trim()}` : line.trim();
    if (current.endsWith("\\")) {
      current = current.slice(0, -1).trimEnd();
      continue;
    }
    if (current) commands.push(current);
    current = "";
  }
  return commands;
}

const pipedToShell = /\|\s*(?:sh|bash|zsh)\b/;

describe("the docs' azfed command lines", () => {
  it("joins continuation lines into one command", () => {
    expect(shellCommands("npx @azfed/cli fic gcp \\\n  --unique-id 1 --format az | sh\nls")).toEqual([
      "npx @azfed/cli fic gcp --unique-id 1 --format az | sh",
      "ls",
    ]);
  });

  it("run npx with --yes wherever the output is piped into a shell", () => {
    const offending: string[] = [];
    let piped = 0;
    for (const file of userDocs()) {
      let text: string;
      try {
        text = readFileSync(join(repoRoot, file), "utf8");
      } catch {
        continue; // a package without a README is checked elsewhere (check:packages)
      }
      for (const command of shellCommands(text)) {
        if (!command.includes("@azfed/cli") || !pipedToShell.test(command)) continue;
        piped++;
        if (!/\bnpx (?:--yes|-y) @azfed\/cli\b/.test(command)) offending.push(`${file}: ${command}`);
      }
    }
    expect(piped, "the docs pipe azfed's az commands into sh in several guides").toBeGreaterThan(5);
    expect(offending).toEqual([]);
  });
});
