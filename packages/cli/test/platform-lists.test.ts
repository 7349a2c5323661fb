// Every list of platforms that a user reads (the READMEs, docs/README.md, docs/architecture.md, the
// CLI's help and its no-platform advice) names every platform azfed has a provider for, and no
// other. The truth is the providers @azfed/identity can select (detected or named-only); each must
// also be one of the CLI's platforms. A new platform fails here until every list names it.
import { readFileSync } from "node:fs";
import { DEFAULT_PROVIDER_NAMES, NAMED_ONLY_PROVIDER_NAMES } from "@azfed/identity";
import { describe, expect, it } from "vitest";
import { noPlatformAdvice } from "../src/doctor/no-platform-advice";
import { CLI_PLATFORMS } from "../src/platforms/all-platforms";
import { runAzfed } from "./run-azfed";

const repoFile = (path: string): string => readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8");

/** Where each provider is documented: its package folder and its guide under docs/guides/. */
const DOCUMENTED: Readonly<Record<string, { readonly packageFolder: string; readonly guide: string }>> = {
  "azure-pipelines": { packageFolder: "azure-pipelines", guide: "azure-pipelines.md" },
  "github-actions": { packageFolder: "github", guide: "github-actions.md" },
  gitlab: { packageFolder: "gitlab", guide: "gitlab-ci.md" },
  kubernetes: { packageFolder: "kubernetes", guide: "kubernetes.md" },
  gcp: { packageFolder: "gcp", guide: "google-cloud.md" },
  "managed-identity": { packageFolder: "managed-identity", guide: "azure-managed-identity.md" },
  aws: { packageFolder: "aws", guide: "aws.md" },
  terraform: { packageFolder: "terraform", guide: "hcp-terraform.md" },
  buildkite: { packageFolder: "buildkite", guide: "buildkite.md" },
  spiffe: { packageFolder: "spiffe", guide: "spiffe.md" },
  spacelift: { packageFolder: "oidc-token", guide: "spacelift.md" },
  jenkins: { packageFolder: "oidc-token", guide: "jenkins.md" },
};

/**
 * Providers of any issuer: no subject format of their own, so no CLI platform (their credential is the
 * token's iss, sub and aud, which `azfed doctor` prints); their guide is checked below.
 */
const GENERIC: Readonly<Record<string, { readonly packageFolder: string; readonly guide: string }>> = {
  "oidc-token": { packageFolder: "oidc-token", guide: "oidc-token.md" },
};

const providerNames: readonly string[] = [...DEFAULT_PROVIDER_NAMES, ...NAMED_ONLY_PROVIDER_NAMES].filter(
  (name) => !(name in GENERIC),
);

/** The CLI platform of each provider (its command name and human title). */
function cliPlatformOf(provider: string) {
  const platform = CLI_PLATFORMS.find((candidate) => candidate.provider === provider);
  if (!platform)
    throw new Error(`no CLI platform for the provider "${provider}": add one to all-platforms.ts`);
  return platform;
}

/** The paragraph of `text` that contains `marker` (up to the blank lines around it). */
function paragraphWith(text: string, marker: string): string {
  const paragraph = text.split(/\n\s*\n/).find((part) => part.includes(marker));
  if (paragraph === undefined) throw new Error(`no paragraph contains ${JSON.stringify(marker)}`);
  return paragraph;
}

describe("every list of platforms names every provider", () => {
  it("this file knows where each provider is documented, and the CLI has a platform for each", () => {
    expect(Object.keys(DOCUMENTED).sort()).toEqual([...providerNames].sort());
    expect(CLI_PLATFORMS.map((platform) => platform.provider).sort()).toEqual([...providerNames].sort());
  });

  it.each(providerNames)(
    "README.md names %s in its platform line, package table and demo line",
    (provider) => {
      const readme = repoFile("README.md");
      const { title } = cliPlatformOf(provider);
      const { packageFolder } = DOCUMENTED[provider] ?? { packageFolder: "" };
      expect(paragraphWith(readme, "Platforms:")).toContain(`**${title}**`);
      expect(readme).toContain(`(packages/${packageFolder})`);
      if (provider !== "github-actions") {
        // The demo runs GitHub Actions by default; the others are named with --platform.
        expect(paragraphWith(readme, "demo --platform")).toContain(`\`${provider}\``);
      }
    },
  );

  it.each(providerNames)("docs/README.md has a guide row and a demo name for %s", (provider) => {
    const docs = repoFile("docs/README.md");
    const { packageFolder, guide } = DOCUMENTED[provider] ?? { packageFolder: "", guide: "" };
    const row = docs.split("\n").find((line) => line.includes(`(guides/${guide})`));
    expect(row, `a guide row linking guides/${guide}`).toBeDefined();
    expect(row).toContain(`\`@azfed/${packageFolder}\``);
    expect(repoFile(`docs/guides/${guide}`).length).toBeGreaterThan(0);
    const demoNames = /demo --platform <([^>]+)>/.exec(docs)?.[1]?.split("|") ?? [];
    expect(demoNames).toContain(provider);
  });

  it.each(providerNames)("docs/architecture.md and the identity and CLI READMEs name %s", (provider) => {
    const { name, title } = cliPlatformOf(provider);
    const { packageFolder } = DOCUMENTED[provider] ?? { packageFolder: "" };
    expect(repoFile("docs/architecture.md")).toContain(packageFolder);
    expect(
      paragraphWith(repoFile("packages/identity/README.md"), "DefaultFederatedCredential` is a"),
    ).toContain(title);
    expect(paragraphWith(repoFile("packages/cli/README.md"), "Platforms are")).toContain(`\`${name}\``);
  });

  it.each(Object.entries(GENERIC))(
    "docs/README.md has a guide row for the generic %s",
    (_, { packageFolder, guide }) => {
      const row = repoFile("docs/README.md")
        .split("\n")
        .find((line) => line.includes(`(guides/${guide})`));
      expect(row).toContain(`\`@azfed/${packageFolder}\``);
    },
  );

  it("the no-platform advice, and the CLI README's copy of it, offer every provider for AZFED_PROVIDER", () => {
    const advice = noPlatformAdvice("azfed doctor").join("\n");
    for (const provider of [...providerNames, ...Object.keys(GENERIC)])
      expect(advice).toMatch(new RegExp(`one of: [^\\n]*\\b${provider}\\b`));
    const adviceLine = advice.split("\n").find((line) => line.includes("AZFED_PROVIDER")) ?? "";
    expect(repoFile("packages/cli/README.md")).toContain(adviceLine);
  });

  it("`azfed subject --help` lists every CLI platform", async () => {
    const run = await runAzfed(["subject", "--help"]);
    for (const provider of providerNames) expect(run.stdout).toContain(cliPlatformOf(provider).name);
  });
});
