// `azfed fic`'s infrastructure output read by real parsers, for every CLI platform and target:
// Terraform by HashiCorp's own HCL parser (@cdktf/hcl2json, HCL v2 compiled to WebAssembly), the az
// commands by `sh -n`; Bicep, which no parser here reads, against what Microsoft Graph Bicep needs
// (an app addressed by its uniqueName, and how to give an app one).
import { execFileSync } from "node:child_process";
import { parse } from "@cdktf/hcl2json";
import { describe, expect, it } from "vitest";
import { CLI_PLATFORMS } from "../src/platforms/all-platforms";
import { runAzfed } from "./run-azfed";

const APP_ID = "3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b";
const GUID = "11111111-2222-4333-8444-555555555555";

/** The words of a shell command line (single and double quotes, no expansion). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? "",
  );
}

/** The subject flags of a platform's first `azfed fic` help example, each placeholder (`<…>`) a GUID. */
function subjectFlags(examples: readonly string[]): string[] {
  const words = shellWords(examples[0] ?? "").slice(3); // drop `azfed fic <platform>`
  const flags: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? "";
    if (["--format", "--app", "--identity", "--resource-group"].includes(word)) {
      index++; // and its value
    } else if (word !== "--flexible") {
      flags.push(word.replace(/<[^>]*>/g, GUID));
    }
  }
  return flags;
}

type Target = "app" | "identity" | "none";
const TARGET_FLAGS: Record<Target, string[]> = {
  app: ["--app", APP_ID],
  identity: ["--identity", "deployer", "--resource-group", "rg-app"],
  none: [],
};

const cases = CLI_PLATFORMS.flatMap((platform) =>
  (["app", "identity", "none"] as const)
    .filter((target) => !(target === "identity" && platform.appRegistrationOnly))
    .map((target) => ({ platform: platform.name, target, flags: subjectFlags(platform.credentialExamples) })),
);

async function fic(platform: string, flags: string[], target: Target, format: string): Promise<string> {
  const run = await runAzfed(["fic", platform, ...flags, ...TARGET_FLAGS[target], "--format", format]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return run.stdout;
}

describe("azfed fic --format terraform, read by HashiCorp's HCL parser", () => {
  it.each(cases)(
    "$platform, target $target: valid HCL with the resource, and azurerm's features block",
    async ({ platform, target, flags }) => {
      const hcl = await fic(platform, flags, target, "terraform");
      const parsed = (await parse("main.tf", hcl)) as {
        terraform?: unknown;
        provider?: Record<string, unknown[]>;
        resource?: Record<string, unknown>;
        data?: Record<string, unknown>;
      };
      expect(parsed.terraform).toBeDefined();
      const resourceTypes = Object.keys(parsed.resource ?? {});
      expect(resourceTypes).toHaveLength(1);
      if (resourceTypes[0] === "azurerm_federated_identity_credential") {
        expect(parsed.provider?.azurerm?.[0]).toMatchObject({ features: [{}] });
      }
      if (target === "app") {
        expect(parsed.data?.azuread_application).toMatchObject({ this: [{ client_id: APP_ID }] });
      }
    },
  );

  it("refuses what is not HCL, so the checks above can fail", async () => {
    await expect(parse("main.tf", 'resource "x" "y" {\n  a = \n}\n')).rejects.toThrow();
  });
});

describe("azfed fic --format az, read by sh -n", () => {
  it.each(cases.filter((entry) => entry.target !== "none"))(
    "$platform, target $target: a shell command sh parses",
    async ({ platform, target, flags }) => {
      const script = await fic(platform, flags, target, "az");
      expect(script).toMatch(/^az (ad app|identity) federated-credential create /m);
      expect(() =>
        execFileSync("sh", ["-n"], { input: script, stdio: ["pipe", "pipe", "pipe"] }),
      ).not.toThrow();
    },
  );

  it("sh -n refuses an unterminated quote, so the check above can fail", () => {
    expect(() => execFileSync("sh", ["-n"], { input: "az ad app show --id 'x\n", stdio: "pipe" })).toThrow();
  });
});

describe("azfed fic --format bicep for an app registration", () => {
  it("uses the --app id to read and set the app's uniqueName, and defaults the parameter to it", async () => {
    const bicep = await fic("github", ["--repository", "contoso/app", "--branch", "main"], "app", "bicep");
    expect(bicep).toContain(`//   az ad app show --id ${APP_ID} --query uniqueName --output tsv`);
    expect(bicep).toContain(`https://graph.microsoft.com/v1.0/applications(appId='${APP_ID}')`);
    expect(bicep).toContain(`param applicationUniqueName string = 'app-${APP_ID}'`);
    expect(bicep).toContain("resource application 'Microsoft.Graph/applications@v1.0' existing = {");
    const backfill = bicep.split("\n").find((line) => line.includes("az rest")) ?? "";
    expect(() =>
      execFileSync("sh", ["-n"], { input: backfill.replace(/^\/\/\s*/, ""), stdio: "pipe" }),
    ).not.toThrow();
  });

  it("without --app, leaves the uniqueName a parameter to fill in", async () => {
    const bicep = await fic(
      "managed-identity",
      ["--principal-id", GUID, "--tenant-id", GUID],
      "none",
      "bicep",
    );
    expect(bicep).toContain("param applicationUniqueName string\n");
    expect(bicep).toContain("az ad app show --id <app id>");
  });
});

describe("azfed fic managed-identity --help", () => {
  it("offers only --app as the target, and --identity still gets the clear refusal", async () => {
    const help = await runAzfed(["fic", "managed-identity", "--help"]);
    expect(help.stdout).toContain("--app <client-id>");
    expect(help.stdout).not.toContain("--identity");
    expect(help.stdout).not.toContain("--resource-group");
    const refused = await runAzfed([
      "fic",
      "managed-identity",
      "--principal-id",
      GUID,
      "--tenant-id",
      GUID,
      "--identity",
      "deployer",
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("goes on an app registration only");
  });

  it("other platforms still offer --identity and --resource-group", async () => {
    const help = await runAzfed(["fic", "github", "--help"]);
    expect(help.stdout).toContain("--identity <name>");
    expect(help.stdout).toContain("--resource-group <group>");
  });
});
