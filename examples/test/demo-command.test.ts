import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const REPOSITORY_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/;

/** The root package.json's `demo` script, run the way `pnpm demo` runs it, with extra arguments. */
function runDemoScript(
  args: readonly string[],
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const manifest = JSON.parse(readFileSync(`${REPOSITORY_ROOT}package.json`, "utf8")) as {
    scripts: Record<string, string>;
  };
  const [command, ...scriptArgs] = (manifest.scripts.demo ?? "").split(" ");
  expect(command).toBe("node");
  const env = { ...process.env };
  // A fresh shell: no test CA shared by this test run.
  delete env.AZFED_TEST_CA_DIR;
  delete env.NODE_EXTRA_CA_CERTS;
  // Plain output (stdout is a pipe), whatever colour settings the shell running the tests has
  // (CI sets NO_COLOR, and Node warns on stderr when FORCE_COLOR overrides it).
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  Object.assign(env, extraEnv);
  const child = spawn(process.execPath, [...scriptArgs, ...args], { cwd: REPOSITORY_ROOT, env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("pnpm demo", () => {
  it("runs the GitHub Actions example end to end, shows the diagnosis, exits 0 and stops what it started", async () => {
    const { code, stdout, stderr } = await runDemoScript([]);

    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("azfed demo: GitHub Actions → Microsoft Entra ID → Azure Blob Storage");
    expect(stdout).toMatch(/│ platform: {2}github-actions \(/);
    expect(stdout).toMatch(/subject {2}repo:contoso\/app:ref:refs\/heads\/main/);
    expect(stdout).toMatch(/Matched {5}federated credential "/);
    expect(stdout).toMatch(/│ token: {5}expires /);
    expect(stdout).toMatch(/│ uploaded: {2}azfed-example\/github-actions\//);
    expect(stdout).toMatch(/│ listed: {4}github-actions\//);
    expect(stdout).toMatch(/OK: Entra refused with AADSTS700213/);
    expect(stdout).toMatch(/Done in \d+\.\d s\./);
    expect(stdout).not.toMatch(JWT);
    const azuritePid = Number(/Azurite \(pid (\d+)\)/.exec(stdout)?.[1]);
    expect(azuritePid).toBeGreaterThan(0);
    expect(isRunning(azuritePid)).toBe(false);
  }, 90_000);

  it("takes the names azfed's CLI accepts (k8s), and colours its report when FORCE_COLOR asks", async () => {
    const { code, stdout, stderr } = await runDemoScript(["--platform", "k8s"], { FORCE_COLOR: "1" });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("azfed demo: Kubernetes (Azure Workload Identity) → Microsoft Entra ID");
    expect(stdout).toMatch(/│ platform: {2}kubernetes \(/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes
    expect(stdout).toMatch(/\u001b\[1mStarted\u001b\[22m/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes
    expect(stdout).toMatch(/\u001b\[32mDone in \d+\.\d s\.\u001b\[39m/);
  }, 90_000);

  it("refuses an unknown platform with exit code 2 and the valid names", async () => {
    const { code, stdout, stderr } = await runDemoScript(["--platform", "teamcity"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain('Unknown --platform "teamcity"');
    expect(stderr).toContain(
      "github-actions, gitlab, azure-pipelines, kubernetes, gcp, managed-identity, aws, terraform, buildkite, spiffe, spacelift, jenkins",
    );
  });

  it("explains itself with --help", async () => {
    const { code, stdout } = await runDemoScript(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      "Usage: pnpm demo [--platform <github-actions|gitlab|azure-pipelines|kubernetes|gcp|managed-identity|aws|terraform|buildkite|spiffe|spacelift|jenkins>]",
    );
  });
});
