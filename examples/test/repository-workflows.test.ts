// The repository's own pipelines, read as their platforms will: the checks on every OS and Node line,
// the publish workflow with provenance, and the live exchanges that run only where a test tenant is
// configured. None of them can run here; what can be checked is that each file parses as YAML, says
// what the project promises, and calls only `azfed` commands and flags that exist.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runCli } from "@azfed/cli";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WORKFLOWS = ".github/workflows/";

/** A YAML file of the repository as a plain object; a parse error or warning fails the test. */
function load(path: string): Record<string, unknown> {
  const document = parseDocument(readFileSync(`${ROOT}${path}`, "utf8"));
  expect(document.errors.map(String), path).toEqual([]);
  expect(document.warnings.map(String), path).toEqual([]);
  const value: unknown = document.toJS();
  expect(value, path).toBeTypeOf("object");
  return value as Record<string, unknown>;
}

/** The value at `path` (keys and list indexes) below `value`. */
function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** The `azfed` command lines (`node packages/cli/dist/bin.js …`) a pipeline file runs. */
function azfedCommands(text: string): string[][] {
  return [...text.matchAll(/node packages\/cli\/dist\/bin\.js ([^\n>|&]+)/g)].map((match) =>
    (match[1] ?? "").trim().split(/\s+/),
  );
}

/** The flags `azfed <command> --help` lists. */
async function flagsOf(command: string): Promise<string> {
  let help = "";
  const code = await runCli([command, "--help"], {
    stdout: { write: (text) => (help += text) },
    stderr: { write: () => true },
    env: {},
  });
  expect(code).toBe(0);
  return help;
}

const LIVE_PIPELINES = [`${WORKFLOWS}live-github-actions.yml`, ".gitlab-ci.yml", "azure-pipelines.yml"];

describe("the repository's pipelines", () => {
  it("every file parses as YAML without a warning", () => {
    const workflows = readdirSync(`${ROOT}${WORKFLOWS}`).filter((name) => /\.ya?ml$/.test(name));
    expect(workflows).toEqual(expect.arrayContaining(["ci.yml", "publish.yml", "live-github-actions.yml"]));
    for (const name of workflows) {
      const workflow = load(`${WORKFLOWS}${name}`);
      expect(workflow.jobs, name).toBeTypeOf("object");
    }
    load(".gitlab-ci.yml");
    load("azure-pipelines.yml");
  });

  it("ci.yml runs build, typecheck, lint and the tests on Linux, Windows and macOS × Node 20, 22 and 24", () => {
    const ci = load(`${WORKFLOWS}ci.yml`);
    const matrix = at(ci, "jobs", "check", "strategy", "matrix");
    expect(at(matrix, "os")).toEqual(["ubuntu-latest", "windows-latest", "macos-latest"]);
    expect(at(matrix, "node")).toEqual([20, 22, 24]);
    expect(at(ci, "jobs", "check", "strategy", "fail-fast")).toBe(false);
    const runs = (at(ci, "jobs", "check", "steps") as { run?: string }[]).map((step) => step.run);
    for (const command of [
      "pnpm install --frozen-lockfile",
      "pnpm build",
      "pnpm typecheck",
      "pnpm lint",
      "pnpm test",
    ]) {
      expect(runs).toContain(command);
    }
  });

  it("publish.yml publishes with provenance through npm trusted publishing, with no stored npm token", () => {
    const text = readFileSync(`${ROOT}${WORKFLOWS}publish.yml`, "utf8");
    const publish = load(`${WORKFLOWS}publish.yml`);
    expect(at(publish, "permissions", "id-token")).toBe("write");
    const steps = at(publish, "jobs", "release", "steps") as Record<string, unknown>[];
    const changesets = steps.find((step) => String(step.uses).startsWith("changesets/action@"));
    expect(at(changesets, "env", "NPM_CONFIG_PROVENANCE")).toBe("true");
    expect(steps.map((step) => step.run)).toContain("pnpm release");
    expect(text).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN/);
    // `changeset publish` runs `pnpm publish`, which in pnpm 10 spawns `npm publish`: npm 11.5.1 or
    // later does the OIDC exchange. pnpm 11 no longer lets it through (pnpm/pnpm#11566).
    // @see https://docs.npmjs.com/trusted-publishers
    // @see https://github.com/pnpm/pnpm/issues/11566
    const pnpm = steps.find((step) => String(step.uses).startsWith("pnpm/action-setup@"));
    expect(at(pnpm, "with", "version")).toBe(10);
    expect(steps.map((step) => step.run)).toContain("npm install --global npm@11");
  });

  it("every published package asks for provenance and packs its LICENSE", () => {
    for (const folder of readdirSync(`${ROOT}packages`)) {
      const manifest = JSON.parse(readFileSync(`${ROOT}packages/${folder}/package.json`, "utf8"));
      if (manifest.private) continue;
      expect(manifest.publishConfig, manifest.name).toMatchObject({ access: "public", provenance: true });
      expect(manifest.files, manifest.name).toContain("LICENSE");
      expect(readFileSync(`${ROOT}packages/${folder}/LICENSE`, "utf8"), manifest.name).toMatch(/MIT License/);
    }
  });

  it("the live exchange on GitHub Actions is skipped unless the test tenant's variables are set", () => {
    const live = load(`${WORKFLOWS}live-github-actions.yml`);
    expect(at(live, "permissions", "id-token")).toBe("write");
    const condition = String(at(live, "jobs", "exchange", "if"));
    expect(condition).toContain("vars.AZFED_LIVE_TENANT_ID != ''");
    expect(condition).toContain("vars.AZFED_LIVE_CLIENT_ID != ''");
  });

  it("the live exchange on GitLab CI is added only with the test tenant's variables, with an id_token for Entra", () => {
    const gitlab = load(".gitlab-ci.yml");
    const rule = String(at(gitlab, "live-exchange", "rules", 0, "if"));
    expect(rule).toContain("$AZFED_LIVE_TENANT_ID && $AZFED_LIVE_CLIENT_ID");
    expect(at(gitlab, "live-exchange", "id_tokens", "AZURE_ID_TOKEN", "aud")).toBe(
      "api://AzureADTokenExchange",
    );
  });

  it("the live exchange on Azure Pipelines runs only when a service connection is named", () => {
    // Azure Pipelines' template expressions, as keys: `$` and `{{` are joined so no linter reads a placeholder.
    const ifNone = `$${"{{"} if eq(parameters.serviceConnection, '') }}`;
    const otherwise = `$${"{{"} else }}`;
    const pipelines = load("azure-pipelines.yml");
    expect(at(pipelines, "parameters", 0)).toMatchObject({ name: "serviceConnection", default: "" });
    const jobs = at(pipelines, "jobs") as Record<string, unknown>[];
    const skipped = jobs.find((entry) => ifNone in entry);
    expect(at(skipped, ifNone, 0, "job")).toBe("live_exchange_skipped");
    const live = jobs.find((entry) => otherwise in entry);
    expect(at(live, otherwise, 0, "job")).toBe("live_exchange");
  });

  it.each(LIVE_PIPELINES)("%s calls only azfed commands and flags that exist", async (path) => {
    const commands = azfedCommands(readFileSync(`${ROOT}${path}`, "utf8"));
    expect(commands.map(([command]) => command)).toEqual(["doctor", "token"]);
    for (const [command = "", ...flags] of commands) {
      const help = await flagsOf(command);
      for (const flag of flags.filter((word) => word.startsWith("--"))) {
        expect(help, `${path}: azfed ${command} ${flag}`).toContain(flag);
      }
    }
  });
});
