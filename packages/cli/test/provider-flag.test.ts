// `--provider` and AZFED_PROVIDER, said in the command line's words (issue 23, item 8's remainder):
// a name no provider has names the flag (or the variable it came from), lists what works and says
// how to fix it; a provider named but not available here says which flag chose it.
import { DEFAULT_PROVIDER_NAMES, NAMED_ONLY_PROVIDER_NAMES } from "@azfed/identity";
import { describe, expect, it } from "vitest";
import { CLI_PLATFORMS } from "../src/platforms/all-platforms";
import { runAzfed } from "./run-azfed";

/** No platform anywhere, and Google Cloud's metadata server never probed. */
const NOWHERE = { METADATA_SERVER_DETECTION: "none" };

describe("a --provider no provider has", () => {
  it.each(["token", "doctor"])(
    "%s: exit 2, the flag, the value, every valid name and the fix",
    async (command) => {
      const run = await runAzfed([command, "--provider", "nope"], { env: NOWHERE });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(
        'azfed: error: Invalid --provider: got "nope"; expected a provider name (',
      );
      for (const name of [...DEFAULT_PROVIDER_NAMES, ...NAMED_ONLY_PROVIDER_NAMES]) {
        expect(run.stderr).toContain(`"${name}"`);
      }
      for (const platform of CLI_PLATFORMS) {
        for (const name of [platform.name, ...platform.aliases]) expect(run.stderr).toContain(`"${name}"`);
      }
      expect(run.stderr).toContain("Fix: pass one of these, e.g. `--provider ");
      expect(run.stderr).toContain("or leave --provider out to detect the platform.");
      // The library's option, which no command-line user set, is not mentioned.
      expect(run.stderr).not.toMatch(/`provider`|the provider option/);
    },
  );

  it("is checked before doctor reads its --fic file", async () => {
    const run = await runAzfed(["doctor", "--provider", "nope", "--fic", "/nonexistent/fics.json"], {
      env: NOWHERE,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Invalid --provider");
    expect(run.stderr).not.toContain("fics.json");
  });

  it("with --json, stdout is { error } naming the flag", async () => {
    const run = await runAzfed(["token", "--provider", "nope", "--json"], { env: NOWHERE });
    expect(run.code).toBe(2);
    const { error } = JSON.parse(run.stdout);
    expect(error).toMatchObject({ type: "InvalidInputError", exitCode: 2 });
    expect(error.message).toMatch(/^Invalid --provider: got "nope"/);
  });

  it("control characters in the value are escaped before they reach the terminal", async () => {
    const run = await runAzfed(["token", "--provider", "no\u001b[31mpe"], { env: NOWHERE });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Invalid --provider");
    expect(run.stderr).not.toContain("\u001b");
  });
});

describe("AZFED_PROVIDER naming no provider (no --provider)", () => {
  it.each(["token", "doctor"])("%s: exit 2, names AZFED_PROVIDER and offers --provider", async (command) => {
    const run = await runAzfed([command], { env: { ...NOWHERE, AZFED_PROVIDER: "nope" } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'azfed: error: Invalid AZFED_PROVIDER: got "nope"; expected a provider name (',
    );
    expect(run.stderr).toContain('"github-actions"');
    expect(run.stderr).toContain(
      "Fix: set AZFED_PROVIDER to one of these, pass --provider <name> (it wins over AZFED_PROVIDER",
    );
  });

  it("a valid --provider wins over it, as in DefaultFederatedCredential", async () => {
    const run = await runAzfed(["token", "--provider", "k8s"], {
      env: { ...NOWHERE, AZFED_PROVIDER: "nope" },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain("AZFED_PROVIDER");
    expect(run.stderr).toContain(
      "--provider k8s selects the kubernetes provider, but it cannot be used here: ",
    );
  });
});

describe("a provider named but not available here", () => {
  it("token says which flag chose it and why it cannot be used, exit 1", async () => {
    const run = await runAzfed(["token", "--provider", "gitlab-ci", "--json"], { env: NOWHERE });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "azfed: error: --provider gitlab-ci selects the gitlab provider, but it cannot be used here: ",
    );
    expect(run.stderr).toContain(
      "Fix: run the command inside that platform's job or pod, or leave --provider out",
    );
    expect(run.stderr).not.toMatch(/the provider option/);
    expect(JSON.parse(run.stdout).error).toMatchObject({ type: "CredentialUnavailableError", exitCode: 1 });
  });
});
