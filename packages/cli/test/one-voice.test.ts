// One CLI voice (issue 23, item 8): every --json failure has one shape, parse errors carry the
// azfed: label and list what is valid, builders' refusals are said in flags, `subject` takes the
// issuer flags of `fic`, and `token --help`'s curl example works against Blob Storage.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_PLATFORMS } from "../src/platforms/all-platforms";
import { flagVocabulary } from "../src/platforms/flag-vocabulary";
import { runAzfed } from "./run-azfed";

const directory = mkdtempSync(join(tmpdir(), "azfed-one-voice-"));
const invalidFics = join(directory, "invalid.json");
writeFileSync(
  invalidFics,
  JSON.stringify([
    { name: "prod env", issuer: "http://x", subject: "s", audiences: ["api://AzureADTokenExchange"] },
  ]),
);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** No platform anywhere, and Google Cloud's metadata server never probed. */
const NOWHERE = { METADATA_SERVER_DETECTION: "none" };

describe("--json failures share one shape: { error: { type, message, exitCode } }", () => {
  it.each<[string, readonly string[], number, string]>([
    ["an unknown command", ["aws"], 2, "UsageError"],
    ["an unknown platform", ["subject", "aws2"], 2, "UsageError"],
    ["an unknown flag", ["subject", "github", "--bogus"], 2, "UsageError"],
    ["subject: a flag missing", ["subject", "github"], 2, "UsageError"],
    [
      "fic: a bad --app",
      ["fic", "github", "--repository", "a/b", "--branch", "main", "--app", "x"],
      2,
      "UsageError",
    ],
    ["validate: no file", ["validate"], 2, "UsageError"],
    ["validate: a file that is not there", ["validate", join(directory, "missing.json")], 2, "UsageError"],
    ["validate: FICs Entra would refuse", ["validate", invalidFics], 1, "ProblemFound"],
    ["doctor: a provider no platform has", ["doctor", "--provider", "nope"], 2, "InvalidInputError"],
    ["doctor: no platform", ["doctor"], 1, "ProblemFound"],
    ["doctor --fic: FICs Entra would refuse", ["doctor", "--fic", invalidFics], 1, "ProblemFound"],
    ["doctor --issuer: an http issuer", ["doctor", "--issuer", "http://127.0.0.1:9/"], 1, "ProblemFound"],
    ["token: no platform", ["token"], 1, "CredentialUnavailableError"],
    ["token: a provider no platform has", ["token", "--provider", "nope"], 2, "InvalidInputError"],
  ])("%s", async (_what, args, exitCode, type) => {
    const run = await runAzfed([...args, "--json"], { env: NOWHERE });
    expect(run.code).toBe(exitCode);
    const printed = JSON.parse(run.stdout) as { error?: Record<string, unknown> };
    expect(printed.error).toMatchObject({ type, exitCode });
    expect(typeof printed.error?.message).toBe("string");
    expect(String(printed.error?.message).length).toBeGreaterThan(5);
    // stderr keeps the text for people, with the same label everywhere (a report's problems are in
    // the report itself).
    if (type !== "ProblemFound") expect(run.stderr).toContain("azfed: error: ");
  });

  it("a report that found nothing wrong has no error member", async () => {
    const valid = join(directory, "valid.json");
    writeFileSync(
      valid,
      JSON.stringify({
        name: "github-main",
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:contoso/app:ref:refs/heads/main",
        audiences: ["api://AzureADTokenExchange"],
      }),
    );
    const run = await runAzfed(["validate", valid, "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).not.toHaveProperty("error");
  });

  it("doctor keeps its report beside the error", async () => {
    const run = await runAzfed(["doctor", "--json"], { env: NOWHERE });
    const report = JSON.parse(run.stdout);
    expect(report.error).toEqual({ type: "ProblemFound", message: "no platform detected", exitCode: 1 });
    expect(report.problems).toEqual(["no platform detected"]);
    expect(report.platform.detected).toBe(false);
  });
});

describe("parse errors", () => {
  it("an unknown command: the azfed: label, the commands, and the platform hint", async () => {
    const run = await runAzfed(["aws"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'azfed: error: unknown command "aws"; the commands are subject, fic, validate, doctor, token',
    );
    expect(run.stderr).toContain("run `azfed subject aws` or `azfed fic aws`");
  });

  it.each(["subject", "fic"])("an unknown platform for %s lists every platform", async (command) => {
    const run = await runAzfed([command, "aws2"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `azfed: error: unknown platform "aws2" for \`azfed ${command}\`; the platforms are `,
    );
    for (const platform of CLI_PLATFORMS) expect(run.stderr).toContain(platform.name);
  });

  it("commander's own errors carry the label too", async () => {
    for (const args of [
      ["subject", "github", "--bogus"],
      ["validate"],
      ["fic", "github", "--format", "yaml"],
    ]) {
      const run = await runAzfed(args);
      expect(run.code).toBe(2);
      expect(run.stderr.startsWith("azfed: error: ")).toBe(true);
    }
  });

  it("an unknown name is escaped, not echoed raw to the terminal", async () => {
    const run = await runAzfed(["\u001b[31mred"]);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain("\u001b[31m");
  });
});

describe("builders' refusals are said in flags", () => {
  it("pullRequest: true is --pull-request", async () => {
    const run = await runAzfed([
      "subject",
      "github",
      "--repository",
      "a/b",
      "--pull-request",
      "--branch",
      "main",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "Invalid --environment, --branch, --tag or --pull-request: got --branch main --pull-request",
    );
    expect(run.stderr).not.toMatch(/pullRequest|claimKeys/);
  });

  it('`pass branch: "main"` is `pass --branch main`', async () => {
    const run = await runAzfed(["subject", "gitlab", "--project-path", "a/b"]);
    expect(run.stderr).toContain("Fix: pass --branch main or --tag v1.0.0.");
  });

  it("another tool's syntax keeps its names (az --query principalId, {ownerId})", async () => {
    const run = await runAzfed(["subject", "managed-identity", "--principal-id", "x"]);
    expect(run.stderr).toContain("--query principalId");
    expect(run.stderr).toContain("Invalid --principal-id");
  });

  // Every platform: refusals of its builders name no camelCase option and no `option: value`.
  const refusals: readonly (readonly string[])[] = [
    ["subject", "github", "--repository", "a/b", "--owner-id", "1"],
    [
      "subject",
      "github",
      "--repository",
      "a/b",
      "--branch",
      "main",
      "--claim-keys",
      "repo,context,job_workflow_ref",
    ],
    ["subject", "github", "--repository", "a/b", "--branch", "main", "--claims", "x=y"],
    [
      "fic",
      "github",
      "--repository",
      "a/b",
      "--branch",
      "main",
      "--ghes-host",
      "x.example",
      "--owner-id",
      "1",
      "--repository-id",
      "2",
    ],
    [
      "fic",
      "github",
      "--repository",
      "a/b",
      "--branch",
      "main",
      "--ghes-host",
      "x.example",
      "--enterprise-slug",
      "e",
    ],
    [
      "fic",
      "github",
      "--repository",
      "a/b",
      "--branch",
      "main",
      "--issuer",
      "https://x.example",
      "--ghes-host",
      "x.example",
    ],
    ["subject", "gitlab", "--project-path", "a/b", "--branch", "main", "--tag", "v1"],
    ["fic", "gitlab", "--project-path", "a/b", "--branch", "main", "--instance-url", "http://x"],
    ["subject", "azure-pipelines", "--tenant-id", "x"],
    ["subject", "azure-pipelines", "--organization", "a"],
    ["subject", "kubernetes", "--namespace", "A"],
    ["fic", "kubernetes", "--namespace", "a", "--service-account", "b"],
    ["subject", "gcp", "--unique-id", "abc"],
    ["fic", "managed-identity", "--principal-id", "00000000-0000-0000-0000-000000000000"],
    ["subject", "aws", "--role-arn", "x"],
    ["fic", "aws", "--account", "123456789012", "--role-name", "r"],
  ];
  it.each(refusals)("azfed %s %s …", async (...args) => {
    const run = await runAzfed(args);
    expect(run.code).toBe(2);
    const platform = CLI_PLATFORMS.find((each) => each.name === args[1]);
    const vocabulary = flagVocabulary([
      ...(platform?.subjectOptions() ?? []),
      ...(platform?.credentialOptions() ?? []),
    ]);
    // Another tool's syntax (az's --query principalId, gcloud's value(uniqueId), a {placeholder}) keeps its names.
    const said = run.stderr.replace(/--query \w+|\(\w+\)|\{\w+\}/g, "");
    for (const name of vocabulary.keys()) {
      if (/[A-Z]/.test(name)) expect(said).not.toMatch(new RegExp(`\\b${name}\\b`));
      expect(said).not.toMatch(new RegExp(`\\b${name}: (true|"|\\[|\\{)`));
    }
    expect(said).toContain("--");
  });
});

describe("azfed subject takes the issuer flags of azfed fic", () => {
  it.each(CLI_PLATFORMS.map((platform) => platform.name))(
    "%s: every issuer flag of fic is a flag of subject",
    async (name) => {
      const fic = await runAzfed(["fic", name, "--help"]);
      const subject = await runAzfed(["subject", name, "--help"]);
      const platform = CLI_PLATFORMS.find((each) => each.name === name);
      for (const option of platform?.credentialOptions() ?? []) {
        expect(fic.stdout).toContain(option.long);
        expect(subject.stdout).toContain(option.long);
      }
    },
  );

  it("--issuer is checked, and the subject is the one the FIC carries", async () => {
    const ok = await runAzfed([
      "subject",
      "kubernetes",
      "--namespace",
      "apps",
      "--service-account",
      "api",
      "--issuer",
      "https://k.example/",
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe("system:serviceaccount:apps:api\n");
    const fic = await runAzfed([
      "fic",
      "kubernetes",
      "--namespace",
      "apps",
      "--service-account",
      "api",
      "--issuer",
      "https://k.example/",
    ]);
    expect(JSON.parse(fic.stdout).subject).toBe("system:serviceaccount:apps:api");

    const http = await runAzfed([
      "subject",
      "github",
      "--repository",
      "a/b",
      "--branch",
      "main",
      "--issuer",
      "http://x",
    ]);
    expect(http.code).toBe(2);
    expect(http.stderr).toContain("Invalid --issuer");
  });
});

describe("azfed token --help", () => {
  it("its curl example sends x-ms-version, which Blob Storage needs with a bearer token", async () => {
    const run = await runAzfed(["token", "--help"]);
    const curl = run.stdout.split("\n").find((line) => line.includes("curl "));
    expect(curl).toMatch(/-H "x-ms-version: \d{4}-\d{2}-\d{2}"/);
    expect(curl).toContain('"https://contoso.blob.core.windows.net/builds?restype=container&comp=list"');
  });
});
