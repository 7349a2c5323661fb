// One name for one thing, and errors a first-time user can act on: --issuer-format in both commands,
// required flags, JSON errors, `doctor --fic` read first, the advice on a laptop, FORCE_COLOR, the
// Graph request line and the Terraform provider pins.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { platformProviderName, runCli } from "../src/index";
import { runAzfed } from "./run-azfed";

const directory = mkdtempSync(join(tmpdir(), "azfed-consistency-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
function file(name: string, content: string): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

const LEGACY = ["--organization", "contoso", "--project", "web", "--service-connection", "prod-arm"];
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes
const ANSI = /\u001b\[/;

describe("--issuer-format means the same in azfed subject and azfed fic", () => {
  it("chooses the legacy issuer's subject in both", async () => {
    const subject = await runAzfed(["subject", "azure-pipelines", ...LEGACY, "--issuer-format", "legacy"]);
    const fic = await runAzfed([
      "fic",
      "azure-pipelines",
      ...LEGACY,
      "--organization-id",
      "c1b7c6a4-9d4f-4e8a-8b55-3f9e9f3b2a10",
      "--issuer-format",
      "legacy",
    ]);
    expect([subject.code, fic.code]).toEqual([0, 0]);
    expect(subject.stdout).toBe("sc://contoso/web/prod-arm\n");
    expect(JSON.parse(fic.stdout).subject).toBe("sc://contoso/web/prod-arm");
  });

  it("azfed subject has no --format (it is always the output format)", async () => {
    const run = await runAzfed(["subject", "azure-pipelines", ...LEGACY, "--format", "legacy"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--format'");
  });
});

describe("--json failures are JSON on stdout", () => {
  it("validate: a file that is not JSON exits 2 with { error } on stdout", async () => {
    const run = await runAzfed(["validate", file("broken.json", "{ name: "), "--json"]);
    expect(run.code).toBe(2);
    const { error } = JSON.parse(run.stdout);
    expect(error.type).toBe("FicFileError");
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("is not JSON");
  });

  it("validate: a file that does not exist, and a missing argument, too", async () => {
    const missing = await runAzfed(["validate", join(directory, "nope.json"), "--json"]);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).error).toMatchObject({ type: "UsageError", exitCode: 2 });
    const noArgument = await runAzfed(["validate", "--json"]);
    expect(noArgument.code).toBe(2);
    expect(JSON.parse(noArgument.stdout).error.message).toBe("missing required argument 'file'");
  });

  it('validate --json shows no "undefined" for missing fields; the text report says (missing)', async () => {
    const path = file("partial.json", JSON.stringify({ name: "partial-fic" }));
    const json = await runAzfed(["validate", path, "--json"]);
    expect(json.code).toBe(1);
    expect(json.stdout).not.toContain("undefined");
    const issuer = JSON.parse(json.stdout).errors.find(
      (problem: { field: string }) => problem.field === "issuer",
    );
    expect(issuer).toMatchObject({ rule: "required" });
    expect(issuer.value).toBeUndefined();
    const text = await runAzfed(["validate", path]);
    expect(text.stdout).toMatch(/error +issuer +rule: required\n +value: \(missing\)\n/);
    expect(text.stdout).not.toContain("undefined");
  });

  it("without --json, stdout stays empty", async () => {
    const run = await runAzfed(["validate", file("broken-2.json", "[")]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
  });
});

describe("files written on Windows", () => {
  const fic = {
    name: "github-contoso-app-main",
    issuer: "https://token.actions.githubusercontent.com",
    subject: "repo:contoso/app:ref:refs/heads/main",
    audiences: ["api://AzureADTokenExchange"],
  };

  it("validate reads CRLF line endings and a byte-order mark, by a path relative to the working directory", async () => {
    const crlf = `\uFEFF${JSON.stringify([fic], null, 2).replaceAll("\n", "\r\n")}\r\n`;
    file("windows fics.json", crlf);
    const run = await runAzfed(["validate", "windows fics.json"], { cwd: directory });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("windows fics.json: 1 credential");
  });

  it("validate and doctor --fic read the UTF-16LE file of Windows PowerShell 5.1's `az … > fics.json`", async () => {
    // about_Character_Encoding: in Windows PowerShell 5.1, `>` writes UTF-16LE with a byte-order mark.
    const text = JSON.stringify([fic], null, 2).replaceAll("\n", "\r\n");
    const path = join(directory, "powershell fics.json");
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${text}\r\n`, "utf16le")]));
    const validate = await runAzfed(["validate", path]);
    expect(validate.stderr).toBe("");
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain("valid: no problems found.");
    const doctor = await runAzfed(["doctor", "--fic", path, "--json"], { env: {} });
    expect(JSON.parse(doctor.stdout).ficFile).toMatchObject({ count: 1, valid: true });
    const bigEndian = Buffer.from(`\uFEFF${text}`, "utf16le").swap16();
    writeFileSync(join(directory, "big-endian.json"), bigEndian);
    expect((await runAzfed(["validate", join(directory, "big-endian.json")])).code).toBe(0);
  });

  it("validate reads CRLF from stdin (az on Windows piped into azfed)", async () => {
    const run = await runAzfed(["validate", "-"], {
      stdin: JSON.stringify([fic], null, 2).replaceAll("\n", "\r\n"),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("valid: no problems found.");
  });
});

describe("doctor --fic reads the file first", () => {
  it("exits 2 for a FIC file that is not JSON before looking for a platform", async () => {
    const run = await runAzfed(["doctor", "--fic", file("fics.json", "not json")], { env: {} });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is not JSON");
    expect(run.stdout).not.toContain("Platform");
  });
});

describe("doctor --fic checks the file before anything else", () => {
  const invalid = [
    {
      name: "x",
      issuer: "http://token.actions.githubusercontent.com",
      subject: "repo:contoso/app:ref:refs/heads/main",
      audiences: ["api://AzureADTokenExchange"],
    },
  ];

  it("a FIC Entra would refuse is reported first, even on a laptop where no platform answers", async () => {
    const run = await runAzfed(["doctor", "--fic", file("invalid-fics.json", JSON.stringify(invalid))], {
      env: {},
    });
    expect(run.code).toBe(1);
    const fileSection = run.stdout.indexOf("FIC file");
    expect(fileSection).toBeGreaterThanOrEqual(0);
    expect(fileSection).toBeLessThan(run.stdout.indexOf("Platform"));
    expect(run.stdout).toMatch(/✗ \[0\]\.name: .*\(rule name-length\)/);
    expect(run.stdout).toMatch(/✗ \[0\]\.issuer: .*https.*\(rule issuer-https\)/);
  });

  it("--json carries the check as ficFile, and a valid file says so", async () => {
    const json = await runAzfed(
      ["doctor", "--fic", file("invalid-fics-2.json", JSON.stringify(invalid)), "--json"],
      {
        env: {},
      },
    );
    const report = JSON.parse(json.stdout);
    expect(report.ficFile).toMatchObject({ count: 1, valid: false });
    expect(report.ficFile.errors.map((error: { rule: string }) => error.rule)).toEqual(
      expect.arrayContaining(["name-length", "issuer-https"]),
    );
    const valid = [
      { ...invalid[0], name: "github-main", issuer: "https://token.actions.githubusercontent.com" },
    ];
    const text = await runAzfed(["doctor", "--fic", file("valid-fics.json", JSON.stringify(valid))], {
      env: {},
    });
    expect(text.stdout).toContain("✓ valid against Entra's rules");
    expect(text.stdout).not.toContain("rule ");
  });
});

describe("a file that is not JSON", () => {
  it("is named on one line, the CRLF of the excerpt escaped", async () => {
    const run = await runAzfed(["validate", file("crlf-not-json.json", "not json\r\n")]);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain("\r");
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain(String.raw`"not json\r\n"`);
  });
});

describe("a huge value is echoed back bounded", () => {
  const huge = "a".repeat(5000);
  it.each([
    ["commander's choices", ["fic", "github", "--format", huge]],
    [
      "a flag azfed checks",
      ["fic", "github", "--repository", "contoso/app", "--branch", "main", "--app", huge],
    ],
    ["a builder's message", ["subject", "gitlab", "--components", huge]],
    ["a path", ["doctor", "--fic", huge]],
  ])("%s: exit 2, no line longer than 1000 characters, in text and in --json", async (_what, args) => {
    for (const json of [[], ["--json"]]) {
      const run = await runAzfed([...args, ...json], { env: {} });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("(5");
      for (const line of `${run.stdout}\n${run.stderr}`.split("\n")) expect(line.length).toBeLessThan(1000);
    }
  });

  it("a path too long to open is named as such", async () => {
    const run = await runAzfed(["validate", huge]);
    expect(run.stderr).toMatch(/cannot read a+… \(5000 characters\): the path is too long/);
  });
});

describe("on a laptop (no platform, none named)", () => {
  it("doctor says that is expected and points to pnpm demo and AZFED_PROVIDER", async () => {
    const run = await runAzfed(["doctor"], { env: {} });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("That is expected on a laptop or workstation");
    expect(run.stdout).toContain("`pnpm demo`");
    expect(run.stdout).toContain("set AZFED_PROVIDER (or pass --provider)");
    expect(run.stdout).not.toContain("pass `providers`");
  });

  it("doctor --json carries the advice", async () => {
    const run = await runAzfed(["doctor", "--json"], { env: {} });
    const report = JSON.parse(run.stdout);
    expect(report.problems).toEqual(["no platform detected"]);
    expect(report.platform.detected).toBe(false);
    expect(report.platform.advice.join("\n")).toContain("pnpm demo");
  });

  it("token says the same on stderr and prints nothing on stdout", async () => {
    const run = await runAzfed(["token"], { env: { AZURE_TENANT_ID: "t", AZURE_CLIENT_ID: "c" } });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("That is expected on a laptop or workstation");
    expect(run.stderr).toContain("`pnpm demo`");
    expect(run.stderr).toContain("AZFED_PROVIDER");
  });

  it("a named provider gets its own reason, not the laptop advice; CLI names work (k8s)", async () => {
    const run = await runAzfed(["doctor", "--provider", "k8s"], { env: {} });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/kubernetes: .*AZURE_FEDERATED_TOKEN_FILE/);
    expect(run.stdout).not.toContain("pnpm demo");
  });
});

describe("platformProviderName", () => {
  it("maps every name azfed accepts to the provider's", () => {
    expect(
      [
        "github",
        "github-actions",
        "gitlab-ci",
        "ado",
        "azure-devops",
        "k8s",
        "aks",
        "google-cloud",
        "gcp",
      ].map(platformProviderName),
    ).toEqual([
      "github-actions",
      "github-actions",
      "gitlab",
      "azure-pipelines",
      "azure-pipelines",
      "kubernetes",
      "kubernetes",
      "gcp",
      "gcp",
    ]);
    expect(platformProviderName("teamcity")).toBeUndefined();
  });
});

describe("colour", () => {
  async function stderrOf(env: NodeJS.ProcessEnv, isTTY: boolean): Promise<string> {
    let text = "";
    await runCli(["subject", "github"], {
      stdout: { write: () => true },
      stderr: { write: (chunk) => (text += chunk), isTTY },
      env,
    });
    return text;
  }

  it("FORCE_COLOR=1 colours even a pipe, and wins over NO_COLOR (as in Node.js)", async () => {
    expect(await stderrOf({}, false)).not.toMatch(ANSI);
    expect(await stderrOf({ FORCE_COLOR: "1" }, false)).toMatch(ANSI);
    expect(await stderrOf({ FORCE_COLOR: "", NO_COLOR: "1" }, false)).toMatch(ANSI);
  });

  it("FORCE_COLOR=0 turns colour off on a terminal", async () => {
    expect(await stderrOf({}, true)).toMatch(ANSI);
    expect(await stderrOf({ FORCE_COLOR: "0" }, true)).not.toMatch(ANSI);
  });
});

describe("azfed fic output formats", () => {
  const GITHUB = ["fic", "github", "--repository", "contoso/app", "--branch", "main"];

  it("graph names the app by client id in the request line", async () => {
    const run = await runAzfed([
      ...GITHUB,
      "--format",
      "graph",
      "--app",
      "11111111-2222-3333-4444-555555555555",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(
      "POST https://graph.microsoft.com/v1.0/applications(appId='11111111-2222-3333-4444-555555555555')/federatedIdentityCredentials",
    );
  });

  it("terraform pins the provider that has the resource and attribute names it writes", async () => {
    const identity = await runAzfed([
      ...GITHUB,
      "--format",
      "terraform",
      "--identity",
      "deployer",
      "--resource-group",
      "rg",
    ]);
    expect(identity.stdout).toContain(
      'azurerm = {\n      source  = "hashicorp/azurerm"\n      version = ">= 4.65.0, < 6.0.0"\n    }',
    );
    expect(identity.stdout).toContain(
      "user_assigned_identity_id = data.azurerm_user_assigned_identity.this.id",
    );

    const app = await runAzfed([
      ...GITHUB,
      "--format",
      "terraform",
      "--app",
      "11111111-2222-3333-4444-555555555555",
    ]);
    expect(app.stdout).toContain('source  = "hashicorp/azuread"\n      version = "~> 3.0"');

    const flexible = await runAzfed([
      "fic",
      "github",
      "--repository",
      "contoso/*",
      "--branch",
      "main",
      "--flexible",
      "--require-owner-id",
      "5544123",
      "--format",
      "terraform",
    ]);
    expect(flexible.stdout).toContain('version = "~> 3.7"');
    expect(flexible.stdout).toContain(
      'resource "azuread_application_flexible_federated_identity_credential"',
    );
  });
});
