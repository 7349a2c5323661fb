import { describe, expect, it } from "vitest";
import { runCli } from "../src/index";
import { runAzfed } from "./run-azfed";

describe("azfed: help, version and usage errors", () => {
  it("prints help with every command, examples and the exit codes, and exits 0", async () => {
    const run = await runAzfed(["--help"]);
    expect(run.code).toBe(0);
    for (const command of ["subject", "fic", "validate", "doctor", "token"])
      expect(run.stdout).toContain(command);
    expect(run.stdout).toContain("Examples:");
    expect(run.stdout).toMatch(/Exit codes:[\s\S]*0 +success[\s\S]*1 +a problem found[\s\S]*2 +usage error/);
    expect(run.stderr).toBe("");
  });

  it.each([
    ["subject"],
    ["subject", "github"],
    ["fic"],
    ["fic", "kubernetes"],
    ["validate"],
    ["doctor"],
    ["token"],
  ])("`azfed %s --help` shows examples and exits 0", async (...command) => {
    const run = await runAzfed([...command, "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Examples:");
    expect(run.stdout).toContain(`$ azfed ${command[0]}`);
  });

  it("`azfed help fic` shows the fic command's help and exits 0", async () => {
    const run = await runAzfed(["help", "fic"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: azfed fic");
  });

  it("exits 2 for a command without its platform, showing its help on stderr", async () => {
    const run = await runAzfed(["fic"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Usage: azfed fic");
  });

  it("prints the package version", async () => {
    const run = await runAzfed(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("exits 2 without a command, showing the help on stderr", async () => {
    const run = await runAzfed([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("Usage: azfed");
  });

  it("exits 2 for an unknown command, suggesting the right one", async () => {
    const run = await runAzfed(["subjct"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('azfed: error: unknown command "subjct"');
    expect(run.stderr).toContain("Did you mean subject?");
  });

  it("exits 2 for an unknown platform", async () => {
    const run = await runAzfed(["subject", "no-such-platform", "--repository", "a/b"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /azfed: error: unknown platform "no-such-platform" for `azfed subject`; the platforms are github, /,
    );
    expect(run.stdout).toBe("");
  });

  it("exits 2 for an unknown flag, naming it", async () => {
    const run = await runAzfed(["subject", "github", "--repositry", "contoso/app", "--branch", "main"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--repositry'");
    expect(run.stderr).toContain("Did you mean --repository?");
  });

  it("exits 2 for a flag without its value", async () => {
    const run = await runAzfed(["subject", "kubernetes", "--namespace"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--namespace");
  });

  it("exits 2 for a value outside a flag's choices", async () => {
    const run = await runAzfed(["fic", "gcp", "--unique-id", "123", "--format", "yaml"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/'yaml' is invalid[\s\S]*json, az, graph, bicep, terraform/);
  });

  it("never colours piped output", async () => {
    const run = await runAzfed(["subject", "github", "--repository", "contoso/app"]);
    expect(run.code).toBe(2);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes
    expect(run.stderr).not.toMatch(/\u001b\[/);
  });
});

describe("runCli (programmatic, in-process)", () => {
  function capture(isTTY: boolean) {
    const text: string[] = [];
    return { stream: { write: (chunk: string) => text.push(chunk), isTTY }, text };
  }

  it("returns the exit code and writes to the given streams", async () => {
    const out = capture(false);
    const code = await runCli(["subject", "kubernetes", "--namespace", "apps", "--service-account", "api"], {
      stdout: out.stream,
      env: {},
    });
    expect(code).toBe(0);
    expect(out.text.join("")).toBe("system:serviceaccount:apps:api\n");
  });

  it("colours errors on a terminal, and not with NO_COLOR set", async () => {
    const tty = capture(true);
    expect(
      await runCli(["fic", "github", "--repository", "contoso/app"], { stderr: tty.stream, env: {} }),
    ).toBe(2);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes
    expect(tty.text.join("")).toMatch(/\u001b\[31m/);

    const noColor = capture(true);
    expect(
      await runCli(["fic", "github", "--repository", "contoso/app"], {
        stderr: noColor.stream,
        env: { NO_COLOR: "1" },
      }),
    ).toBe(2);
    expect(noColor.text.join("")).toContain("azfed: error:");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes
    expect(noColor.text.join("")).not.toMatch(/\u001b\[/);
  });
});
